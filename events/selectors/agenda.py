"""The agenda: events of a period matching criteria, a page at a time, and a place's next events."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet

from structures.arrays import gin_filtered
from structures.compiled import CompiledQuery
from structures.geo import bounding_box, distance_km
from structures.models import Department, EmploymentZone
from structures.text import fold

from ..enums import AttendanceMode
from ..models import MAX_DURATION, Event
from .cells import CellsPage, by_cells, cell_part
from .rows import LIST_COLUMNS, VERSION_SQL, ListEvent, event_versions, events_by_ids, list_events

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
    days: list[tuple[date, list[ListEvent]]]

    @property
    def capped(self) -> bool:
        return self.total > RESULT_CAP


def _period(filters: AgendaFilters) -> tuple[datetime, datetime, datetime | None]:
    """The period's first moment, the earliest start of an event still running then, and its end."""
    since = local_midnight(filters.date_from)
    # Dates at the ends of the calendar (year 1, 9999-12-31) have no day after or long before.
    until = None
    if filters.date_to and filters.date_to < date.max:
        until = local_midnight(filters.date_to + timedelta(days=1))
    # A running event began at most MAX_DURATION before: the bound lets the start index serve.
    try:
        earliest = since - MAX_DURATION
    except OverflowError:
        earliest = since
    return since, earliest, until


def agenda_events(
    filters: AgendaFilters,
    *,
    around: bool = True,
    part: str = "all",
    period: tuple | None = None,
    box: tuple | None = None,
) -> QuerySet[Event]:
    """Public events of the period matching every criterion, in chronological order: those beginning in
    the period, and the events of more than a day already running on its first day.

    `part` selects one of the two ("starting" or "running"; each has an index of its own) and
    `around=False` leaves the place criterion out (see `_by_cells`). `period` and `box` override
    `_period` and the point's bounding box (structures.compiled swaps their values)."""
    since, running_from, until = period or _period(filters)
    starting = Q(start__gte=since)
    running = Q(start__lt=since, start__gte=running_from, end__gte=since, is_long=True)
    events = Event.objects.public().filter(
        {"starting": starting, "running": running}.get(part, starting | running)
    )
    if until:
        events = events.filter(start__lt=until)
    events = gin_filtered(
        events,
        near_place=bool(filters.zone or filters.department or filters.point),
        words=SearchQuery(fold(filters.q), search_type="websearch", config="french") if filters.q else None,
        audience_ids=filters.audience_ids,
        sector_ids=filters.sector_ids,
        project_ids=filters.project_ids,
    )
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
        # The running events, few, come from their own index: the box is then checked on them.
        nearby = events.within if part == "running" else events.near
        events = nearby(*filters.point, filters.radius_km, box=box)
    return events.order_by("start", "title", "pk")


@dataclass
class _Matches:
    """The events an agenda search needs: running ones (few) in full, then those beginning in the period
    counted up to RESULT_CAP + 1, with their ids in order unless they are too many near a point."""

    filters: AgendaFilters
    running: list[int]
    starting_count: int
    starting: list[int] | None = None  # the first RESULT_CAP + 1 ids in order (None: a dense area)
    cells: dict = field(default_factory=dict)  # a dense area's ids already read: (skip, wanted) → ids

    @property
    def total(self) -> int:
        return len(self.running) + self.starting_count

    def ids(self, offset: int, limit: int) -> list[int]:
        ids = self.running[offset : offset + limit]
        skip, wanted = max(0, offset - len(self.running)), limit - len(ids)
        if wanted <= 0:
            return ids
        if self.starting is not None:
            return ids + self.starting[skip : skip + wanted]
        # A dense area: the next events of each grid cell of the area come from the (cell, start) index,
        # a page's worth each, instead of reading and sorting every event of the area.
        if (skip, wanted) not in self.cells:
            self.cells[skip, wanted] = _by_cells(self.filters, skip, wanted).ids
        return ids + self.cells[skip, wanted]


def _period_rows(*, part, limit, since, running_from, until, q, zone, department, point, **criteria):
    latitude, longitude, radius, south, north, west, east = point or (None,) * 7
    filters = AgendaFilters(
        date_from=date.min,
        q=q,
        zone=zone,
        department=department,
        point=(latitude, longitude) if point else None,
        radius_km=radius,
        **criteria,
    )
    if part.endswith("_cells"):  # a dense area's grid cells (see `_by_cells`)
        events = agenda_events(filters, around=False, part="starting", period=(since, running_from, until))
        return cell_part(events, latitude, longitude, radius, kind=part.removesuffix("_cells"))[:limit]
    events = agenda_events(
        filters, part=part, period=(since, running_from, until), box=(south, north, west, east)
    )
    if point and part == "starting":  # nearest first (see `_matches`)
        events = events.nearest_first(latitude, longitude).values_list("start", "title", "pk")
    else:
        events = events.values_list("pk")
    return events[:limit] if limit else events


