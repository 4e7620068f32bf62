"""Indicators of the agenda for Region staff (`/espace-pro/pilotage/`): the public events of a year per
employment zone, per professional sector and per month, with the share meeting the events charter.

Counted: events open to everyone, published or full (as the regional programme counts them: drafts,
submissions, cancelled events and professionalisation sessions are not), that begin in the year. An
event meets the charter when its five commitments are ticked (`Event.meets_charter`). A constant number
of queries whatever the number of events.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from structures.models import EmploymentZone, Sector
from structures.selectors.indicators import served_zones, share

from ..enums import AudienceScope
from ..models import Event, PrioritySector
from .agenda import TZ, local_midnight
from .programme import PROGRAMME_STATUSES


@dataclass(frozen=True)
class EventCount:
    key: str  # zone code, sector slug, or "" (no zone / no sector / the year)
    label: str
    events: int
    charter: int  # meeting the events charter

    @property
    def charter_share(self) -> float | None:
        return share(self.charter, self.events)


@dataclass(frozen=True)
class SectorCount(EventCount):
    priority_zones: int = 0  # zones where the sector is a priority this year
    in_priority_zones: int = 0  # events of the sector in those zones


@dataclass(frozen=True)
class MonthCount:
    month: date | None  # first day of the month; None for the year
    events: int
    charter: int

    @property
    def charter_share(self) -> float | None:
        return share(self.charter, self.events)


def year_events(year: int):
    """The events the indicators count: public, published or full, beginning in the year."""
    return Event.objects.filter(
        status__in=PROGRAMME_STATUSES,
        scope=AudienceScope.EVERYONE,
        start__gte=local_midnight(date(year, 1, 1)),
        start__lt=local_midnight(date(year + 1, 1, 1)),
    )


_COUNTS = {
    "events": Count("pk", distinct=True),
    "charter": Count("pk", distinct=True, filter=Q(meets_charter=True)),
}


def events_by_zone(*, year: int, zones: list[tuple[str, str]] | None = None) -> list[EventCount]:
    """Each employment zone of the territory (`zones`: (code, name), default
    structures.selectors.indicators.served_zones(); zeros included), then "elsewhere" (online events,
    other zones) when there are any, then the year (key "", label ""). Nothing when the year has no
    event. Two queries (one with `zones`)."""
    counts = {
        row["employment_zone"]: (row["events"], row["charter"])
        for row in year_events(year).values("employment_zone").annotate(**_COUNTS).order_by()
    }
    if not counts:
        return []
    zones = served_zones() if zones is None else zones
    rows = [EventCount(code, name, *counts.pop(code, (0, 0))) for code, name in zones]
    if counts:  # online, or in a zone outside the territory
        rows.append(
            EventCount(
                "autres",
                _("En ligne ou hors du territoire"),
                sum(events for events, _charter in counts.values()),
                sum(charter for _events, charter in counts.values()),
            )
        )
    rows.append(EventCount("", "", sum(row.events for row in rows), sum(row.charter for row in rows)))
    return rows


def events_by_sector(*, year: int) -> list[SectorCount]:
    """Each professional sector (ROME domain) with its events (an event of several sectors counts in
    each), how many meet the charter, in how many zones of the territory it is a priority this year and
    how many of its events took place in those zones; then events without a sector when any. Nothing
    when the year has no event. Three queries."""
    events = year_events(year)
    by_zone_sector = {
        (row["employment_zone"], row["sectors"]): (row["events"], row["charter"])
        for row in events.values("employment_zone", "sectors").annotate(**_COUNTS).order_by()
    }
    if not by_zone_sector:
        return []
    priorities = set(
        PrioritySector.objects.filter(
            year=year, employment_zone__in=EmploymentZone.objects.served()
        ).values_list("employment_zone_id", "sector_id")
    )
    rows = []
    for pk, slug, label in Sector.objects.order_by("position", "label").values_list("pk", "slug", "label"):
        cells = [(zone, counts) for (zone, sector), counts in by_zone_sector.items() if sector == pk]
        rows.append(
            SectorCount(
                slug,
                label,
                sum(counts[0] for _zone, counts in cells),
                sum(counts[1] for _zone, counts in cells),
                priority_zones=sum(1 for _zone, sector in priorities if sector == pk),
                in_priority_zones=sum(counts[0] for zone, counts in cells if (zone, pk) in priorities),
            )
        )
    without = [counts for (_zone, sector), counts in by_zone_sector.items() if sector is None]
    if without:
        rows.append(
            SectorCount("", _("Sans secteur"), sum(c[0] for c in without), sum(c[1] for c in without))
        )
    return rows


def events_by_month(*, year: int) -> list[MonthCount]:
    """Every month of the year (zeros included), then the year (month None). Nothing when the year has
    no event. One query."""
    counts = {
        row["month"].date(): (row["events"], row["charter"])
        for row in year_events(year)
        .annotate(month=TruncMonth("start", tzinfo=TZ))
        .values("month")
        .annotate(**_COUNTS)
        .order_by()
    }
    if not counts:
        return []
    rows = [
        MonthCount(date(year, number, 1), *counts.get(date(year, number, 1), (0, 0)))
        for number in range(1, 13)
    ]
    rows.append(MonthCount(None, sum(row.events for row in rows), sum(row.charter for row in rows)))
    return rows
