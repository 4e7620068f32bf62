"""The agenda of collective events and the regional programme (priority sectors per zone)."""

from datetime import timedelta

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Floor
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from structures.compiled import sql_constant
from structures.geo import GeoQuerySet, location_expression
from structures.models import Audience, Commune, EmploymentZone, Job, Member, Project, Scheme, Sector, Site
from structures.urlcache import reverse_slug

from ..enums import (
    CHARTER_COMMITMENTS,
    PUBLIC_STATUSES,
    AttendanceMode,
    AudienceScope,
    EventStatus,
    EventType,
)

# The agenda can then find the events still running on a day from their start date (indexed).
MAX_DURATION = timedelta(days=31)
LONG_EVENT = timedelta(days=1)
CELLS_PER_DEGREE = 4


# What the agenda's running-events queries check and sort on, carried by their covering indexes.
_RUNNING_COLUMNS = ["title", "id", "free", "meets_charter", "type", "attendance_mode", "audience_ids"]


class EventQuerySet(GeoQuerySet):
    def public(self):
        """Events everyone may see: published, full or cancelled, not reserved to professionals.

        The values are written into the SQL, not passed as parameters: the partial indexes carry this
        condition, and PostgreSQL can only tell that a query's condition implies theirs from constants
        (a prepared query's generic plan, made for any parameter values, would read the whole table)."""
        return self.filter(
            status__in=[sql_constant(status) for status in PUBLIC_STATUSES],
            scope=sql_constant(AudienceScope.EVERYONE),
        )

    def upcoming(self, now):
        """Events that begin from now on."""
        return self.filter(start__gte=now)


