"""Shapes of data for templates and machines: map features, JSON-LD, query strings."""

from datetime import datetime

from django.http import QueryDict

from .. import hours
from ..models import Site


def querystring_without(query: QueryDict, *names: str, **replace: str) -> str:
    """The query string without `names`, with `replace` values set."""
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    for name, value in replace.items():
        copy[name] = value
    return copy.urlencode()


def map_features(sites: list[Site], *, now: datetime, statuses: list | None = None) -> list[dict]:
    """GeoJSON features (name, link, kind, member, address, open now) of sites with coordinates;
    `statuses`, when given, are the sites' hours statuses already computed for the page."""
    features = []
    for index, site in enumerate(sites):
        if not site.has_coordinates:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(site.longitude, 6), round(site.latitude, 6)],
                },
                "properties": {
                    "name": site.name,
                    "url": site.get_absolute_url(),
                    "kind": site.kind_label,
                    "member": site.member.name,
                    "address": ", ".join(
                        part
                        for part in [site.address, f"{site.postcode} {site.commune.name}".strip()]
                        if part
                    ),
                    "open_now": (
                        hours.is_open_at(site.opening_hours, now)
                        if statuses is None
                        else (None if statuses[index].state == "unknown" else statuses[index].is_open)
                    ),
                    "approximate": site.coordinates_approximate,
                },
            }
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
