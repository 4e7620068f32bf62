"""iCalendar (RFC 5545) files of events: the calendar and its VTIMEZONE built with the icalendar library,
each VEVENT written directly (see `_vevent_ical`).

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


def vevent_fields(event: Event, absolute_url: str) -> dict:
    """What a VEVENT says of an event (property name → Python value)."""
    description = "\n\n".join(part for part in [event.description, absolute_url] if part)
    location = event.place_label if event.attendance_mode != "distance" else ""
    if event.is_online and event.online_url:
        location = " — ".join(part for part in [location, event.online_url] if part)
    fields = {
        "UID": event_uid(event),
        "DTSTAMP": event.updated_at.astimezone(UTC).replace(microsecond=0),
        "DTSTART": event.start.astimezone(TZ),
        "DTEND": event.end.astimezone(TZ),
        "SUMMARY": event.title,
        "DESCRIPTION": description,
        "LOCATION": location or None,
        "GEO": None,
        "URL": absolute_url,
        "CATEGORIES": label_of(EventType, event.type),
        "STATUS": "CANCELLED" if event.is_cancelled else "CONFIRMED",
        "SEQUENCE": event_sequence(event),
        "CREATED": event.created_at.astimezone(UTC),
        "LAST-MODIFIED": event.updated_at.astimezone(UTC),
    }
    if event.has_coordinates and event.attendance_mode != "distance":
        fields["GEO"] = (event.latitude, event.longitude)
    return fields


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def _text(value: str) -> str:
    """An RFC 5545 TEXT value (section 3.3.11)."""
    return value.translate(_TEXT_ESCAPES)


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8 character."""
    if len(line.encode()) <= 75:
        return line
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts)


def _vevent_ical(event: Event, absolute_url: str) -> bytes:
    """The VEVENT of an event, written directly (the icalendar library builds the same properties, as
    tests/events/test_ics.py checks, at about twenty times the cost: feeds carry 50 events)."""
    fields = vevent_fields(event, absolute_url)
    utc, local = "%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(fields['UID'])}",
        f"DTSTAMP:{fields['DTSTAMP'].strftime(utc)}",
        f"DTSTART;TZID=Europe/Paris:{fields['DTSTART'].strftime(local)}",
        f"DTEND;TZID=Europe/Paris:{fields['DTEND'].strftime(local)}",
        f"SUMMARY:{_text(fields['SUMMARY'])}",
        f"DESCRIPTION:{_text(fields['DESCRIPTION'])}",
    ]
    if fields["LOCATION"]:
        lines.append(f"LOCATION:{_text(fields['LOCATION'])}")
    if fields["GEO"]:
        lines.append("GEO:{};{}".format(*fields["GEO"]))
    lines += [
        f"URL:{fields['URL']}",
        f"CATEGORIES:{_text(fields['CATEGORIES'])}",
        f"STATUS:{fields['STATUS']}",
        f"SEQUENCE:{fields['SEQUENCE']}",
        f"CREATED:{fields['CREATED'].strftime(utc)}",
        f"LAST-MODIFIED:{fields['LAST-MODIFIED'].strftime(utc)}",
        "END:VEVENT",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


@functools.cache
def _timezone_ical() -> bytes:
    return icalendar.Timezone.from_tzid("Europe/Paris").to_ical()


def _vevents_ical(events: list[Event], url_for) -> list[bytes]:
    keys = {event.pk: f"ics2:{event.pk}:{event.updated_at.timestamp()}:{url_for(event)}" for event in events}
    cached = cache.get_many(keys.values())
    missing = {}
    for event in events:
        key = keys[event.pk]
        if key not in cached:
            missing[key] = cached[key] = _vevent_ical(event, url_for(event))
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
