"""Labelling under article L.6111-5: the criteria of the cahier des charges, the applications and their
review, and the labels granted."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import private_storage
from governance.uploads import stored_name
from structures import hours
from structures.enums import AccessibilityFeature, ServiceLevel
from structures.models import Audience, Commune, Member, Site

from .enums import (
    FINAL,
    ApplicationStatus,
    Assessment,
    AttachmentKind,
    LegalForm,
    Opinion,
    WantedKind,
)


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
    # Written by `labels_expiring`, so that each reminder goes once and expiry is handled once.
    reminded_90_on = models.DateField(_("rappel à 90 jours envoyé le"), null=True, blank=True, editable=False)
    reminded_30_on = models.DateField(_("rappel à 30 jours envoyé le"), null=True, blank=True, editable=False)
    expired_on = models.DateField(_("échéance traitée le"), null=True, blank=True, editable=False)

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


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=FINAL)


class LabellingApplication(models.Model):
    """An organisation's application for the label, from its draft to the Region's decision."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="labelling_applications",
        verbose_name=_("compte du candidat"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="labelling_applications",
        verbose_name=_("membre"),
        help_text=_("La structure déjà membre (renouvellement), ou celle créée à l'approbation."),
    )
    renewal_of = models.ForeignKey(
        Label,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renouvellement du label"),
    )
    status = models.CharField(
        _("état"), max_length=30, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("dernier changement d'état"), default=timezone.now)

    # The organisation
    name = models.CharField(_("nom de la structure"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    legal_form = models.CharField(_("forme juridique"), max_length=30, choices=LegalForm.choices, blank=True)
    address = models.CharField(_("adresse du siège"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    website = models.URLField(_("site web"), blank=True)
    presentation = models.TextField(_("activité et publics accueillis"), blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)

    # The review
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instructeur"),
    )
    opinion = models.CharField(
        _("avis du bureau du CREFOP"), max_length=20, choices=Opinion.choices, blank=True
    )
    opinion_date = models.DateField(_("date de l'avis"), null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    label = models.OneToOneField(
        Label,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("label accordé"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature à la labellisation")
        verbose_name_plural = _("candidatures à la labellisation")
        ordering = ["-status_changed_at", "-pk"]
        constraints = [
            # One application in progress per account: the applicant's pages find it without an id.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=~models.Q(status__in=sorted(status.value for status in FINAL)),
                name="one_open_application_per_applicant",
            ),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="application_queue_idx")]

    def __str__(self):
        return self.name or _("Candidature n° %(number)s") % {"number": self.pk}

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def status_label(self) -> str:
        return ApplicationStatus(self.status).label


class ProposedSite(models.Model):
    """A place the applicant proposes to open as a relay point or an associated centre."""

    application = models.ForeignKey(
        LabellingApplication, on_delete=models.CASCADE, related_name="sites", verbose_name=_("candidature")
    )
    name = models.CharField(_("nom du lieu"), max_length=200)
    wanted_kind = models.CharField(
        _("type de lieu demandé"), max_length=20, choices=WantedKind.choices, default=WantedKind.RELAY_POINT
    )
    address = models.CharField(_("adresse"), max_length=250)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"),
        max_length=500,
        blank=True,
        help_text=_("Par exemple : Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off"),
    )
    hours_note = models.CharField(_("précisions sur les horaires"), max_length=300, blank=True)
    levels = ArrayField(
        models.CharField(max_length=30, choices=ServiceLevel.choices),
        verbose_name=_("services proposés"),
        default=list,
        blank=True,
    )
    audiences = models.ManyToManyField(Audience, blank=True, related_name="+", verbose_name=_("publics"))
    accessibility = ArrayField(
        models.CharField(max_length=30, choices=AccessibilityFeature.choices),
        verbose_name=_("accessibilité"),
        default=list,
        blank=True,
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu publié"),
        help_text=_("Le lieu du réseau créé à l'approbation (ou repris d'un label précédent)."),
    )

    class Meta:
        verbose_name = _("lieu proposé")
        verbose_name_plural = _("lieux proposés")
        ordering = ["application", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if message := hours.validation_error(self.opening_hours):
            raise ValidationError({"opening_hours": message})


class CriterionAnswer(models.Model):
    """The applicant's answer to one criterion, and the instructor's assessment of it."""

    application = models.ForeignKey(
        LabellingApplication, on_delete=models.CASCADE, related_name="answers", verbose_name=_("candidature")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("critère")
    )
    commitment = models.BooleanField(_("la structure s'engage à respecter ce critère"), default=False)
    explanation = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(_("justificatifs"), blank=True)
    assessment = models.CharField(_("appréciation"), max_length=20, choices=Assessment.choices, blank=True)
    assessment_note = models.CharField(_("remarque de l'instructeur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("réponse à un critère")
        verbose_name_plural = _("réponses aux critères")
        ordering = ["application", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_answer_per_criterion")
        ]

    def __str__(self):
        return f"{self.application} — {self.criterion}"


class Attachment(models.Model):
    """A document of an application (statutes, activity report, evidence), stored under a random name
    outside any public path."""

    application = models.ForeignKey(
        LabellingApplication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("candidature"),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=AttachmentKind.choices)
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("critère justifié"),
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=150)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def kind_label(self) -> str:
        return AttachmentKind(self.kind).label


class StatusChange(models.Model):
    """One line of an application's history: who moved it from which state to which, when, and why.
    Written only by labelling.services; never edited."""

    application = models.ForeignKey(
        LabellingApplication, on_delete=models.CASCADE, related_name="history", verbose_name=_("candidature")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    from_status = models.CharField(
        _("de l'état"), max_length=30, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("vers l'état"), max_length=30, choices=ApplicationStatus.choices)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("étape d'une candidature")
        verbose_name_plural = _("historique des candidatures")
        ordering = ["application", "at", "pk"]

    def __str__(self):
        return f"{self.application} : {self.from_status or '—'} → {self.to_status}"