# The queries of `_matches` and the grid cells' part are compiled once per shape of criteria; their SQL
# runs with client-side binding (`_rows`, `cells.by_cells`), planned for its values: the best plan depends
# on the zone's size, the area's density and how common the public is.
_PERIOD_ROWS = CompiledQuery(
    lambda point_0, point_1, point_2, point_3, point_4, point_5, point_6, **values: _period_rows(
        point=None if point_0 is None else (point_0, point_1, point_2, point_3, point_4, point_5, point_6),
        **values,
    ),
    point_0="float",  # latitude, longitude, radius and bounding box (south, north, west, east)
    point_1="float",
    point_2="float",
    point_3="float",
    point_4="float",
    point_5="float",
    point_6="float",
    part="const",
    limit="const",
    since="datetime",
    running_from="datetime",
    until="datetime",
    q="str",
    zone="str",
    department="str",
    audience_ids="int list",
    sector_ids="int list",
    project_ids="int list",
    types="str list",
    free_only="const",
    charter_only="const",
    formats="const",
)


def _rows(filters: AgendaFilters, part: str, limit: int | None) -> list[tuple]:
    """The ids (1-tuples) of `agenda_events(filters, part=part)` in agenda order, at most `limit`; near a
    point, the first `limit` of those beginning in the period nearest first, then in agenda order."""
    with connection.cursor() as cursor:
        cursor.execute(*_rows_sql(filters, part, limit))
        return cursor.fetchall()


def _running_and_starting(
    filters: AgendaFilters, limit: int, *, versions: bool = False
) -> tuple[list[int], list[int], dict[int, int]]:
    """The ids of the running events and of the first `limit` beginning in the period, each in agenda
    order: the two queries of `_rows` in one statement (one round trip less); with `versions`, the last
    change of each of them too, by id, as `version_of` gives it (what a calendar feed looks its cached
    VEVENTs up with)."""
    running_sql, running_params = _rows_sql(filters, "running", None)
    starting_sql, starting_params = _rows_sql(filters, "starting", limit)
    versions_cte = versions_columns = ""
    if versions:
        versions_cte = f""",
        versions AS MATERIALIZED (
            SELECT id, {VERSION_SQL.format(column="updated_at")} AS version FROM {Event._meta.db_table}
            WHERE id IN (SELECT pk FROM running UNION ALL SELECT pk FROM starting)
        )"""  # noqa: S608 (the model's table)
        versions_columns = """,
            (SELECT array_agg(id ORDER BY id) FROM versions),
            (SELECT array_agg(version ORDER BY id) FROM versions)"""
    query = f"""
        WITH running AS MATERIALIZED ({running_sql}),
        starting AS MATERIALIZED ({starting_sql}){versions_cte}
        SELECT ARRAY(SELECT pk FROM running), ARRAY(SELECT pk FROM starting){versions_columns}
    """  # noqa: S608 (SQL built by the ORM)
    with connection.cursor() as cursor:
        cursor.execute(query, [*running_params, *starting_params])
        running, starting, *stamped = cursor.fetchone()
    ids, stamps = stamped or ([], [])
    return running, starting, dict(zip(ids or [], stamps or [], strict=True))


def _rows_sql(filters: AgendaFilters, part: str, limit: int | None) -> tuple[str, list]:
    """The SQL and parameters of `_rows`."""
    values = _values(filters, part, limit)
    point = [values[f"point_{index}"] for index in range(7)]
    if filters.point and point[5] > point[6]:  # a box across the antimeridian: another shape, not compiled
        rest = {name: value for name, value in values.items() if not name.startswith("point_")}
        sql, params = _period_rows(point=tuple(point), **rest).query.sql_with_params()
    else:
        sql, params = _PERIOD_ROWS.sql(**values)
    if filters.point and part == "starting":
        sql = f"SELECT pk FROM ({sql}) AS nearest ORDER BY start, title, pk"  # noqa: S608 (built by the ORM)
    return sql, params


def _values(filters: AgendaFilters, part: str, limit: int | None) -> dict:
    """The values of `_PERIOD_ROWS` for the filters."""
    since, running_from, until = _period(filters)
    point = [None] * 7
    if filters.point and part != "probe_cells":  # a probe reads whole cells: no distance
        radius = float(filters.radius_km)
        box = bounding_box(*filters.point, radius) if part in ("starting", "running") else [None] * 4
        point = [*filters.point, radius, *box]
    values = {
        "part": part,
        "limit": limit,
        "since": since,
        "running_from": running_from if part == "running" else None,  # only running events need it
        "until": until,
        "q": fold(filters.q),  # as the query folds it (fold is idempotent)
        "zone": getattr(filters.zone, "pk", filters.zone) or None,
        "department": getattr(filters.department, "pk", filters.department) or None,
        "audience_ids": list(filters.audience_ids),
        "sector_ids": list(filters.sector_ids),
        "project_ids": list(filters.project_ids),
        "types": list(filters.types),
        "free_only": filters.free_only,
        "charter_only": filters.charter_only,
        "formats": tuple(sorted(filters.formats)),
    }
    return {**{f"point_{index}": value for index, value in enumerate(point)}, **values}


