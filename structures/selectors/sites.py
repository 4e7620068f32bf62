"""The public search of places (`/lieux/`, `/lieux.geojson`)."""

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from .. import hours
from ..arrays import gin_filtered
from ..catalog import catalog
from ..compiled import CompiledQuery
from ..geo import bounding_box, nearest
from ..models import Department, EmploymentZone, Site
from ..text import fold

PER_PAGE = 20
RESULT_CAP = 1000  # beyond, pages say "plus de 1 000" and facet counts are not computed
DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 200
SORT_DISTANCE, SORT_NAME, SORT_RELEVANCE = "distance", "nom", "pertinence"
OPEN_NOW, OPEN_SATURDAY, OPEN_EVENING = "maintenant", "samedi", "soir"


@dataclass(frozen=True)
class SiteFilters:
    """Clean search criteria (parsed from the query string by structures.filters)."""

    q: str = ""
    audience_ids: tuple[int, ...] = ()
    scheme_ids: tuple[int, ...] = ()
    project_ids: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    zone: EmploymentZone | str | None = None  # a zone or its code
    department: Department | str | None = None
    point: tuple[float, float] | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    open: str = ""
    accessibility: tuple[str, ...] = ()
    sort: str = ""

    @property
    def effective_sort(self) -> str:
        """Distance when a place is given, else relevance for a text search, else name; never by member."""
        if self.sort == SORT_DISTANCE and self.point:
            return SORT_DISTANCE
        if self.sort == SORT_RELEVANCE and self.q:
            return SORT_RELEVANCE
        if self.sort == SORT_NAME:
            return SORT_NAME
        if self.point:
            return SORT_DISTANCE
        return SORT_RELEVANCE if self.q else SORT_NAME


@dataclass
class SiteSearchResult:
    page: Page
    total: int  # capped at RESULT_CAP + 1: more than RESULT_CAP means "plus de 1 000 lieux"
    sort: str
    facets: dict[str, dict] = field(default_factory=dict)  # empty when the total is capped

    @property
    def capped(self) -> bool:
        return self.total > RESULT_CAP


def _search_query(q: str) -> SearchQuery:
    return SearchQuery(fold(q), search_type="websearch", config="french")


def _code(value):
    return getattr(value, "pk", value)


def filtered_sites(filters: SiteFilters, now: datetime | None = None, box=None) -> QuerySet[Site]:
    """Published sites matching every criterion (several values of one criterion: any of them).
    `box` is the point's bounding box when the caller has it (see `GeoQuerySet.near`)."""
    sites = gin_filtered(
        Site.objects.published(),
        near_place=bool(filters.zone or filters.department or filters.point),
        words=_search_query(filters.q) if filters.q else None,
        audience_ids=filters.audience_ids,
        scheme_ids=filters.scheme_ids,
        project_ids=filters.project_ids,
    )
    if filters.kinds:
        sites = sites.filter(kind__in=filters.kinds)
    if filters.zone:
        sites = sites.filter(zone_code=_code(filters.zone))
    if filters.department:
        sites = sites.filter(department_code=_code(filters.department))
    if filters.accessibility:
        sites = sites.filter(accessibility__contains=list(filters.accessibility))
    if filters.open == OPEN_SATURDAY:
        sites = sites.filter(open_saturday=True)
    elif filters.open == OPEN_EVENING:
        sites = sites.filter(open_evening=True)
    elif filters.open == OPEN_NOW:
        now = now or timezone.now()
        sites = sites.filter(week_open__contains_minute=hours.minute_of_week(now))
        if hours.is_public_holiday(now.astimezone(hours.TZ).date()):
            sites = sites.filter(closed_on_public_holidays=False)
    if filters.point:
        sites = sites.near(*filters.point, filters.radius_km, box=box)
    return sites


