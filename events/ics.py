"""iCalendar (RFC 5545) files of events, built with the icalendar library.

Each event's VEVENT is cached, keyed by the event's id, its last change and its URL (so any write makes a
new key); the Europe/Paris VTIMEZONE is computed once per process.
"""

import functools
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar
from django.core.cache import cache

from structures.enums import label_of

from .enums import EventType
from .models import Event
from .selectors import TZ

PRODID = "-//Service public régional de l'orientation//Agenda//FR"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "spro-portal:events")
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
VEVENT_CACHE_SECONDS = 24 * 3600


def event_uid(event: Event) -> str:
    """Stable across requests, hosts and slug changes: derived from the event's identifier."""
    return f"{uuid.uuid5(UID_NAMESPACE, event.identifier)}@spro-portal"


def event_sequence(event: Event) -> int:
    """Grows with every change of the event (RFC 5545 SEQUENCE)."""
    return max(0, int((event.updated_at - SEQUENCE_EPOCH).total_seconds()))


def _vevent(event: Event, absolute_url: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.updated_at.astimezone(UTC).replace(microsecond=0))
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
    vevent.add("categories", [label_of(EventType, event.type)])
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("sequence", event_sequence(event))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    return vevent


@functools.cache
def _timezone_ical() -> bytes:
    return icalendar.Timezone.from_tzid("Europe/Paris").to_ical()


def _vevents_ical(events: list[Event], url_for) -> list[bytes]:
    keys = {event.pk: f"ics:{event.pk}:{event.updated_at.timestamp()}:{url_for(event)}" for event in events}
    cached = cache.get_many(keys.values())
    missing = {}
    for event in events:
        key = keys[event.pk]
        if key not in cached:
            missing[key] = cached[key] = _vevent(event, url_for(event)).to_ical()
    if missing:
        cache.set_many(missing, VEVENT_CACHE_SECONDS)
    return [cached[keys[event.pk]] for event in events]


def calendar_bytes(events: Iterable[Event], *, name: str, url_for) -> bytes:
    """A VCALENDAR with the Europe/Paris VTIMEZONE; `url_for(event)` gives each event's absolute URL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    body = [_timezone_ical(), *_vevents_ical(list(events), url_for)]
    return head + b"".join(body) + b"END:VCALENDAR" + end
