"""Open data of the agenda (`/donnees/evenements.csv`): the public events (published, full or cancelled, not
reserved to professionals) that end today or later, as CSV, streamed in batches in chronological order
(see structures.opendata for the batches and the CSV format)."""

from collections.abc import Iterator

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import OuterRef, QuerySet
from django.utils import timezone, translation

from structures.enums import label_of
from structures.models import Audience, Member, Project, Scheme, Sector
from structures.opendata import BATCH, csv_chunks, joined, keyset_batches, update_date, yes_no
from structures.urlcache import slug_url

from .enums import AttendanceMode, EventStatus, EventType
from .models import MAX_DURATION, Event
from .selectors import TZ, local_midnight

COUNT_KEY = "events:opendata:count"
COUNT_SECONDS = 600


def _terms(model, field: str = "slug") -> ArraySubquery:
    return ArraySubquery(model.objects.filter(event=OuterRef("pk")).order_by("position").values(field))


def open_events(now=None) -> QuerySet:
    """Public events that end today (Paris time) or later. They began at most MAX_DURATION before
    today: that bound lets the start index skip the agenda's past."""
    midnight = local_midnight(timezone.localtime(now or timezone.now(), TZ).date())
    return Event.objects.public().filter(start__gte=midnight - MAX_DURATION, end__gte=midnight)


EVENT_COLUMNS = [
    "pk", "identifier", "slug", "title", "type", "status", "start", "end", "attendance_mode", "online_url",
    "venue__identifier", "venue__name", "venue_name", "address", "postcode", "commune_id", "commune__name",
    "commune__department_id", "employment_zone_id", "latitude", "longitude", "organiser__name",
    "co_organiser_names", "audience_slugs", "sector_slugs", "project_slugs", "scheme_slugs", "free",
    "registration_required", "registration_url", "capacity", "meets_charter", "description", "updated_at",
]  # fmt: skip

EVENT_CSV_HEADER = [
    "identifiant", "titre", "type", "type_libelle", "statut", "debut", "fin", "format", "lien_en_ligne",
    "lieu_identifiant", "lieu", "adresse", "code_postal", "commune", "code_insee", "departement",
    "zone_emploi", "latitude", "longitude", "organisateur", "co_organisateurs", "publics", "secteurs",
    "projets", "dispositifs", "gratuit", "inscription_obligatoire", "lien_inscription", "places",
    "charte", "description", "url", "date_maj",
]  # fmt: skip


def _rows() -> QuerySet:
    return open_events().annotate(
        co_organiser_names=ArraySubquery(
            Member.objects.filter(co_organised_events=OuterRef("pk")).order_by("name").values("name")
        ),
        audience_slugs=_terms(Audience),
        sector_slugs=_terms(Sector),
        project_slugs=_terms(Project),
        scheme_slugs=_terms(Scheme),
    )


def _local(moment) -> str:
    """ISO 8601 with the offset, Paris time (`2026-12-03T09:00:00+01:00`)."""
    return moment.astimezone(TZ).isoformat()


def events_csv_chunks(*, origin: str, size: int = BATCH) -> Iterator[bytes]:
    """evenements.csv: one line per open event, in chronological order."""
    path_of = slug_url("events:event_detail")

    def to_row(row: dict) -> list:
        on_site = row["attendance_mode"] != AttendanceMode.ONLINE
        return [
            row["identifier"],
            row["title"],
            row["type"],
            label_of(EventType, row["type"]),
            row["status"],
            _local(row["start"]),
            _local(row["end"]),
            row["attendance_mode"],
            row["online_url"] if row["attendance_mode"] != AttendanceMode.ON_SITE else "",
            row["venue__identifier"] or "",
            (row["venue__name"] or row["venue_name"]) if on_site else "",
            row["address"] if on_site else "",
            row["postcode"] if on_site else "",
            row["commune__name"] or "",
            row["commune_id"] or "",
            row["commune__department_id"] or "",
            row["employment_zone_id"] or "",
            "" if row["latitude"] is None else row["latitude"],
            "" if row["longitude"] is None else row["longitude"],
            row["organiser__name"],
            joined(row["co_organiser_names"]),
            joined(row["audience_slugs"]),
            joined(row["sector_slugs"]),
            joined(row["project_slugs"]),
            joined(row["scheme_slugs"]),
            yes_no(row["free"]),
            yes_no(row["registration_required"]),
            row["registration_url"] if row["status"] != EventStatus.CANCELLED else "",
            "" if row["capacity"] is None else row["capacity"],
            yes_no(row["meets_charter"]),
            row["description"],
            f"{origin}{path_of(row['slug'])}",
            update_date(row["updated_at"]),
        ]

    batches = keyset_batches(_rows().values(*EVENT_COLUMNS), keys=("start", "pk"), size=size)
    with translation.override("fr"):
        yield from csv_chunks(EVENT_CSV_HEADER, batches, to_row)


def open_event_count() -> int:
    """The number of open events shown on /donnees/ (cached ten minutes)."""
    return cache.get_or_set(COUNT_KEY, lambda: open_events().count(), COUNT_SECONDS)