# The facets are counted only below the cap (a one-time filter: PostgreSQL skips them altogether above).
_STATS_SQL = f"""
WITH r AS ({{matches}}), total AS (SELECT count(*) AS n FROM r)
SELECT 0, NULL, n FROM total
UNION ALL SELECT 1, kind, count(*) FROM r WHERE (SELECT n FROM total) <= {RESULT_CAP} GROUP BY kind
UNION ALL SELECT 2, term::text, count(*) FROM r, unnest(r.audience_ids) AS term
    WHERE (SELECT n FROM total) <= {RESULT_CAP} GROUP BY term
UNION ALL SELECT 3, term::text, count(*) FROM r, unnest(r.scheme_ids) AS term
    WHERE (SELECT n FROM total) <= {RESULT_CAP} GROUP BY term
UNION ALL SELECT 4, term::text, count(*) FROM r, unnest(r.project_ids) AS term
    WHERE (SELECT n FROM total) <= {RESULT_CAP} GROUP BY term
"""  # noqa: S608 (a constant)
# Below the cap, the matches are all there: the page's ids come from them too, in the page's order.
_PAGE_SQL = f"""
UNION ALL SELECT 5, id::text, position FROM (
    SELECT id, row_number() OVER (ORDER BY {{order}}) AS position FROM r
    WHERE (SELECT n FROM total) <= {RESULT_CAP}
) AS ordered WHERE position > %s AND position <= %s
"""  # noqa: S608 (a constant)
FACETS = {1: "kinds", 2: "audiences", 3: "schemes", 4: "projects"}
_PAGE = 5
_ORDERS = {SORT_DISTANCE: "distance_km, id", SORT_RELEVANCE: "rank DESC, name, id", SORT_NAME: "name, id"}


# The criteria of the compiled search queries (`_MATCHES`, `_NEAREST_FIRST`): their kinds for
# CompiledQuery, their values from the filters (`_criteria`), and the filters again in the builders.
_CRITERIA_KINDS = {
    "q": "str",
    "zone": "str",
    "department": "str",
    "open": "const",
    "audience_ids": "int list",
    "scheme_ids": "int list",
    "project_ids": "int list",
    "kinds": "str list",
    "accessibility": "str list",
}


def _criteria(filters: SiteFilters) -> dict:
    return {
        "q": fold(filters.q) or None,  # as the query folds it (fold is idempotent)
        "zone": _code(filters.zone) or None,
        "department": _code(filters.department) or None,
        "open": filters.open,
        "audience_ids": list(filters.audience_ids),
        "scheme_ids": list(filters.scheme_ids),
        "project_ids": list(filters.project_ids),
        "kinds": list(filters.kinds),
        "accessibility": list(filters.accessibility),
    }


def _filters(*, q, open, **criteria) -> SiteFilters:
    """The SiteFilters of `_criteria`'s values (markers while compiling), and any other field given."""
    lists = {name: tuple(value) for name, value in criteria.items() if isinstance(value, list)}
    return SiteFilters(q=q or "", open=open, **{**criteria, **lists})


def _stats_columns(sites: QuerySet[Site], sort: str, q: str, limit: int) -> QuerySet:
    """The first `limit` matches, with the columns the statistics and the page's order need."""
    columns = ["id", "kind", "audience_ids", "scheme_ids", "project_ids", "name"]
    if sort == SORT_DISTANCE:
        columns.append("distance_km")
    elif sort == SORT_RELEVANCE:
        sites = sites.annotate(rank=SearchRank(F("search_vector"), _search_query(q)))
        columns.append("rank")
    return sites.order_by().values(*columns)[:limit]


def _matches(*, sort, limit, latitude, longitude, radius, south, north, west, east, **criteria):
    point = None if latitude is None else (latitude, longitude)
    filters = _filters(point=point, radius_km=radius, **criteria)
    return _stats_columns(filtered_sites(filters, box=(south, north, west, east)), sort, filters.q, limit)


