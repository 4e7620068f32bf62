"""iCalendar (RFC 5545) files of events: the calendar and its VTIMEZONE built with the icalendar library,
each VEVENT written directly (see `_vevent_ical`).

Each event's VEVENT is kept, under the event's id, its last change and the site's address (so any write
to the event makes a new entry), in a table that all processes share (`CalendarEntry`) and in each
process's memory: a feed reads the ids and last changes of its events, then the VEVENTs kept of them,
then the rows of the others. The Europe/Paris VTIMEZONE is computed once per process.
"""

import contextlib
import functools
import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urljoin

import icalendar
from django.db import DatabaseError, connection, transaction

from structures.compiled import preparing_cursor
from structures.enums import labels
from structures.urlcache import slug_url

from .enums import AttendanceMode, EventStatus, EventType
from .models import CalendarEntry, Event
from .selectors import TZ, FeedEvent, version_of

PRODID = "-//Service public régional de l'orientation//Agenda//FR"
logger = logging.getLogger(__name__)
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "spro-portal:events")
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def event_uid(event) -> str:
    """Stable across requests, hosts and slug changes: derived from the event's identifier."""
    return f"{uuid.uuid5(UID_NAMESPACE, event.identifier)}@spro-portal"


def event_sequence(event) -> int:
    """Grows with every change of the event (RFC 5545 SEQUENCE)."""
    return max(0, int((event.updated_at - SEQUENCE_EPOCH).total_seconds()))


def vevent_fields(event: FeedEvent, absolute_url: str, category: str) -> dict:
    """What a VEVENT says of an event (property name → Python value); `category` is its type's label."""
    description = "\n\n".join(part for part in [event.description, absolute_url] if part)
    on_site = event.attendance_mode != AttendanceMode.ONLINE
    location = event.place_label if on_site else ""
    if event.attendance_mode != AttendanceMode.ON_SITE and event.online_url:
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
        "CATEGORIES": category,
        "STATUS": "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED",
        "SEQUENCE": event_sequence(event),
        "CREATED": event.created_at.astimezone(UTC),
        "LAST-MODIFIED": event.updated_at.astimezone(UTC),
    }
    if on_site and event.latitude is not None and event.longitude is not None:
        fields["GEO"] = (event.latitude, event.longitude)
    return fields


def _text(value: str) -> str:
    """An RFC 5545 TEXT value (section 3.3.11); str.replace is several times faster than str.translate
    on accented text."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, width = [], 0, 75
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: cut before it
            end -= 1
        parts.append(data[start:end].decode())
        start, width = end, 74  # the continuation lines begin with a space
    return "\r\n ".join(parts)


def _vevent_ical(event: FeedEvent, absolute_url: str, category: str) -> bytes:
    """The VEVENT of an event, written directly (the icalendar library builds the same properties, as
    tests/events/test_ics.py checks, at about twenty times the cost: feeds carry 50 events)."""
    fields = vevent_fields(event, absolute_url, category)
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


# The VEVENTs this process wrote or read from the shared store, by (event id, version, site root). A
# feed carries 50: a dictionary saves it a query. All forgotten every REMEMBERED_SECONDS (a venue
# renamed does not change its events' versions: the store's own STORED_SECONDS then bounds how long a
# feed shows the old name) or when they grow too many.
_REMEMBERED: dict[tuple[int, int, str], bytes] = {}
REMEMBERED_MAX = 20_000
REMEMBERED_SECONDS = 3600
STORED_SECONDS = 24 * 3600
_remembered_since = time.monotonic()


def _remembered() -> dict[tuple[int, int, str], bytes]:
    global _remembered_since
    now = time.monotonic()
    if now - _remembered_since > REMEMBERED_SECONDS:
        _REMEMBERED.clear()
        _remembered_since = now
    return _REMEMBERED


def _remember(bodies: dict[tuple[int, int, str], bytes]) -> None:
    if len(_REMEMBERED) + len(bodies) > REMEMBERED_MAX:
        _REMEMBERED.clear()  # rare: start again rather than track each entry's use
    _REMEMBERED.update(bodies)


_TABLE = CalendarEntry._meta.db_table
# The stored VEVENTs of these events at these versions, written less than STORED_SECONDS ago.
_STORED_SQL = f"""
    SELECT entry.event_id, entry.body FROM {_TABLE} entry
    JOIN unnest(%s::bigint[], %s::bigint[]) AS wanted (id, version)
      ON entry.event_id = wanted.id AND entry.version = wanted.version
    WHERE entry.base_url = %s AND entry.written_at > now() - make_interval(secs => %s)
