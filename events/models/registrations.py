"""Registrations of professionals to the professionalisation sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import RegistrationStatus
from .agenda import Event


class Registration(models.Model):
    """A professional's registration to a professionalisation session (an event for professionals):
    confirmed within the event's capacity, else on the waiting list, in order of registration."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    professional = models.ForeignKey(
        "structures.Professional",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("professionnel"),
    )
    status = models.CharField(_("statut"), max_length=10, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("inscrit le"))
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["event", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "professional"], name="registration_unique"),
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"], name="registration_queue_idx")]

    def __str__(self):
        return f"{self.professional} — {self.event} ({self.get_status_display()})"
