"""The public search of training offers (`/formations/`): actions (an offer at a place) matching the
criteria, with their next session, a page at a time."""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from structures.text import fold

from ..dates import next_start, still_to_come
from ..models import TrainingAction, TrainingSession

PER_PAGE = 20
# What a result shows (trainings/includes/offer_card.html, job_trainings.html): the sort carries these only.
RESULT_FIELDS = [
    "offer", "place_name", "postcode", "city", "latitude", "longitude", "offer__title",
    "offer__organisation_name", "offer__certifying",
]  # fmt: skip
RESULT_CAP = 1000  # pages go up to the 50th (deep pages cost a sort of every match): narrow the search
DEFAULT_RADIUS_KM = 30
MAX_RADIUS_KM = 200
# The dates a search accepts (`du`, `au`): LHÉO flows hold sessions of a few years around today.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


@dataclass(frozen=True)
class OfferFilters:
    """Clean search criteria (parsed from the query string by trainings.filters)."""

    q: str = ""
    rome_code: str = ""  # a ROME code: offers leading to that job
    domain: str = ""  # a ROME professional domain letter (A … N): the sector
    zone: str | None = None  # an employment zone code (of the action's place)
    department: str | None = None
    point: tuple[float, float] | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    level: int | None = None  # ExitLevel
    certifying: bool = False
    date_from: date | None = None  # sessions starting in the period; neither: sessions still to come
    date_to: date | None = None

    @property
    def period(self) -> bool:
        return bool(self.date_from or self.date_to)


@dataclass
class OfferSearchResult:
    page: Page
    total: int
    by_distance: bool

    @property
    def capped(self) -> bool:
        return self.total > RESULT_CAP


def _session_condition(filters: OfferFilters, today: date) -> Q:
    """The sessions that make an action a result: starting in the period, or still to come (a start
    today or later, or a permanent entry) when no period is given."""
    if not filters.period:
        return Q(start__gte=today) | Q(start__isnull=True)
    condition = Q()
    if filters.date_from:
        condition &= Q(start__gte=filters.date_from)
    if filters.date_to:
        condition &= Q(start__lte=filters.date_to)
    return condition


def offer_actions(filters: OfferFilters, today: date | None = None) -> QuerySet[TrainingAction]:
    """Actions matching every criterion, with `next_start`/`next_end` (the first matching session's
    dates; no start with `permanent`: a permanent entry) and `distance_km` near a point, in the order
    of the results: nearest first around a place, else by next session (permanent entries after the
    dated ones), then by title."""
    today = today or timezone.localdate()
    sessions = TrainingSession.objects.filter(_session_condition(filters, today), action=OuterRef("pk"))
    if filters.period:
        actions = TrainingAction.objects.filter(Exists(sessions))
    else:  # the dates stored on the actions (trainings.dates): no look-up of every match's sessions
        actions = TrainingAction.objects.filter(still_to_come(today))
    if filters.q:
        words = SearchQuery(fold(filters.q), search_type="websearch", config="french")
        actions = actions.filter(offer__search_vector=words)
    if filters.rome_code:
        actions = actions.filter(offer__rome_codes__contains=[filters.rome_code])
    if filters.domain:
        actions = actions.filter(offer__rome_domains__contains=[filters.domain])
    if filters.level is not None:
        actions = actions.filter(offer__exit_level=filters.level)
    if filters.certifying:
        actions = actions.filter(offer__certifying=True)
    if filters.zone:
        actions = actions.filter(employment_zone_id=filters.zone)
    if filters.department:
        actions = actions.filter(department_code=filters.department)
    if filters.point:
        actions = actions.near(*filters.point, filters.radius_km)
    dated = sessions.filter(start__isnull=False).order_by("start", "pk")
    if filters.period:  # sessions starting in the period: dated ones only
        first, permanent = Subquery(dated.values("start")[:1]), Value(False, output_field=BooleanField())
    else:
        first, permanent = next_start(today), F("permanent_entry")
    actions = (
        actions.select_related("offer")
        .only(*RESULT_FIELDS)
        .annotate(
            next_start=first,
            next_end=Subquery(dated.values("end")[:1]),  # read for the page's rows only
            permanent=permanent,
        )
    )
    order = [F("next_start").asc(nulls_last=True), "offer__title", "pk"]
    if filters.point:
        order.insert(0, "distance_km")
    return actions.order_by(*order)


def offer_search(
    *, filters: OfferFilters, page: str | int | None = 1, today: date | None = None
) -> OfferSearchResult:
    """One page of results in two queries whatever the number of matches: the count, then the page
    (its actions with their offer, next session and distance). Pages stop at RESULT_CAP results."""
    actions = offer_actions(filters, today)
    total = actions.count()
    paginator = Paginator(actions, PER_PAGE)
    paginator.count = min(total, RESULT_CAP)  # a cached property: no second COUNT
    number = _page_number(page, paginator.num_pages)
    return OfferSearchResult(page=paginator.page(number), total=total, by_distance=filters.point is not None)


def _page_number(page, last: int) -> int:
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)
