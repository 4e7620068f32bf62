"""Territories: régions, départements, INSEE employment zones (2020) and communes."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DepartmentQuerySet(models.QuerySet):
    def served(self):
        """The départements the portal serves (PORTAL_DEPARTMENTS)."""
        return self.filter(code__in=settings.PORTAL_DEPARTMENTS)


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class EmploymentZoneQuerySet(models.QuerySet):
    def served(self):
        return self.filter(departments__code__in=settings.PORTAL_DEPARTMENTS).distinct()


class EmploymentZone(models.Model):
    """INSEE *zone d'emploi* 2020; may span several départements and régions."""

    code = models.CharField(_("code INSEE"), max_length=4, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    departments = models.ManyToManyField(
        Department, related_name="employment_zones", verbose_name=_("départements")
    )

    objects = EmploymentZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("zone d'emploi")
        verbose_name_plural = _("zones d'emploi")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def served(self):
        return self.filter(department_id__in=settings.PORTAL_DEPARTMENTS)


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    # Folded name (no accents, lower case, "saint" spelled out): see structures.text.fold.
    search_name = models.CharField(max_length=100, editable=False)
    postcodes = ArrayField(models.CharField(max_length=5), verbose_name=_("codes postaux"), default=list)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    employment_zone = models.ForeignKey(
        EmploymentZone,
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
        verbose_name=_("zone d'emploi"),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["search_name"], name="commune_search_name_idx", opclasses=["text_pattern_ops"]
            ),
            GinIndex(fields=["postcodes"], name="commune_postcodes_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def key(self) -> str:
        """Unambiguous, readable reference used in query strings: "toulouse-31555"."""
        return f"{slugify(self.name)}-{self.code}"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