def _matches(
    filters: AgendaFilters, wanted: int = RESULT_CAP + 1, window: tuple[int, int] | None = None
) -> _Matches:
    """Two queries: the running events, then the first `wanted` of those beginning in the period
    (RESULT_CAP + 1 counts them; a feed wants fewer), in order through the (zone, start) or start index.

    Near a point, where an ordered walk of the start index could read the whole table for a few matches,
    they come nearest first from the location index: up to RESULT_CAP of them are then sorted in agenda
    order; more is a dense area, left to `_by_cells`. With `window` (the offset and number of the events
    the page shows), one query reads the running events and probes the grid cells inside the circle:
    when they alone hold more than RESULT_CAP matches, the same query reads the page's ids from the cells
    and the nearest-first query is left out (the common case at national scale, where it read 201 rows
    for nothing)."""
    if filters.point and window:
        # The running events, the probe and, in a dense area, the page's ids from the cells: one query.
        offset, limit = window
        cells = _by_cells(filters, offset, limit, probe=RESULT_CAP + 1, with_running=True)
        running = cells.running
        skip, count = max(0, offset - len(running)), limit - len(running[offset : offset + limit])
        if cells.probed > RESULT_CAP:
            return _Matches(filters, running, cells.probed, cells={(skip, count): cells.ids})
    elif not filters.point:
        running, first, _versions = _running_and_starting(filters, wanted)
        return _Matches(filters, running, len(first), first)
    else:
        running = [pk for (pk,) in _rows(filters, "running", None)]
    # Nearest first: an index scan of the bounding box that stops after RESULT_CAP + 1 matches (the
    # planner would otherwise build the bitmap of the whole box, 100,000 events around Paris).
    found = [pk for (pk,) in _rows(filters, "starting", RESULT_CAP + 1)]
    if len(found) > RESULT_CAP:
        return _Matches(filters, running, len(found))
    return _Matches(filters, running, len(found), found)


def agenda_first_versions(filters: AgendaFilters, limit: int) -> list[tuple[int, int]]:
    """(id, version: see `version_of`) of the first `limit` events of the agenda (at most RESULT_CAP), in
    order: what a calendar feed reads before its events (see events.ics). One query, but near a point."""
    limit = min(limit, RESULT_CAP)
    if filters.point:
        return event_versions(_matches(filters, wanted=limit).ids(0, limit))
    running, starting, versions = _running_and_starting(filters, limit, versions=True)
    return [(pk, versions[pk]) for pk in (running + starting)[:limit] if pk in versions]


def _by_cells(
    filters: AgendaFilters, offset: int, limit: int, probe: int | None = None, with_running: bool = False
) -> CellsPage:
    """The ids of the events `offset` to `offset + limit` beginning in the period around the point, from
    the grid cells of the area (see `cells.by_cells`, its `probe` and its `running`: with `with_running`,
    the window is the page's and the running events come with it), with the cells' part compiled once
    per shape."""

    def part_sql(*, kind: str, limit: int) -> tuple[str, list]:
        return _PERIOD_ROWS.sql(**_values(filters, f"{kind}_cells", limit))

    running = _rows_sql(filters, "running", None) if with_running else None
    return by_cells(part_sql, filters.point, filters.radius_km, offset, limit, probe=probe, running=running)


def agenda_search(*, filters: AgendaFilters, page: str | int | None = 1) -> AgendaResult:
    """One page of the agenda in three queries whatever the matches (three to five near a point): see
    `_matches`, then the page's rows (`ListEvent`s)."""
    asked = _page_number(page, RESULT_CAP // PER_PAGE)  # the page shown, unless there are fewer
    matches = _matches(filters, window=((asked - 1) * PER_PAGE, PER_PAGE))
    total = matches.total
    paginator = Paginator((), PER_PAGE)
    paginator.count = min(total, RESULT_CAP)  # a cached property: no second COUNT
    number = _page_number(page, paginator.num_pages)
    rows = events_by_ids(matches.ids((number - 1) * PER_PAGE, PER_PAGE))
    days: dict[date, list[ListEvent]] = {}
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


def _upcoming(now: datetime, limit: int, venue_id: int | None = None, zone: str | None = None):
    events = Event.objects.public().upcoming(now)
    if venue_id is not None:
        events = events.filter(venue_id=venue_id)
    if zone is not None:
        events = events.filter(employment_zone_id=zone)
    return events.order_by("start", "title").values_list(*LIST_COLUMNS)[:limit]


_UPCOMING = CompiledQuery(_upcoming, now="datetime", limit="const", venue_id="int", zone="str")


def upcoming_events(*, now: datetime, limit: int = 5, site=None, zone=None) -> list[ListEvent]:
    """The next public events, optionally at a site or in an employment zone (plain rows, one query)."""
    return list_events(
        _UPCOMING,
        now=now,
        limit=limit,
        venue_id=site.pk if site is not None else None,
        zone=zone.code if zone is not None else None,
    )
