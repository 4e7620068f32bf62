"""Reads of a place's page (`/lieux/<slug>/`): compiled once per process (see structures.compiled),
the page being the most visited after the search."""

from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef

from ..catalog import catalog
from ..compiled import CompiledQuery
from ..enums import SiteKind, label_of
from ..geo import nearest
from ..models import Audience, Permanence, Project, Scheme, ServiceOffer, Site
from ..urlcache import slug_url

NEARBY_COUNT = 5


def _site(slug):
    published_children = Site.objects.published().filter(parent=OuterRef("pk"))
    return (
        Site.objects.published()
        .filter(slug=slug)
        # Most places have no attached places: their pages skip that query.
        .annotate(has_children=Exists(published_children))
        .defer("search_text", "search_vector", "search_name", "audience_ids", "scheme_ids", "project_ids")
        # The parent, rare, is read only when there is one: two joins less.
        .select_related("member", "commune__department", "commune__employment_zone")
    )


def _labels(model):
    """The labels of a service's publics (schemes, projects) as an array: one query for all services."""
    return ArraySubquery(
        model.objects.filter(serviceoffer=OuterRef("pk")).order_by("position").values("label")
    )


def _services(site_id):
    return ServiceOffer.objects.filter(site_id=site_id).annotate(
        audience_labels=_labels(Audience), scheme_labels=_labels(Scheme), project_labels=_labels(Project)
    )


def _permanences(site_id):
    return Permanence.objects.filter(site_id=site_id).select_related("member").order_by("member__name", "pk")


class NearbySite(NamedTuple):
    """Another place as the page lists it and maps it (plain values: a model instance with its member
    and commune costs more to build than the line it makes)."""

    pk: int
    slug: str
    name: str
    kind: str
    member_name: str
    address: str
    postcode: str
    commune_name: str
    latitude: float
    longitude: float
    opening_hours: str
    coordinates_approximate: bool
    distance_km: float
    planar_distance: float
    url: str = ""

    @property
    def kind_label(self) -> str:
        return label_of(SiteKind, self.kind)

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def feature_row(self) -> tuple:
        """Its values in the order of structures.views.presenters.FEATURE_COLUMNS (`row_features`)."""
        return self[1:12]


_NEARBY_COLUMNS = [
    {"member_name": "member__name", "commune_name": "commune__name"}.get(name, name)
    for name in NearbySite._fields
    if name != "url"
]


def _nearby(site_id, latitude, longitude, fetch):
    others = Site.objects.published().exclude(pk=site_id).with_distance(latitude, longitude)
    return others.nearest_first(latitude, longitude).values_list(*_NEARBY_COLUMNS)[:fetch]


_SITE = CompiledQuery(_site, slug="str")
_SERVICES = CompiledQuery(_services, site_id="int")
_PERMANENCES = CompiledQuery(_permanences, site_id="int")
_NEARBY = CompiledQuery(_nearby, site_id="int", latitude="float", longitude="float", fetch="const")


def published_site(slug: str) -> Site | None:
    """The published place with this slug (annotated `has_children`), with its member and commune."""
    found = _SITE(key=catalog().inactive_members, slug=slug)
    return found[0] if found else None


def site_services(site: Site) -> list[ServiceOffer]:
    """The place's services, each with the labels of its publics, schemes and projects."""
    return _SERVICES(site_id=site.pk)


def site_permanences(site: Site) -> list[Permanence]:
    return _PERMANENCES(site_id=site.pk)


def nearby_sites(site: Site, count: int = NEARBY_COUNT) -> list[NearbySite]:
    """The nearest other published places, wherever they are (no radius: the index scan stops early)."""
    if not site.has_coordinates:
        return []
    inactive = catalog().inactive_members

    def fetch_rows(fetch: int) -> list[NearbySite]:
        rows = _NEARBY(
            key=inactive, site_id=site.pk, latitude=site.latitude, longitude=site.longitude, fetch=fetch
        )
        return [NearbySite(*row) for row in rows]

    url_of = slug_url("structures:site_detail")
    nearest_rows = nearest(None, site.latitude, site.longitude, count, fetch_rows=fetch_rows)
    return [row._replace(url=url_of(row.slug)) for row in nearest_rows]
