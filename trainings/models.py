"""Training offers, as the Carif-Oref publishes them in LHÉO flows: the offer (`formation`), its actions
(one place and organisation of the training each) and their sessions (dates). Imported by
`import_lheo` (trainings.services); read-only in the admin.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from structures.geo import GeoQuerySet, location_expression
from structures.models import Commune, EmploymentZone

from .enums import ExitLevel, TeachingMode


class TrainingOffer(models.Model):
    """An offer of training (LHÉO `formation`), identified by its number in the flow."""

    number = models.CharField(_("numéro de l'offre"), max_length=100, unique=True)
    title = models.CharField(_("intitulé"), max_length=500)
    objective = models.TextField(_("objectif"), blank=True)
    expected_results = models.TextField(_("résultats attendus"), blank=True)
    content = models.TextField(_("contenu"), blank=True)
    certifying = models.BooleanField(_("certifiante"), default=False)
    exit_level = models.PositiveSmallIntegerField(
        _("niveau de sortie"), choices=ExitLevel.choices, null=True, blank=True
    )
    rome_codes = ArrayField(models.CharField(max_length=5), verbose_name=_("codes ROME"), default=list)
    # First letters of the ROME codes: the professional domains (structures.Sector.rome_letter).
    rome_domains = ArrayField(models.CharField(max_length=1), default=list, editable=False)
    formacode_codes = ArrayField(
        models.CharField(max_length=5), verbose_name=_("codes Formacode"), default=list
    )
    nsf_codes = ArrayField(models.CharField(max_length=3), verbose_name=_("codes NSF"), default=list)
    rncp_code = models.CharField(_("code RNCP"), max_length=10, blank=True)
    certifinfo_code = models.CharField(_("code CertifInfo"), max_length=10, blank=True)
    url = models.URLField(_("page de la formation"), max_length=500, blank=True)

    # The responsible organisation (LHÉO `organisme-formation-responsable`).
    organisation_name = models.CharField(_("organisme responsable"), max_length=250)
    organisation_siret = models.CharField(_("SIRET de l'organisme"), max_length=14, blank=True)
    organisation_phone = models.CharField(_("téléphone de l'organisme"), max_length=40, blank=True)
    organisation_email = models.EmailField(_("courriel de l'organisme"), max_length=254, blank=True)
    organisation_url = models.URLField(_("site de l'organisme"), max_length=500, blank=True)

    # Where the offer comes from.
    source = models.CharField(_("flux d'origine"), max_length=250)
    lheo_version = models.CharField(_("version LHÉO"), max_length=5)
    imported_at = models.DateTimeField(_("importée le"))

    # Search index (accent-folded title, objective, organisation), written by the import.
    search_text = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="french"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("offre de formation")
        verbose_name_plural = _("offres de formation")
        ordering = ["title", "number"]
        indexes = [
            GinIndex(fields=["search_vector"], name="training_search_idx"),
            GinIndex(fields=["rome_codes"], name="training_rome_idx"),
            GinIndex(fields=["rome_domains"], name="training_domains_idx"),
            models.Index(fields=["imported_at"], name="training_imported_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:offer_detail", args=[self.pk])


class TrainingAction(models.Model):
    """One delivery of an offer (LHÉO `action`): where, how, by whom it can be funded."""

    offer = models.ForeignKey(
        TrainingOffer, on_delete=models.CASCADE, related_name="actions", verbose_name=_("offre")
    )
    number = models.CharField(_("numéro de l'action"), max_length=100, blank=True)
    place_name = models.CharField(_("lieu de formation"), max_length=250, blank=True)
    address = models.CharField(_("adresse"), max_length=500, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_actions",
        verbose_name=_("commune"),
    )
    employment_zone = models.ForeignKey(
        EmploymentZone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_actions",
        verbose_name=_("zone d'emploi"),
    )
    department_code = models.CharField(_("département"), max_length=3, blank=True)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    rhythm = models.CharField(_("rythme"), max_length=500, blank=True)
    teaching_mode = models.PositiveSmallIntegerField(
        _("modalité d'enseignement"), choices=TeachingMode.choices, null=True, blank=True
    )
    funding_possible = models.BooleanField(_("prise en charge des frais possible"), default=False)
    duration = models.CharField(_("durée indicative"), max_length=250, blank=True)
    url = models.URLField(_("page de l'action"), max_length=500, blank=True)
    # Read from the sessions (trainings.dates) so that searches neither join nor sort through them:
    # the first start on or after the day they were computed (a search recomputes it once that day has
    # passed it), the last start, and whether one may enter at any time (a session without start).
    upcoming_start = models.DateField(_("prochaine session (calculée)"), null=True, editable=False)
    last_start = models.DateField(_("dernière session (calculée)"), null=True, editable=False)
    permanent_entry = models.BooleanField(_("entrée permanente"), default=False, editable=False)

    objects = GeoQuerySet.as_manager()

    class Meta:
        verbose_name = _("action de formation")
        verbose_name_plural = _("actions de formation")
        ordering = ["offer", "pk"]
        indexes = [
            GistIndex(location_expression(), name="training_action_location_idx"),
            models.Index(fields=["department_code"], name="training_action_dept_idx"),
            models.Index(fields=["last_start"], name="training_action_last_start_idx"),
        ]

    def __str__(self):
        return f"{self.offer} — {self.city or self.place_name}"


class TrainingSession(models.Model):
    """A session of an action (LHÉO `session`): its period and where to register."""

    action = models.ForeignKey(
        TrainingAction, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("action")
    )
    number = models.CharField(_("numéro de la session"), max_length=100, blank=True)
    start = models.DateField(_("début"), null=True, blank=True)  # null: permanent entry (LHÉO 00000000)
    end = models.DateField(_("fin"), null=True, blank=True)  # null: open-ended (LHÉO 99999999)
    registration_address = models.TextField(_("adresse d'inscription"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["action", "start"], name="training_session_start_idx")]

    def __str__(self):
        return f"{self.action} ({self.start or '—'})"
