"""The professionals of the members, with their accounts in the reserved space, and their invitations."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ProfessionalRole
from .network import Member, Site

INVITATION_VALIDITY = timedelta(days=7)


class Professional(models.Model):
    """A person working for a member, who logs in to the reserved space with their e-mail address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="professional",
        verbose_name=_("compte"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="professionals", verbose_name=_("membre")
    )
    role = models.CharField(
        _("rôle"), max_length=20, choices=ProfessionalRole.choices, default=ProfessionalRole.ADVISER
    )
    sites = models.ManyToManyField(
        Site,
        blank=True,
        related_name="professionals",
        verbose_name=_("lieux"),
        help_text=_("Limite le professionnel à ces lieux de son membre ; aucun : tous les lieux du membre."),
    )
    job_title = models.CharField(_("fonction"), max_length=120, blank=True)
    phone = models.CharField(_("téléphone professionnel"), max_length=30, blank=True)
    share_email = models.BooleanField(_("adresse e-mail visible dans l'annuaire"), default=True)
    share_phone = models.BooleanField(_("téléphone visible dans l'annuaire"), default=False)
    # Set when the account is deactivated, cleared when it is reactivated (structures.apps); the account is
    # deleted a year later by `purge_personal_data` (structures.retention.ACCOUNT_RETENTION).
    deactivated_at = models.DateTimeField(_("compte désactivé le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("professionnel")
        verbose_name_plural = _("professionnels")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.email} ({self.member})"

    @property
    def is_referent(self) -> bool:
        return self.role == ProfessionalRole.REFERENT


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join a member's team: a one-time link, valid INVITATION_VALIDITY, that lets the
    person choose their password. Only a digest of the link's secret is stored."""

    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("membre")
    )
    role = models.CharField(
        _("rôle"), max_length=20, choices=ProfessionalRole.choices, default=ProfessionalRole.ADVISER
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité par"),
        editable=False,
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), editable=False)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), name="invitation_email_idx")]

    def __str__(self):
        return f"{self.email} → {self.member}"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
