"""Editable taxonomies (publics, schemes, projects, sectors) and ROME jobs.

Region staff edit them in the admin; the seed values live in data migrations because the
portal's query strings and imports use their slugs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaxonomyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class TaxonomyTerm(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    active = models.BooleanField(_("actif"), default=True)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class Audience(TaxonomyTerm):
    """A public (data·inclusion v1 slugs where they exist)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Scheme(TaxonomyTerm):
    """A *dispositif*: CEP, VAE, bilan de compétences…"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")


class Project(TaxonomyTerm):
    """What the person wants to do: choose a job, train, change jobs…"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("projet")
        verbose_name_plural = _("projets")


class Sector(TaxonomyTerm):
    """A ROME professional domain; its slug is the domain letter in lower case (a … n)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("secteur professionnel")
        verbose_name_plural = _("secteurs professionnels")

    @property
    def rome_letter(self) -> str:
        return self.slug.upper()


class Job(models.Model):
    """A ROME job (code and title), in its professional domain."""

    code = models.CharField(_("code ROME"), max_length=5, primary_key=True)
    label = models.CharField(_("libellé"), max_length=200)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("secteur")
    )
    # Folded label (structures.text.fold) that /metiers/ searches; written by load_reference_data.
    search_label = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("métier (ROME)")
        verbose_name_plural = _("métiers (ROME)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"
