"""Equal access: for each commune of the served territory, how far the nearest SPRO places are
(computed by `manage.py compute_coverage`, refreshed when places change)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .network import Site
from .territories import Commune


class CommuneCoverage(models.Model):
    """The nearest first-reception place (Cité des métiers, associated centre, relay point) and the
    nearest place of a CEP operator, with their great-circle distances, from a commune's centre."""

    commune = models.OneToOneField(
        Commune,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="coverage",
        verbose_name=_("commune"),
    )
    reception_site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("premier accueil le plus proche"),
    )
    reception_km = models.FloatField(_("distance au premier accueil (km)"), null=True, blank=True)
    cep_site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu CEP le plus proche"),
    )
    cep_km = models.FloatField(_("distance au CEP (km)"), null=True, blank=True)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("accès d'une commune")
        verbose_name_plural = _("accès des communes")
        ordering = ["commune"]

    def __str__(self):
        return str(self.commune)