# The statistics query's matches, compiled once per shape of criteria (Django took longer to build and
# compile them than PostgreSQL to count a few hundred places); embedded in the statistics query, which
# PostgreSQL plans for its values (client-side binding).
_MATCHES = CompiledQuery(
    _matches,
    sort="const",
    limit="const",
    latitude="float",
    longitude="float",
    radius="float",
    south="float",
    north="float",
    west="float",  # before east: the markers grow, as a box that does not cross the antimeridian
    east="float",
    **_CRITERIA_KINDS,
)


def _matches_sql(filters: SiteFilters, sites: QuerySet[Site] | None) -> tuple[str, list]:
    sort = filters.effective_sort
    box = bounding_box(*filters.point, filters.radius_km) if filters.point else (None,) * 4
    crosses = box[0] is not None and box[2] > box[3]
    # Not compiled: the minute of the week (computed from the time), a box across the antimeridian, and
    # words that fold to nothing (a query of punctuation, which matches no place).
    if filters.open == OPEN_NOW or crosses or (filters.q and not fold(filters.q)):
        sites = filtered_sites(filters) if sites is None else sites
        return _stats_columns(sites, sort, filters.q, RESULT_CAP + 1).query.sql_with_params()
    latitude, longitude = filters.point or (None, None)
    south, north, west, east = box
    return _MATCHES.sql(
        key=catalog().inactive_members,
        sort=sort,
        limit=RESULT_CAP + 1,
        latitude=latitude,
        longitude=longitude,
        radius=float(filters.radius_km) if filters.point else None,
        south=south,
        north=north,
        west=west,
        east=east,
        **_criteria(filters),
    )


def search_stats(
    sites: QuerySet[Site] | None, filters: SiteFilters, offset: int = 0
) -> tuple[int, dict[str, dict], list[int] | None]:
    """The number of matches (counted up to RESULT_CAP + 1) and, below the cap, how many of them each
    kind, public, scheme and project would keep, and the ids of the `PER_PAGE` matches from `offset` in
    the order of `filters` (None above the cap) — in one query whose cost the cap bounds. `sites` is
    `filtered_sites(filters)` when the caller has it."""
    sort = filters.effective_sort
    sql, params = _matches_sql(filters, sites)
    with connection.cursor() as cursor:
        query = _STATS_SQL.format(matches=sql) + _PAGE_SQL.format(order=_ORDERS[sort])
        cursor.execute(query, [*params, offset, offset + PER_PAGE])
        rows = cursor.fetchall()
    total = next(count for facet, _term, count in rows if facet == 0)
    facets: dict[str, dict] = {name: {} for name in FACETS.values()}
    if total > RESULT_CAP:
        return total, facets, None
    page = sorted((position, int(pk)) for facet, pk, position in rows if facet == _PAGE)
    for facet, term, count in rows:
        if facet and facet != _PAGE:
            facets[FACETS[facet]][term if facet == 1 else int(term)] = count
    return total, facets, [pk for _position, pk in page]


class _Candidate(NamedTuple):
    """A match of a nearest-first walk: what `geo.nearest` sorts and proves the order with."""

    pk: int
    distance_km: float
    planar_distance: float


def _nearest_first(*, latitude, longitude, radius, fetch, **criteria):
    """The matches within `radius` km, nearest first from the location index (see `_page_rows`): their
    ids and distances only, read in the index (the page's places are read by ids once the order is
    proven; a second walk, when the first could not prove it, rereads narrow rows)."""
    return (
        filtered_sites(_filters(**criteria))
        .with_distance(latitude, longitude)
        .filter(distance_km__lte=radius)
        .nearest_first(latitude, longitude)
        .values_list("pk", "distance_km", "planar_distance")[:fetch]
    )


# Compiled once per shape of criteria; planned once too, but for words (the best plan for a rare word
# reads the text index, for a common one the location index).
_NEAREST_FIRST = CompiledQuery(
    _nearest_first,
    prepared=lambda values: not values["q"],
    latitude="float",
    longitude="float",
    radius="float",
    fetch="const",
    **_CRITERIA_KINDS,
)


