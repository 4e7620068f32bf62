"""Reads that agenda pages need."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet

from structures.geo import bounding_box, distance_km
from structures.models import Department, EmploymentZone
from structures.text import fold

from .enums import AttendanceMode, AudienceScope, EventStatus
from .models import CELLS_PER_DEGREE, MAX_DURATION, Event, PrioritySector

TZ = ZoneInfo("Europe/Paris")
PER_PAGE = 20
RESULT_CAP = 200  # beyond, "plus de 200 événements": narrow the dates or the place
DEFAULT_RADIUS_KM = 20
FORMAT_ON_SITE, FORMAT_ONLINE = "presentiel", "distance"


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=TZ)


@dataclass(frozen=True)
class AgendaFilters:
    date_from: date
    date_to: date | None = None
    q: str = ""
    audience_ids: tuple[int, ...] = ()
    sector_ids: tuple[int, ...] = ()
    project_ids: tuple[int, ...] = ()
    types: tuple[str, ...] = ()
    zone: EmploymentZone | str | None = None  # a zone or its code
    department: Department | str | None = None
    point: tuple[float, float] | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    free_only: bool = False
    charter_only: bool = False
    formats: tuple[str, ...] = ()


@dataclass
class AgendaResult:
    page: Page
    total: int  # counted up to RESULT_CAP + 1: more than RESULT_CAP means "plus de 200 événements"
    days: list[tuple[date, list[Event]]]

    @property
    def capped(self) -> bool:
        return self.total > RESULT_CAP


def agenda_events(filters: AgendaFilters, *, around: bool = True, part: str = "all") -> QuerySet[Event]:
    """Public events of the period matching every criterion, in chronological order: those beginning in
    the period, and the events of more than a day already running on its first day.

    `part` selects one of the two ("starting" or "running"; each has an index of its own) and
    `around=False` leaves the place criterion out (see `agenda_slice`)."""
    since = local_midnight(filters.date_from)
    starting = Q(start__gte=since)
    # A running event began at most MAX_DURATION before: the bound lets the start index serve.
    running = Q(start__lt=since, start__gte=since - MAX_DURATION, end__gte=since, is_long=True)
    events = Event.objects.public().filter(
        {"starting": starting, "running": running}.get(part, starting | running)
    )
    if filters.date_to:
        events = events.filter(start__lt=local_midnight(filters.date_to + timedelta(days=1)))
    if filters.q:
        events = events.filter(
            search_vector=SearchQuery(fold(filters.q), search_type="websearch", config="french")
        )
    if filters.audience_ids:
        events = events.filter(audience_ids__overlap=list(filters.audience_ids))
    if filters.sector_ids:
        events = events.filter(sector_ids__overlap=list(filters.sector_ids))
    if filters.project_ids:
        events = events.filter(project_ids__overlap=list(filters.project_ids))
    if filters.types:
        events = events.filter(type__in=filters.types)
    if filters.zone:
        events = events.filter(employment_zone_id=getattr(filters.zone, "pk", filters.zone))
    if filters.department:
        events = events.filter(commune__department_id=getattr(filters.department, "pk", filters.department))
    if filters.free_only:
        events = events.filter(free=True)
    if filters.charter_only:
        events = events.filter(meets_charter=True)
    if filters.formats:
        modes = {AttendanceMode.MIXED}
        if FORMAT_ON_SITE in filters.formats:
            modes.add(AttendanceMode.ON_SITE)
        if FORMAT_ONLINE in filters.formats:
            modes.add(AttendanceMode.ONLINE)
        events = events.filter(attendance_mode__in=modes)
    if filters.point and around:
        events = events.near(*filters.point, filters.radius_km)
    return events.order_by("start", "title", "pk")


def agenda_count(filters: AgendaFilters) -> int:
    """The number of matches, counted up to RESULT_CAP + 1 (the running events, few, in full)."""
    starting = agenda_events(filters, part="starting").order_by()[: RESULT_CAP + 1].count()
    return starting + agenda_events(filters, part="running").order_by().count()


def agenda_slice(filters: AgendaFilters, total: int, *, offset: int, limit: int) -> list[Event]:
    """Events `offset` to `offset + limit` of the agenda: the running events (they began earlier), then
    the ones beginning in the period, each found through its own index (three queries)."""
    running = list(agenda_events(filters, part="running").values_list("pk", flat=True))
    starting = agenda_events(filters, part="starting")
    ids = running[offset : offset + limit]
    skip = max(0, offset - len(running))
    wanted = limit - len(ids)
    if wanted <= 0:
        pass  # the running events fill the page
    elif filters.point and total > RESULT_CAP:
        # A dense area: the next events of each grid cell of the area come from the (cell, start) index,
        # a page's worth each, instead of reading and sorting every event of the area.
        ids += _by_cells(filters, skip, wanted)
    else:
        ids += list(starting.values_list("pk", flat=True)[skip : skip + wanted])
    found = Event.objects.for_list().in_bulk(ids)
    return [found[pk] for pk in ids]


def _by_cells(filters: AgendaFilters, offset: int, limit: int) -> list[int]:
    """Ids of the events `offset` to `offset + limit` beginning in the period around the point, merged
    from each grid cell of the area (see Event.cell): each cell's part stops after `offset + limit` rows
    of the (cell, start) index."""
    south, north, west, east = bounding_box(*filters.point, filters.radius_km)
    base = (
        agenda_events(filters, around=False, part="starting")
        .with_distance(*filters.point)
        .filter(distance_km__lte=filters.radius_km)
    )
    rows = range(math.floor(south * CELLS_PER_DEGREE), math.floor(north * CELLS_PER_DEGREE) + 1)
    columns = range(math.floor(west * CELLS_PER_DEGREE), math.floor(east * CELLS_PER_DEGREE) + 1)
    parts, params = [], []
    for row in rows:
        for column in columns:
            part = base.filter(cell=row * 100_000 + column).order_by("start", "title", "pk")
            sql, part_params = part.values_list("pk", "start", "title")[
                : offset + limit
            ].query.sql_with_params()
            parts.append(f"({sql})")
            params.extend(part_params)
    merged = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM ({merged}) AS cells ORDER BY 2, 3, 1 LIMIT %s OFFSET %s",  # noqa: S608 (SQL built by the ORM)
            [*params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def agenda_search(*, filters: AgendaFilters, page: str | int | None = 1) -> AgendaResult:
    """One page of the agenda in three queries whatever the matches: the capped count, the page's ids,
    its rows."""
    total = agenda_count(filters)
    paginator = Paginator((), PER_PAGE)
    paginator.count = min(total, RESULT_CAP)  # a cached property: no second COUNT
    number = _page_number(page, paginator.num_pages)
    rows = agenda_slice(filters, total, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
    days: dict[date, list[Event]] = {}
    for event in rows:
        if filters.point and event.has_coordinates:
            event.distance_km = distance_km(*filters.point, event.latitude, event.longitude)
        # An event that started before the period is listed on the period's first day.
        day = max(event.start.astimezone(TZ).date(), filters.date_from)
        days.setdefault(day, []).append(event)
    return AgendaResult(page=Page(rows, number, paginator), total=total, days=list(days.items()))


def _page_number(page, last: int) -> int:
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)


def upcoming_events(*, now: datetime, limit: int = 5, site=None, zone=None) -> list[Event]:
    """The next public events, optionally at a site or in an employment zone."""
    events = Event.objects.public().upcoming(now).for_list()
    if site is not None:
        events = events.filter(venue=site)
    if zone is not None:
        events = events.filter(employment_zone=zone)
    return list(events.order_by("start", "title")[:limit])


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
