"""The regional programme: priority sectors per employment zone, their events, gaps and overlaps."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count

from structures.models import EmploymentZone

from ..enums import AudienceScope, EventStatus
from ..models import Event, PrioritySector
from .agenda import local_midnight

PROGRAMME_STATUSES = (EventStatus.PUBLISHED, EventStatus.FULL)
OVERLAP_DAYS = 7

_OVERLAPS_SQL = """
SELECT zone_id, sector_id, event_id, previous_id FROM (
    SELECT e.employment_zone_id AS zone_id, es.sector_id, e.id AS event_id, e.start,
           lag(e.id) OVER w AS previous_id, lag(e.start) OVER w AS previous_start
    FROM events_event e JOIN events_event_sectors es ON es.event_id = e.id
    WHERE e.status = ANY(%s) AND e.scope = %s AND e.start >= %s AND e.start < %s
      AND e.employment_zone_id = ANY(%s)
    WINDOW w AS (PARTITION BY e.employment_zone_id, es.sector_id ORDER BY e.start, e.id)
) pairs
WHERE previous_start IS NOT NULL AND start - previous_start < %s
ORDER BY zone_id, sector_id, start
"""


@dataclass
class ProgrammeLine:
    priority: PrioritySector
    event_count: int
    overlaps: list[tuple[Event, Event]]

    @property
    def is_gap(self) -> bool:
        return self.event_count == 0


@dataclass
class ProgrammeZone:
    zone: EmploymentZone
    lines: list[ProgrammeLine]

    @property
    def gap_count(self) -> int:
        return sum(line.is_gap for line in self.lines)

    @property
    def overlap_count(self) -> int:
        return sum(len(line.overlaps) for line in self.lines)


def regional_programme(*, year: int) -> list[ProgrammeZone]:
    """For each zone of the territory, its priority sectors of the year, the published events of each
    sector in the zone that year, gaps (no event) and overlaps (same sector and zone within 7 days)."""
    zones = list(EmploymentZone.objects.served().order_by("name"))
    zone_codes = [zone.code for zone in zones]
    start, end = local_midnight(date(year, 1, 1)), local_midnight(date(year + 1, 1, 1))
    in_year = Event.objects.filter(
        status__in=PROGRAMME_STATUSES,
        scope=AudienceScope.EVERYONE,
        start__gte=start,
        start__lt=end,
        employment_zone__in=zone_codes,
    )
    counts = {
        (row["employment_zone"], row["sectors"]): row["count"]
        for row in in_year.values("employment_zone", "sectors").annotate(count=Count("pk", distinct=True))
    }
    with connection.cursor() as cursor:
        statuses = [str(status) for status in PROGRAMME_STATUSES]
        cursor.execute(
            _OVERLAPS_SQL,
            [statuses, AudienceScope.EVERYONE.value, start, end, zone_codes, timedelta(days=OVERLAP_DAYS)],
        )
        pairs = cursor.fetchall()
    events_by_id = Event.objects.in_bulk({event_id for row in pairs for event_id in row[2:]})
    overlaps: dict[tuple[str, int], list[tuple[Event, Event]]] = {}
    for zone_id, sector_id, event_id, previous_id in pairs:
        overlaps.setdefault((zone_id, sector_id), []).append(
            (events_by_id[previous_id], events_by_id[event_id])
        )

    priorities = PrioritySector.objects.filter(year=year, employment_zone__in=zone_codes).select_related(
        "sector"
    )
    by_zone: dict[str, list[ProgrammeLine]] = {}
    for priority in priorities.order_by("sector__position", "sector__label"):
        key = (priority.employment_zone_id, priority.sector_id)
        by_zone.setdefault(priority.employment_zone_id, []).append(
            ProgrammeLine(priority, counts.get(key, 0), overlaps.get(key, []))
        )
    return [ProgrammeZone(zone, by_zone.get(zone.code, [])) for zone in zones]
