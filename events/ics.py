"""iCalendar (RFC 5545) files of events, built with the icalendar library."""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar

from .models import Event
from .selectors import TZ

PRODID = "-//Service public régional de l'orientation//Agenda//FR"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "spro-portal:events")
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def event_uid(event: Event) -> str:
    """Stable across requests, hosts and slug changes: derived from the event's identifier."""
    return f"{uuid.uuid5(UID_NAMESPACE, event.identifier)}@spro-portal"


def event_sequence(event: Event) -> int:
    """Grows with every change of the event (RFC 5545 SEQUENCE)."""
    return max(0, int((event.updated_at - SEQUENCE_EPOCH).total_seconds()))


def _vevent(event: Event, absolute_url: str, stamp: datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start.astimezone(TZ))
    vevent.add("dtend", event.end.astimezone(TZ))
    vevent.add("summary", event.title)
    description = "\n\n".join(part for part in [event.description, absolute_url] if part)
    vevent.add("description", description)
    location = event.place_label if event.attendance_mode != "distance" else ""
    if event.is_online and event.online_url:
        location = " — ".join(part for part in [location, event.online_url] if part)
    if location:
        vevent.add("location", location)
    if event.has_coordinates and event.attendance_mode != "distance":
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("url", absolute_url)
    vevent.add("categories", [event.get_type_display()])
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("sequence", event_sequence(event))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    return vevent


def calendar_bytes(events: Iterable[Event], *, name: str, url_for) -> bytes:
    """A VCALENDAR with the Europe/Paris VTIMEZONE; `url_for(event)` gives each event's absolute URL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Paris"))
    stamp = datetime.now(UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_vevent(event, url_for(event), stamp))
    return calendar.to_ical()
