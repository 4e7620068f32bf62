"""Labelling under article L.6111-5: the criteria of the cahier des charges and the labels granted."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from structures.models import Member


class CriterionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True).order_by("position", "pk")


class Criterion(models.Model):
    """A commitment of the cahier des charges that an applicant answers and Region staff assess."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"))
    evidence = models.TextField(_("justificatifs attendus"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("en vigueur"), default=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("critère du cahier des charges")
        verbose_name_plural = _("critères du cahier des charges")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class LabelQuerySet(models.QuerySet):
    def valid(self, on: date | None = None):
        """The labels in force on a day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class Label(models.Model):
    """The label granted to a member for a period (3 years by default)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="labels", verbose_name=_("structure")
    )
    valid_from = models.DateField(_("valable à partir du"))
    valid_until = models.DateField(_("valable jusqu'au"))
    note = models.CharField(_("décision"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["member__name", "-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")), name="label_period"
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.valid_until:%d/%m/%Y}"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("La fin de validité doit suivre son début.")})