class EventFacts:
    """What an event's status, format, place and slug say, for the model and for the plain rows that list
    pages read (events.selectors.ListEvent)."""

    __slots__ = ()

    def get_absolute_url(self):
        return reverse_slug("events:event_detail", self.slug)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_full(self) -> bool:
        return self.status == EventStatus.FULL

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.ON_SITE

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Event(EventFacts, models.Model):
    identifier = models.SlugField(
        _("identifiant"), max_length=80, unique=True, help_text=_("Clé stable utilisée par les imports.")
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    type = models.CharField(_("type d'événement"), max_length=30, choices=EventType.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))

    venue = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("lieu du réseau"),
        help_text=_("Le lieu du réseau qui accueille l'événement ; sinon, indiquez l'adresse."),
    )
    venue_name = models.CharField(_("nom du lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("commune"),
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    employment_zone = models.ForeignKey(
        EmploymentZone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("zone d'emploi"),
        editable=False,
    )
    attendance_mode = models.CharField(
        _("format"), max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.ON_SITE
    )
    online_url = models.URLField(_("lien pour participer en ligne"), blank=True)

    organiser = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="organised_events", verbose_name=_("organisateur")
    )
    co_organisers = models.ManyToManyField(
        Member, blank=True, related_name="co_organised_events", verbose_name=_("co-organisateurs")
    )
    audiences = models.ManyToManyField(Audience, blank=True, verbose_name=_("publics"))
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("secteurs"))
    jobs = models.ManyToManyField(Job, blank=True, verbose_name=_("métiers (ROME)"))
    projects = models.ManyToManyField(Project, blank=True, verbose_name=_("projets"))
    schemes = models.ManyToManyField(Scheme, blank=True, verbose_name=_("dispositifs"))

    registration_required = models.BooleanField(_("inscription obligatoire"), default=False)
    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    free = models.BooleanField(_("gratuit"), default=True)

    charter_free = models.BooleanField(_("gratuit pour le public"), default=False)
    charter_accessible = models.BooleanField(_("accessible à tous les publics"), default=False)
    charter_branches = models.BooleanField(_("branches professionnelles associées"), default=False)
    charter_companies = models.BooleanField(_("entreprises présentes"), default=False)
    charter_demonstrations = models.BooleanField(_("démonstrations de métiers"), default=False)
    meets_charter = models.GeneratedField(
        expression=Q(charter_free=True)
        & Q(charter_accessible=True)
        & Q(charter_branches=True)
        & Q(charter_companies=True)
        & Q(charter_demonstrations=True),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    # A grid cell of CELL_DEGREES (about 28 × 20 km): with the start date, an index that finds the next
    # events of an area without reading every event of the area (events.selectors.cells).
    cell = models.GeneratedField(
        expression=Floor(F("latitude") * CELLS_PER_DEGREE) * 100_000
        + Floor(F("longitude") * CELLS_PER_DEGREE),
        output_field=models.IntegerField(null=True),
        db_persist=True,
    )
    # More than a day (salons, thematic weeks): the events an agenda day may find already running.
    is_long = models.GeneratedField(
        expression=GreaterThan(F("end") - F("start"), models.Value(LONG_EVENT)),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    scope = models.CharField(
        _("public visé"), max_length=20, choices=AudienceScope.choices, default=AudienceScope.EVERYONE
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    # Search index, rebuilt by events.services.event_index_refresh.
    search_text = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="french"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    audience_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    sector_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    project_ids = ArrayField(models.IntegerField(), default=list, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(end__lte=models.F("start") + MAX_DURATION), name="event_lasts_at_most_31_days"
            ),
        ]
        indexes = [
            models.Index(fields=["start"], name="event_start_idx"),
            models.Index(fields=["start"], name="event_long_start_idx", condition=Q(is_long=True)),
            models.Index(fields=["employment_zone", "start"], name="event_zone_start_idx"),
            # A dense area's agenda, cell by cell (events.selectors.cells), read in the index alone for the
            # common criteria (dates, distance, free, charter, type, format, public).
            models.Index(
                fields=["cell", "start"],
                include=[
                    "title",
                    "id",
                    "latitude",
                    "longitude",
                    "free",
                    "meets_charter",
                    "type",
                    "attendance_mode",
                    "audience_ids",
                ],
                name="event_cell_start_idx",
                condition=Q(status__in=PUBLIC_STATUSES, scope=AudienceScope.EVERYONE),
            ),
            # The public agenda of a zone read in the index alone (index-only scan: no table row), which
            # skips the events of other publics there: about 1,600 entries for 200 matches at national
            # scale. Partial: public events only, as `EventQuerySet.public` selects them.
            models.Index(
                fields=["employment_zone", "start"],
                include=["title", "id", "audience_ids"],
                name="event_public_zone_start_idx",
                condition=Q(status__in=PUBLIC_STATUSES, scope=AudienceScope.EVERYONE),
            ),
            # The public events of more than a day already running, in a zone or near a point (a latitude
            # band, then the start range), read in the index alone for the common criteria.
            models.Index(
                fields=["employment_zone", "start"],
                include=["end", *_RUNNING_COLUMNS],
                name="event_long_zone_idx",
                condition=Q(is_long=True, status__in=PUBLIC_STATUSES, scope=AudienceScope.EVERYONE),
            ),
            models.Index(
                fields=["latitude", "start"],
                include=["longitude", "end", *_RUNNING_COLUMNS],
                name="event_long_latitude_idx",
                condition=Q(is_long=True, status__in=PUBLIC_STATUSES, scope=AudienceScope.EVERYONE),
            ),
            models.Index(fields=["end"], name="event_end_idx"),
            # Planar point for bounding boxes and nearest-first ordering (structures.geo).
            GistIndex(location_expression(), name="event_location_idx"),
            GinIndex(fields=["search_vector"], name="event_search_idx"),
            GinIndex(fields=["audience_ids"], name="event_audiences_idx"),
            GinIndex(fields=["sector_ids"], name="event_sectors_idx"),
            GinIndex(fields=["project_ids"], name="event_projects_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived columns only: the place comes from the venue site when there is one.
        if self.venue_id:
            venue = self.venue
            self.commune_id = venue.commune_id
            self.latitude, self.longitude = venue.latitude, venue.longitude
            self.address, self.postcode = venue.address, venue.postcode
        if self.commune_id:
            self.employment_zone_id = (
                Commune.objects.filter(pk=self.commune_id)
                .values_list("employment_zone_id", flat=True)
                .first()
            )
        else:
            self.employment_zone_id = None
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("La fin doit suivre le début.")
        elif self.start and self.end and self.end - self.start > MAX_DURATION:
            errors["end"] = _(
                "Un événement dure au plus 31 jours : créez-en plusieurs pour une période plus longue."
            )
        if self.attendance_mode != AttendanceMode.ONLINE and not self.venue_id and not self.commune_id:
            errors["commune"] = _("Indiquez un lieu du réseau ou la commune de l'événement.")
        if self.attendance_mode != AttendanceMode.ON_SITE and not self.online_url:
            errors["online_url"] = _("Indiquez le lien pour participer à distance.")
        if self.registration_required and not self.registration_url:
            errors["registration_url"] = _("Indiquez où s'inscrire, ou décochez « inscription obligatoire ».")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
        if errors:
            raise ValidationError(errors)

    @property
    def organiser_name(self) -> str:
        return self.organiser.name

    @property
    def charter_commitments(self) -> list[tuple[str, bool]]:
        return [(label, getattr(self, name)) for name, label in CHARTER_COMMITMENTS]

    @property
    def place_label(self) -> str:
        return place_label(
            site=self.venue.name if self.venue_id else None,
            commune=self.commune.name if self.commune_id else None,
            venue_name=self.venue_name,
            address=self.address,
            postcode=self.postcode,
        )


def place_label(
    *, site: str | None, commune: str | None, venue_name: str, address: str, postcode: str
) -> str:
    """Where an event takes place, in one line: its venue (`site`, a place of the directory) and commune,
    else the venue name, address, postcode and commune it was given."""
    if site is not None:
        # The event's commune is its venue's (kept by save): one join less on every list.
        return f"{site}, {commune}" if commune else site
    parts = [venue_name, address, f"{postcode} {commune}" if commune else ""]
    return ", ".join(part.strip() for part in parts if part and part.strip())


class PrioritySector(models.Model):
    """A sector the SPRO prioritises in an employment zone for a year (the regional programme)."""

    employment_zone = models.ForeignKey(
        EmploymentZone,
        on_delete=models.CASCADE,
        related_name="priority_sectors",
        verbose_name=_("zone d'emploi"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="priorities", verbose_name=_("secteur")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    rationale = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("secteur prioritaire")
        verbose_name_plural = _("secteurs prioritaires")
        ordering = ["year", "employment_zone__name", "sector__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment_zone", "sector", "year"], name="unique_priority_sector"
            )
        ]

    def __str__(self):
        return f"{self.sector} — {self.employment_zone} ({self.year})"
