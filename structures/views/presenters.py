"""Shapes of data for templates and machines: map features, JSON-LD, query strings."""

from datetime import datetime

from django.http import QueryDict

from .. import hours
from ..enums import SiteKind, labels
from ..models import Site
from ..urlcache import slug_url


def querystring_without(query: QueryDict, *names: str, **replace: str) -> str:
    """The query string without `names`, with `replace` values set."""
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    for name, value in replace.items():
        copy[name] = value
    return copy.urlencode()


def _feature(url, name, kind, member, address, postcode, commune, latitude, longitude, open_now, approximate):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]},
        "properties": {
            "name": name,
            "url": url,
            "kind": kind,
            "member": member,
            "address": ", ".join(part for part in [address, f"{postcode} {commune}".strip()] if part),
            "open_now": open_now,
            "approximate": approximate,
        },
    }


def map_features(sites: list[Site], *, now: datetime, statuses: list | None = None) -> list[dict]:
    """GeoJSON features (name, link, kind, member, address, open now) of sites with coordinates;
    `statuses`, when given, are the sites' hours statuses already computed for the page."""
    kinds = labels(SiteKind)
    features = []
    for index, site in enumerate(sites):
        if not site.has_coordinates:
            continue
        if statuses is None:
            open_now = hours.is_open_at(site.opening_hours, now)
        else:
            open_now = None if statuses[index].state == "unknown" else statuses[index].is_open
        features.append(
            _feature(
                site.get_absolute_url(),
                site.name,
                kinds.get(site.kind, site.kind),
                site.member.name,
                site.address,
                site.postcode,
                site.commune.name,
                site.latitude,
                site.longitude,
                open_now,
                site.coordinates_approximate,
            )
        )
    return features


# The columns of `row_features`, in its order (the GeoJSON export reads rows, not model instances).
FEATURE_COLUMNS = (
    "slug", "name", "kind", "member__name", "address", "postcode", "commune__name", "latitude", "longitude",
    "opening_hours", "coordinates_approximate",
)  # fmt: skip


def row_features(rows, *, now: datetime) -> list[dict]:
    """`map_features` of `FEATURE_COLUMNS` rows of sites with coordinates."""
    kinds = labels(SiteKind)
    url = slug_url("structures:site_detail")
    features = []
    for slug, name, kind, member, address, postcode, commune, latitude, longitude, opening, approx in rows:
        features.append(
            _feature(
                url(slug),
                name,
                kinds.get(kind, kind),
                member,
                address,
                postcode,
                commune,
                latitude,
                longitude,
                hours.is_open_at(opening, now),
                approx,
            )
        )
    return features


def site_json_ld(site: Site, request) -> dict:
    """schema.org description of a place, with its usual opening hours."""
    data = {
        "@context": "https://schema.org",
        "@type": "CivicStructure",
        "name": site.name,
        "url": request.build_absolute_uri(site.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": site.address,
            "postalCode": site.postcode,
            "addressLocality": site.commune.name,
            "addressCountry": "FR",
        },
        "parentOrganization": {"@type": "Organization", "name": site.member.name},
        "isAccessibleForFree": True,
    }
    if site.has_coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": site.latitude, "longitude": site.longitude}
    if site.phone:
        data["telephone"] = site.phone
    if site.email:
        data["email"] = site.email
    if site.member.website:
        data["parentOrganization"]["url"] = site.member.website
    specifications = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{hours.WEEKDAYS[day]}",
            "opens": opens,
            "closes": "23:59" if closes == "24:00" else closes,
        }
        for day, intervals in hours.typical_week(site.opening_hours)
        for opens, closes in intervals
    ]
    if specifications:
        data["openingHoursSpecification"] = specifications
    return data