def _page_rows(sites: QuerySet[Site], filters: SiteFilters, offset: int, total: int) -> list[Site]:
    sort = filters.effective_sort
    if sort == SORT_DISTANCE:
        # The index returns the matches nearest first and stops once it has the page's (knowing how many
        # match, it never looks for more). The query keeps the exact radius test but not the bounding
        # box, which would make PostgreSQL read the whole box.
        candidates = nearest(
            None,
            *filters.point,
            offset + PER_PAGE,
            available=min(total, RESULT_CAP),
            fetch_rows=functools.partial(_nearest_rows, filters),
            margin=offset + PER_PAGE,  # ids and distances: twice the rows, one query nearly always
        )[offset:]
        return _rows_by_ids([candidate.pk for candidate in candidates], filters.point)
    # The page's ids first, sorted on narrow rows without joins (more than RESULT_CAP matches: a common
    # word in a large département), then their places by ids.
    if sort == SORT_RELEVANCE:
        rank = SearchRank(F("search_vector"), _search_query(filters.q))
        sites = sites.annotate(rank=rank).order_by("-rank", "name", "pk")
    else:
        sites = sites.order_by("name", "pk")
    ids = list(sites.values_list("pk", flat=True)[offset : offset + PER_PAGE])
    return _rows_by_ids(ids, filters.point)


def _nearest_rows(filters: SiteFilters, fetch: int) -> list[_Candidate]:
    latitude, longitude = filters.point
    values = {
        "latitude": latitude,
        "longitude": longitude,
        "radius": float(filters.radius_km),
        "fetch": fetch,
        **_criteria(filters),
    }
    if filters.open == OPEN_NOW:  # the minute of the week is computed from the time: not compiled
        return [_Candidate(*row) for row in _nearest_first(**values)]
    return [_Candidate(*row) for row in _NEAREST_FIRST(key=catalog().inactive_members, **values)]


_BY_IDS = CompiledQuery(lambda ids: Site.objects.for_list().filter(pk__in=ids), ids="int list")
_BY_IDS_NEAR = CompiledQuery(
    lambda ids, latitude, longitude: (
        Site.objects.for_list().filter(pk__in=ids).with_distance(latitude, longitude)
    ),
    ids="int list",
    latitude="float",
    longitude="float",
)


def _rows_by_ids(ids: list[int], point: tuple[float, float] | None) -> list[Site]:
    """The places of `ids` in that order, with their distance from `point` when there is one."""
    if not ids:
        return []
    found = _BY_IDS_NEAR(ids=ids, latitude=point[0], longitude=point[1]) if point else _BY_IDS(ids=ids)
    by_id = {site.pk: site for site in found}
    return [by_id[pk] for pk in ids]


def site_search(
    *, filters: SiteFilters, page: str | int | None = 1, now: datetime | None = None
) -> SiteSearchResult:
    """One page of results in two queries whatever the number of matches: statistics, then the page."""
    # The statistics come from a compiled query; the queryset is built only where it is needed.
    sites = filtered_sites(filters, now) if filters.open == OPEN_NOW else None
    asked = _page_number(page, RESULT_CAP // PER_PAGE)
    total, facets, page_ids = search_stats(sites, filters, (asked - 1) * PER_PAGE)
    paginator = Paginator((), PER_PAGE)
    paginator.count = min(total, RESULT_CAP)  # a cached property: no COUNT query
    number = paginator.validate_number(_page_number(page, paginator.num_pages))
    if not total:
        rows = []
    elif page_ids is not None and number == asked:
        rows = _rows_by_ids(page_ids, filters.point)
    else:  # more than RESULT_CAP matches, or a page beyond the last one
        sites = filtered_sites(filters, now) if sites is None else sites
        rows = _page_rows(sites, filters, (number - 1) * PER_PAGE, total)
    return SiteSearchResult(
        page=Page(rows, number, paginator), total=total, sort=filters.effective_sort, facets=facets
    )


def _page_number(page, last: int) -> int:
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)
