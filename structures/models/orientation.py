"""Who to turn to: the rules of the orientation wizard (`/orientation/`), editable by Region staff."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import MemberCategory, Situation
from .taxonomies import Project


class OrientationRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class OrientationRule(models.Model):
    """For a situation (and, optionally, a project), the members to turn to: a category of members or a
    national network, with the reason given to the person in one plain sentence."""

    situation = models.CharField(_("situation"), max_length=30, choices=Situation.choices, db_index=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="orientation_rules",
        verbose_name=_("projet"),
        help_text=_("Vide : quel que soit le projet."),
    )
    target_category = models.CharField(
        _("catégorie de membres visée"), max_length=30, choices=MemberCategory.choices, blank=True
    )
    target_network = models.SlugField(
        _("réseau visé"),
        max_length=80,
        blank=True,
        help_text=_("Le « réseau national » des membres visés (france-travail, mission-locale…)."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priorité"), default=10, help_text=_("Les règles de plus petite valeur sont montrées d'abord.")
    )
    explanation = models.CharField(
        _("explication"),
        max_length=300,
        help_text=_("Une phrase simple, montrée à la personne : pourquoi s'adresser à ce membre."),
    )
    active = models.BooleanField(_("en vigueur"), default=True)

    objects = OrientationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("règle d'orientation")
        verbose_name_plural = _("règles d'orientation")
        ordering = ["situation", "priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target_category="") | ~models.Q(target_network=""),
                name="orientation_rule_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_situation_display()} → {self.target_network or self.get_target_category_display()}"

    def clean(self):
        if not self.target_category and not self.target_network:
            raise ValidationError(_("Indiquez une catégorie de membres ou un réseau visé."))
