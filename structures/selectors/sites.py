"""The public search of places (`/lieux/`, `/lieux.geojson`)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Func, IntegerField, QuerySet
from django.utils import timezone

from .. import hours
from ..models import Department, EmploymentZone, Site
from ..text import fold

PER_PAGE = 20
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
    zone: EmploymentZone | None = None
    department: Department | None = None
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
    total: int
    sort: str
    facets: dict[str, dict] = field(default_factory=dict)


def _search_query(q: str) -> SearchQuery:
    return SearchQuery(fold(q), search_type="websearch", config="french")


def filtered_sites(filters: SiteFilters, now: datetime | None = None) -> QuerySet[Site]:
    """Published sites matching every criterion (several values of one criterion: any of them)."""
    sites = Site.objects.published()
    if filters.q:
        sites = sites.filter(search_vector=_search_query(filters.q))
    if filters.audience_ids:
        sites = sites.filter(audience_ids__overlap=list(filters.audience_ids))
    if filters.scheme_ids:
        sites = sites.filter(scheme_ids__overlap=list(filters.scheme_ids))
    if filters.project_ids:
        sites = sites.filter(project_ids__overlap=list(filters.project_ids))
    if filters.kinds:
        sites = sites.filter(kind__in=filters.kinds)
    if filters.zone:
        sites = sites.filter(commune__employment_zone=filters.zone)
    if filters.department:
        sites = sites.filter(commune__department=filters.department)
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
        sites = sites.near(*filters.point, filters.radius_km)
    return sites


def _ordered(sites: QuerySet[Site], filters: SiteFilters) -> QuerySet[Site]:
    sort = filters.effective_sort
    if sort == SORT_DISTANCE:
        return sites.order_by("distance_km", "name", "pk")
    if sort == SORT_RELEVANCE:
        rank = SearchRank(F("search_vector"), _search_query(filters.q))
        return sites.annotate(rank=rank).order_by("-rank", "name", "pk")
    return sites.order_by("name", "pk")


def _unnest_counts(ids, column: str) -> dict[int, int]:
    rows = (
        Site.objects.filter(pk__in=ids)
        .annotate(term=Func(F(column), function="unnest", output_field=IntegerField()))
        .values("term")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["term"]: row["count"] for row in rows}


def facet_counts(sites: QuerySet[Site]) -> dict[str, dict]:
    """How many of these sites each public, scheme, project and kind would keep (4 queries)."""
    ids = sites.values("pk")
    kinds = sites.order_by().values("kind").annotate(count=Count("pk"))
    return {
        "audiences": _unnest_counts(ids, "audience_ids"),
        "schemes": _unnest_counts(ids, "scheme_ids"),
        "projects": _unnest_counts(ids, "project_ids"),
        "kinds": {row["kind"]: row["count"] for row in kinds},
    }


def site_search(
    *, filters: SiteFilters, page: str | int | None = 1, now: datetime | None = None
) -> SiteSearchResult:
    sites = filtered_sites(filters, now)
    listing = _ordered(sites, filters).select_related("member", "commune")
    paginator = Paginator(listing, PER_PAGE)
    page_obj = paginator.get_page(page)
    return SiteSearchResult(
        page=page_obj, total=paginator.count, sort=filters.effective_sort, facets=facet_counts(sites)
    )
