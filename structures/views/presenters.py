"""Shapes of data for templates and machines: map features, JSON-LD, query strings."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from .. import hours
from ..enums import SiteKind, labels
from ..models import Site
from ..urlcache import reverse_slug, slug_url

ECHO_MAX_LENGTH = 200


def limited_query(query: QueryDict) -> QueryDict:
    """A copy of the query string to echo back in a page (form values, links): each value cut to
    ECHO_MAX_LENGTH characters, so that a very long value cannot swell the page (the filters refuse it
    with a message anyway)."""
    copy = QueryDict(mutable=True)
    for name, values in query.lists():
        copy.setlist(name[:ECHO_MAX_LENGTH], [value[:ECHO_MAX_LENGTH] for value in values])
    return copy


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


def map_settings() -> dict:
    """The tile server and attribution of the maps (templates/structures/includes/map.html)."""
    return {"tiles": settings.PORTAL_MAP_TILES_URL, "attribution": settings.PORTAL_MAP_ATTRIBUTION}


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


# --- A place's contact channels ("Nous contacter" on its page) --------------------------------------


@dataclass(frozen=True)
class Channel:
    """A way to reach a place: `label` (before `value`, or the link's text when there is no value),
    its link, and `note`, when it answers (`state`: "open", "closed", "unknown"; "" for no colour)."""

    label: str
    href: str
    value: str = ""
    note: str = ""
    state: str = ""
    external: bool = False


def _phone_note(availability: hours.Availability) -> str:
    if availability.state == "open":
        if availability.until:
            return _("Joignable maintenant (jusqu'à %(time)s)") % {"time": availability.until}
        return _("Joignable maintenant")
    if availability.state == "closed":
        if availability.opens:
            return _("Rappel possible %(when)s") % {"when": availability.opens}
        return _("Fermé pour le moment")
    return _("Horaires non renseignés")


def _chat_note(availability: hours.Availability) -> str:
    if availability.state == "open":
        if availability.until:
            return _("Disponible maintenant (jusqu'à %(time)s)") % {"time": availability.until}
        return _("Disponible maintenant")
    if availability.state == "closed":
        if availability.opens:
            return _("Disponible %(when)s") % {"when": availability.opens}
        return _("Indisponible pour le moment")
    return ""


def contact_channels(site: Site, availability: hours.Availability) -> list[Channel]:
    """The place's phones and chat (answering during its opening hours: `availability`), e-mail, online
    question (always offered: it reaches the place's member) and online appointments."""
    state = availability.state
    channels = []
    if site.phone:
        href = "tel:" + "".join(site.phone.split())
        channels.append(Channel(_("Téléphone"), href, site.phone, _phone_note(availability), state))
    if site.free_phone:
        href = "tel:" + "".join(site.free_phone.split())
        label = _("Numéro vert (appel gratuit)")
        channels.append(Channel(label, href, site.free_phone, _phone_note(availability), state))
    if site.chat_url:
        label = _("Discuter en ligne avec un conseiller")
        note = _chat_note(availability)
        channels.append(Channel(label, site.chat_url, note=note, state=state if note else "", external=True))
    if site.email:
        channels.append(Channel(_("Courriel"), f"mailto:{site.email}", site.email, _("Réponse par e-mail")))
    channels.append(
        Channel(
            _("Poser une question en ligne"),
            reverse_slug("structures:site_question", site.slug),
            note=_("Sans créer de compte ; réponse par e-mail"),
        )
    )
    if site.appointment_url:
        channels.append(Channel(_("Prendre rendez-vous en ligne"), site.appointment_url, external=True))
    return channels
