"""Shapes of event data for templates and machines: map features and schema.org JSON-LD."""

from structures.enums import labels

from ..enums import AttendanceMode, EventType
from ..models import Event
from ..selectors import TZ

ATTENDANCE = {
    AttendanceMode.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def event_features(events) -> list[dict]:
    features = []
    kinds = labels(EventType)
    for event in events:
        if not event.has_coordinates or event.attendance_mode == AttendanceMode.ONLINE:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(event.longitude, 6), round(event.latitude, 6)],
                },
                "properties": {
                    "name": event.title,
                    "url": event.get_absolute_url(),
                    "kind": kinds.get(event.type, event.type),
                    "member": event.organiser_name,
                    "address": event.place_label,
                    "open_now": None,
                    "when": event.start.astimezone(TZ).strftime("%d/%m/%Y %H:%M"),
                },
            }
        )
    return features


def _place(event: Event) -> dict:
    place = {
        "@type": "Place",
        "name": event.venue.name if event.venue_id else (event.venue_name or event.place_label),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "postalCode": event.postcode,
            "addressLocality": event.commune.name if event.commune_id else "",
            "addressCountry": "FR",
        },
    }
    if event.has_coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude, "longitude": event.longitude}
    return place


def event_json_ld(event: Event, request) -> dict:
    url = request.build_absolute_uri(event.get_absolute_url())
    locations = []
    if event.attendance_mode != AttendanceMode.ONLINE:
        locations.append(_place(event))
    if event.attendance_mode != AttendanceMode.ON_SITE:
        locations.append({"@type": "VirtualLocation", "url": event.online_url or url})
    organizer = {"@type": "Organization", "name": event.organiser.name}
    if event.organiser.website:
        organizer["url"] = event.organiser.website
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "url": url,
        "startDate": event.start.astimezone(TZ).isoformat(),
        "endDate": event.end.astimezone(TZ).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE[event.attendance_mode],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organizer,
        "isAccessibleForFree": event.free,
    }
    offer = {
        "@type": "Offer",
        "url": event.registration_url or url,
        "availability": "https://schema.org/SoldOut" if event.is_full else "https://schema.org/InStock",
    }
    if event.free:
        offer.update({"price": 0, "priceCurrency": "EUR"})
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    data["offers"] = offer
    return data
