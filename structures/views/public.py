"""Public pages of the network: the place search, a place, members, employment zones."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When, Window
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from spro_portal.context_processors import url_or_none

from .. import hours
from ..catalog import catalog
from ..enums import AccessibilityFeature, SiteKind
from ..filters import OPEN_CHOICES, SORT_CHOICES, SiteFilterSet
from ..models import Commune, EmploymentZone, Member, Site
from ..selectors import site_search
from ..selectors.site_page import nearby_sites, published_site, site_permanences, site_services
from ..selectors.sites import MAX_RADIUS_KM, filtered_sites
from .presenters import (
    FEATURE_COLUMNS,
    contact_channels,
    limited_query,
    map_features,
    map_settings,
    querystring_without,
    row_features,
    site_json_ld,
)

NEARBY_COUNT = 5
# Features per GeoJSON page (OGC API Features' default is 10): a département's map takes a few pages.
GEOJSON_PAGE = 100
LIST_PAGE = 50  # places per page on member and zone pages
MAIN_TOWNS = 5  # most populated communes on a zone page
KIND_ORDER = Case(
    *(When(kind=kind, then=Value(position)) for position, kind in enumerate(SiteKind.values)),
    output_field=IntegerField(),
)

FILTER_LABELS = {
    "q": gettext_lazy("Mots-clés"),
    "public": gettext_lazy("Public"),
    "dispositif": gettext_lazy("Dispositif"),
    "projet": gettext_lazy("Projet"),
    "type": gettext_lazy("Type de lieu"),
    "zone": gettext_lazy("Zone d'emploi"),
    "departement": gettext_lazy("Département"),
    "ouvert": gettext_lazy("Ouverture"),
    "accessibilite": gettext_lazy("Accessibilité"),
}


def _term_options(terms, selected_ids, counts: dict | None) -> list[dict]:
    """Checkbox options; `counts` is None when the result is too large to count (no figure shown)."""
    return [
        {
            "value": term.slug,
            "label": term.label,
            "count": None if counts is None else counts.get(term.pk, 0),
            "checked": term.pk in selected_ids,
        }
        for term in terms
    ]


def _widening(request, criteria) -> list[dict]:
    """Links that relax the search, for an empty result."""
    links = []
    if criteria.point and criteria.radius_km < MAX_RADIUS_KM:
        radius = int(min(MAX_RADIUS_KM, max(50, criteria.radius_km * 2.5)))
        query = limited_query(request.GET)
        query["rayon"] = str(radius)
        query.pop("page", None)
        links.append(
            {"label": _("Chercher dans un rayon de %(km)d km") % {"km": radius}, "query": query.urlencode()}
        )
    for name, label in FILTER_LABELS.items():
        if request.GET.get(name):
            links.append(
                {
                    "label": _("Retirer le critère « %(label)s »") % {"label": label},
                    "query": querystring_without(limited_query(request.GET), name, "page"),
                }
            )
    return links


@require_safe
def site_list(request):
    filterset = SiteFilterSet(request.GET)
    criteria = filterset.criteria()
    result = site_search(filters=criteria, page=request.GET.get("page"))
    now = timezone.now()
    rows = [(site, site.hours_status(now)) for site in result.page]
    facets = {name: None if result.capped else counts for name, counts in result.facets.items()}
    kind_counts = facets["kinds"]
    terms = catalog()
    context = {
        "criteria": criteria,
        "problems": filterset.problems,
        "place": filterset.place,
        "result": result,
        "rows": rows,
        "query": limited_query(request.GET),
        "audience_options": _term_options(terms.audiences, criteria.audience_ids, facets["audiences"]),
        "scheme_options": _term_options(terms.schemes, criteria.scheme_ids, facets["schemes"]),
        "project_options": _term_options(terms.projects, criteria.project_ids, facets["projects"]),
        "kind_options": [
            {
                "value": value,
                "label": label,
                "count": None if kind_counts is None else kind_counts.get(value, 0),
                "checked": value in criteria.kinds,
            }
            for value, label in SiteKind.choices
        ],
        "accessibility_options": [
            {"value": value, "label": label, "checked": value in criteria.accessibility}
            for value, label in AccessibilityFeature.choices
        ],
        "open_options": OPEN_CHOICES,
        "sort_options": SORT_CHOICES,
        "departments": terms.department_options(criteria.department),
        "zones": terms.zone_options(criteria.zone),
        "widening": _widening(request, criteria) if result.total == 0 else [],
        "candidate_queries": [
            (candidate, querystring_without(request.GET, "page", commune=candidate.key))
            for candidate in (filterset.place.candidates if filterset.place else ())
        ],
        "map_features": map_features(list(result.page), now=now, statuses=[status for _site, status in rows]),
        "map": map_settings(),
    }
    return render(request, "structures/site_list.html", context)


@require_safe
def site_geojson(request):
    """The same search as /lieux/, as a GeoJSON FeatureCollection of at most GEOJSON_PAGE features, with
    a `next` link (OGC API style) while more remain."""
    filterset = SiteFilterSet(request.GET)
    criteria = filterset.criteria()
    number = _positive_int(request.GET.get("page"), default=1)
    offset = (number - 1) * GEOJSON_PAGE
    sites = (
        filtered_sites(criteria)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list(*FEATURE_COLUMNS)[offset : offset + GEOJSON_PAGE + 1]
    )
    rows = list(sites)
    collection = {
        "type": "FeatureCollection",
        "features": row_features(rows[:GEOJSON_PAGE], now=timezone.now()),
        "numberReturned": min(len(rows), GEOJSON_PAGE),
        "links": [],
    }
    if len(rows) > GEOJSON_PAGE:
        query = querystring_without(request.GET, "page", page=str(number + 1))
        collection["links"].append(
            {"rel": "next", "type": "application/geo+json", "href": request.build_absolute_uri(f"?{query}")}
        )
    if filterset.problems:
        collection["messages"] = filterset.problems
    response = JsonResponse(collection, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    return response


# Beyond this page a GeoJSON search is past every place anyway; it keeps the SQL OFFSET a valid bigint.
MAX_PAGE = 1_000_000


def _positive_int(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 1), MAX_PAGE)


@require_safe
def site_detail(request, slug):
    site = published_site(slug)
    if site is None:
        raise Http404(_("Ce lieu n'existe pas ou n'est plus publié."))
    now = timezone.now()
    today = now.astimezone(hours.TZ).date()
    children = []
    if site.has_children:
        children = list(site.children.published().for_list().order_by(KIND_ORDER, "name"))
    nearby = nearby_sites(site)
    status = site.hours_status(now)
    context = {
        "site": site,
        "status": status,
        "channels": contact_channels(site, hours.availability(site.opening_hours, now)),
        "days": hours.next_days(site.opening_hours, today),
        "services": site_services(site),
        "permanences": [
            (permanence, hours.typical_week(permanence.opening_hours))
            for permanence in site_permanences(site)
        ],
        "children": children,
        "nearby": nearby,
        "structured_data": site_json_ld(site, request),
        "map_features": [
            *map_features([site], now=now, statuses=[status]),
            *row_features([other.feature_row for other in nearby], now=now),
        ],
        "map": map_settings(),
    }
    return render(request, "structures/site_detail.html", context)


@require_safe
def member_list(request):
    published = Q(sites__published=True)
    members = Member.objects.active().annotate(site_count=Count("sites", filter=published)).order_by("name")
    groups = []
    for value, label in Member._meta.get_field("category").choices:
        in_group = [member for member in members if member.category == value]
        if in_group:
            groups.append({"label": label, "members": in_group})
    return render(request, "structures/member_list.html", {"groups": groups})


@require_safe
def member_detail(request, slug):
    member = get_object_or_404(Member.objects.active(), slug=slug)
    sites = (
        member.sites.published()
        .select_related("member", "commune__department")
        .order_by("commune__department_id", "name", "pk")
    )
    page = Paginator(sites, LIST_PAGE).get_page(request.GET.get("page"))
    permanences = member.permanences.filter(site__published=True).select_related("site__commune")
    context = {
        "member": member,
        "page": page,
        "permanences": permanences,
        "map_features": map_features(page, now=timezone.now()),
        "map": map_settings(),
    }
    return render(request, "structures/member_detail.html", context)


@require_safe
def zone_list(request):
    published = Q(communes__sites__published=True, communes__sites__member__active=True)
    zones = (
        EmploymentZone.objects.served()
        .annotate(site_count=Count("communes__sites", filter=published, distinct=True))
        .prefetch_related("departments")
        .order_by("name")
    )
    return render(request, "structures/zone_list.html", {"zones": zones})


@require_safe
def zone_detail(request, code):
    zone = EmploymentZone.objects.served().filter(code=code).prefetch_related("departments").first()
    if zone is None:
        raise Http404(_("Cette zone d'emploi n'est pas dans le territoire du portail."))
    sites = (
        Site.objects.published()
        .filter(commune__employment_zone=zone)
        .select_related("member", "commune")
        .order_by(KIND_ORDER, "commune__name", "name", "pk")
    )
    page = Paginator(sites, LIST_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    groups = []
    for value, label in SiteKind.choices:
        in_group = [(site, site.hours_status(now)) for site in page if site.kind == value]
        if in_group:
            groups.append({"label": label, "rows": in_group})
    # The most populated communes, with the zone's population over all of them (one query).
    towns = list(
        Commune.objects.filter(employment_zone=zone)
        .annotate(zone_population=Window(Sum("population")))
        .only("code", "name", "population")
        .order_by("-population", "name")[:MAIN_TOWNS]
    )
    context = {
        "zone": zone,
        "population": number_format(towns[0].zone_population if towns else 0, force_grouping=True),
        "towns": [(town.name, number_format(town.population, force_grouping=True)) for town in towns],
        "today_year": timezone.localdate().year,
        # The training offers' search and pages (trainings), linked once they exist.
        "offers_url": url_or_none("trainings:offer_list"),
        "groups": groups,
        "page": page,
        "map_features": map_features(page, now=now),
        "map": map_settings(),
    }
    return render(request, "structures/zone_detail.html", context)
