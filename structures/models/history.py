"""What changed on a place, who changed it and when (the reserved space's editor writes it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .network import Site


class SiteChange(models.Model):
    """One saved edit of a place: the fields it changed, each with its value before and after."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="changes", verbose_name=_("lieu"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )
    changed_at = models.DateTimeField(_("modifié le"), auto_now_add=True)
    changes = models.JSONField(_("modifications"), help_text=_("Champ → [avant, après]."))

    class Meta:
        verbose_name = _("modification d'un lieu")
        verbose_name_plural = _("modifications des lieux")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["site", "-changed_at"], name="site_change_idx")]

    def __str__(self):
        return f"{self.site} — {self.changed_at:%Y-%m-%d %H:%M}"