"""  # noqa: S608 (the model's table)
# In the order of the ids: concurrent feeds writing the same events lock them in the same order. An
# entry is replaced by the same or a later version only (a slower feed may have read an older one).
_STORE_SQL = f"""
    INSERT INTO {_TABLE} (event_id, version, body, base_url, written_at)
    SELECT id, version, body, %s, now() FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[])
        AS written (id, version, body)
    ORDER BY id
    ON CONFLICT (event_id, base_url) DO UPDATE
    SET version = EXCLUDED.version, body = EXCLUDED.body, written_at = EXCLUDED.written_at
    WHERE {_TABLE}.version <= EXCLUDED.version
"""  # noqa: S608 (the model's table)


def _stored(versions: list[tuple[int, int]], base_url: str) -> dict[int, bytes]:
    """The stored VEVENTs of these (id, version)s, by id. (Both statements are prepared, with their
    parameters and rows in binary: 50 VEVENTs as hexadecimal text in the SQL cost three times more.)"""
    ids, numbers = [pk for pk, _ in versions], [version for _, version in versions]
    with preparing_cursor(connection) as cursor:
        cursor.execute(_STORED_SQL, [ids, numbers, base_url, STORED_SECONDS])
        return {pk: bytes(body) for pk, body in cursor.fetchall()}


def _store(written: list[tuple[int, int, bytes]], base_url: str) -> None:
    """Store these (id, version, VEVENT)s for the other processes. Best effort: an event deleted
    meanwhile (its foreign key) or a lock conflict leaves the store as it was, and the feed is served."""
    # Alone, the statement is its own transaction; inside one, a savepoint keeps it usable on failure.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with guard, preparing_cursor(connection) as cursor:
            cursor.execute(_STORE_SQL, [base_url, *(list(column) for column in zip(*written, strict=True))])
    except DatabaseError:
        logger.warning("VEVENTs not stored for %s", base_url, exc_info=True)


def _vevents_ical(versions: list[tuple[int, int]], fetch, base_url: str) -> list[bytes]:
    """The VEVENTs of the events of `versions` ((id, version: see `version_of`), in order): remembered
    by the process or stored by any process (`CalendarEntry`), the others written from `fetch(ids)`,
    which returns those events as `FeedEvent`s (any that no longer exist are left out)."""
    remembered = _remembered()
    bodies = {
        pk: remembered[key] for pk, version in versions if (key := (pk, version, base_url)) in remembered
    }
    if len(bodies) < len(versions):
        stored = _stored([item for item in versions if item[0] not in bodies], base_url)
        _remember({(pk, version, base_url): stored[pk] for pk, version in versions if pk in stored})
        bodies.update(stored)
    missing = [pk for pk, _ in versions if pk not in bodies]
    if missing:
        written = []
        root = urljoin(base_url, "/")[:-1]  # scheme and host: the paths carry the script prefix
        event_path = slug_url("events:event_detail")
        categories = labels(EventType)
        for event in fetch(missing):
            # Under the event's version as read: a change since `versions` was read gives a new one.
            body = _vevent_ical(event, root + event_path(event.slug), categories.get(event.type, event.type))
            bodies[event.pk] = body
            written.append((event.pk, version_of(event.updated_at), body))
        if written:
            _store(written, base_url)
            _remember({(pk, version, base_url): body for pk, version, body in written})
    return [bodies[pk] for pk, _ in versions if pk in bodies]


def calendar_bytes(
    versions: list[tuple[int, int]], *, name: str, base_url: str, fetch: Callable[[list[int]], list]
) -> bytes:
    """A VCALENDAR with the Europe/Paris VTIMEZONE and a VEVENT for each event of `versions` ((id,
    version), in order). Each VEVENT is the one kept when the event has not changed since it was
    built, so a feed reads only the events it has to write: `fetch(ids)` returns them. `base_url` is the
    site's root ("https://host/"), joined to each event's path."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    body = [_timezone_ical(), *_vevents_ical(versions, fetch, base_url)]
    return head + b"".join(body) + b"END:VCALENDAR" + end


def event_calendar_bytes(event: Event, *, base_url: str) -> bytes:
    """The calendar of one event, already read."""
    return calendar_bytes(
        [(event.pk, version_of(event.updated_at))],
        name=event.title,
        base_url=base_url,
        fetch=lambda ids: [FeedEvent.of(event)],
    )
