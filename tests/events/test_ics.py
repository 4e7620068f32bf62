import json
from datetime import datetime, timedelta
from unittest import mock

import icalendar
import pytest
from django.db.models.functions import Now

from events.enums import AttendanceMode, EventStatus, EventType
from events.models import CalendarEntry, Event
from events.selectors import TZ
from tests.events.factories import EventFactory
from tests.factories import SiteFactory, commune

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def test_event_ics_is_valid_with_paris_timezone(client):
    start = datetime(2027, 3, 28, 9, 30, tzinfo=TZ)  # the day summer time starts
    event = EventFactory(title="Salon de l'orientation", start=start, end=start + timedelta(hours=8))
    calendar = parse(client.get(f"/agenda/{event.slug}.ics"))
    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    (vevent,) = vevents(calendar)
    assert vevent["SUMMARY"] == "Salon de l'orientation"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(hours=2)
    assert vevent["URL"] == f"http://testserver/agenda/{event.slug}/"
    assert vevent["STATUS"] == "CONFIRMED"


def test_uid_is_stable_and_sequence_grows_on_change(client):
    event = EventFactory()
    first = vevents(parse(client.get(f"/agenda/{event.slug}.ics")))[0]
    second = vevents(parse(client.get(f"/agenda/{event.slug}.ics")))[0]
    assert first["UID"] == second["UID"]
    event.title = "Nouveau titre"
    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(minutes=5)):
        event.save()
    third = vevents(parse(client.get(f"/agenda/{event.slug}.ics")))[0]
    assert third["UID"] == first["UID"]
    assert int(third["SEQUENCE"]) > int(first["SEQUENCE"])


def test_cancelled_event_has_cancelled_status(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    assert vevents(parse(client.get(f"/agenda/{event.slug}.ics")))[0]["STATUS"] == "CANCELLED"


def test_feed_applies_the_agenda_filters(client):
    start = NOW + timedelta(days=5)
    EventFactory(title="Forum Montauban", type=EventType.FORUM, commune=commune("82121"), start=start)
    EventFactory(title="Atelier Albi", type=EventType.WORKSHOP, commune=commune("81004"), start=start)
    EventFactory(title="Annulé", type=EventType.FORUM, commune=commune("82121"), start=start, status="annule")
    calendar = parse(client.get("/agenda.ics", {"type": "forum", "commune": "Montauban", "rayon": "30"}))
    assert sorted(str(v["SUMMARY"]) for v in vevents(calendar)) == ["Annulé", "Forum Montauban"]
    statuses = {str(v["SUMMARY"]): str(v["STATUS"]) for v in vevents(calendar)}
    assert statuses["Annulé"] == "CANCELLED"


def test_feed_reads_only_the_events_whose_vevent_is_not_kept(client, django_assert_num_queries, settings):
    from events import ics

    ics._REMEMBERED.clear()
    start = NOW + timedelta(days=5)
    first, second = (EventFactory(title=f"Forum {n}", start=start + timedelta(hours=n)) for n in (1, 2))
    query = {"q": "forum"}
    client.get("/agenda.ics", query)  # writes both VEVENTs, stores them and remembers them
    # one query: running events, events of the period and their last changes; no event rows
    with django_assert_num_queries(1):
        calendar = parse(client.get("/agenda.ics", query))
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Forum 1", "Forum 2"]
    # Another process (forgetting what this one remembers): both VEVENTs from the shared store.
    ics._REMEMBERED.clear()
    with django_assert_num_queries(2):
        calendar = parse(client.get("/agenda.ics", query))
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Forum 1", "Forum 2"]
    second.title = "Forum 2 déplacé"
    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(minutes=5)):
        second.save()
    # and the store, the changed event's row and the store's update (in a savepoint here: two more)
    with django_assert_num_queries(6):
        calendar = parse(client.get("/agenda.ics", query))
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Forum 1", "Forum 2 déplacé"]
    ics._REMEMBERED.clear()
    assert [str(v["SUMMARY"]) for v in vevents(parse(client.get("/agenda.ics", query)))] == [
        "Forum 1",
        "Forum 2 déplacé",
    ]
    assert bytes(CalendarEntry.objects.get(event=second).body).count(b"SUMMARY:Forum 2 d") == 1
    first.delete()  # and its stored VEVENT
    assert [str(v["SUMMARY"]) for v in vevents(parse(client.get("/agenda.ics", query)))] == [
        "Forum 2 déplacé"
    ]
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    assert vevents(parse(client.get("/agenda.ics", query, HTTP_HOST="autre.example")))[0]["URL"] == (
        f"http://autre.example/agenda/{second.slug}/"
    )
    assert sorted(CalendarEntry.objects.values_list("event_id", "base_url")) == [
        (second.pk, "http://autre.example/"),
        (second.pk, "http://testserver/"),
    ]


def test_a_feed_is_served_when_its_vevents_cannot_be_stored(client, caplog):
    from events import ics

    EventFactory(title="Forum Orion", start=NOW + timedelta(days=5))
    failing = "SELECT %s::text, %s::bigint[], %s::bigint[], %s::bytea[], 1 / 0"  # a database error
    with mock.patch.object(ics, "_STORE_SQL", failing):
        calendar = parse(client.get("/agenda.ics", {"q": "orion"}))
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Forum Orion"]
    assert "VEVENTs not stored" in caplog.text
    assert not CalendarEntry.objects.exists()


def test_kept_vevents_are_forgotten_in_time(client, monkeypatch):
    import time

    from events import ics
    from structures.models import Site

    site = SiteFactory(name="Salle Apollo")
    EventFactory(title="Forum Pégase", venue=site, start=NOW + timedelta(days=5))
    query = {"q": "pégase"}

    def location():
        return str(vevents(parse(client.get("/agenda.ics", query)))[0]["LOCATION"])

    assert location().startswith("Salle Apollo")
    # A venue renamed in bulk: its events keep their versions, and their VEVENTs stay as written.
    Site.objects.filter(pk=site.pk).update(name="Salle Borée")
    assert location().startswith("Salle Apollo")  # remembered by the process
    later = time.monotonic() + ics.REMEMBERED_SECONDS + 1
    monkeypatch.setattr(ics.time, "monotonic", lambda: later)
    assert location().startswith("Salle Apollo")  # stored
    CalendarEntry.objects.update(written_at=Now() - timedelta(seconds=ics.STORED_SECONDS + 1))
    ics._REMEMBERED.clear()
    assert location().startswith("Salle Borée")


def test_feed_with_bad_filters_is_a_400_with_a_french_message(client):
    response = client.get("/agenda.ics", {"du": "2026-13-45"})
    assert response.status_code == 400
    assert "Flux non généré" in response.content.decode()


def test_empty_feed_is_a_valid_calendar(client):
    calendar = parse(client.get("/agenda.ics", {"q": "introuvable"}))
    assert vevents(calendar) == []
    assert calendar.walk("VTIMEZONE")


def test_event_page_json_ld_and_facts(client):
    site = SiteFactory(name="MCEF de Montauban", commune=commune("82121"))
    event = EventFactory(
        title="Job dating hôtellerie",
        type=EventType.JOB_DATING,
        venue=site,
        commune=None,
        attendance_mode=AttendanceMode.MIXED,
        online_url="https://visio.demo.invalid/job",
        registration_required=True,
        registration_url="https://inscription.demo.invalid/",
        capacity=40,
        charter_free=True,
        charter_accessible=True,
        charter_branches=True,
        charter_companies=True,
        charter_demonstrations=True,
    )
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert site.get_absolute_url() in content
    assert f"/agenda/{event.slug}.ics" in content
    assert "Charte des événements respectée" in content
    data = json.loads(content.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {location["@type"] for location in data["location"]} == {"Place", "VirtualLocation"}
    assert data["organizer"]["name"] == event.organiser.name
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["url"] == "https://inscription.demo.invalid/"
    assert data["startDate"].endswith("+01:00") or data["startDate"].endswith("+02:00")


def test_draft_event_page_is_not_found(client):
    event = EventFactory(status=EventStatus.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/agenda/{event.slug}.ics").status_code == 404


def _reference_vevent(fields: dict) -> bytes:
    """The same properties built with the icalendar library."""
    vevent = icalendar.Event()
    for name, value in fields.items():
        if value is not None:
            vevent.add(name, [value] if name == "CATEGORIES" else value)
    return vevent.to_ical()


@pytest.mark.parametrize(
    "title, description, online",
    [
        ("Salon de l'orientation", "", False),
        ("Forum, métiers; \\ « emploi » " + "é" * 90, "Ligne 1\nLigne 2; a, b\\c\r\nfin", False),
        ("Webinaire", "Présentation en ligne", True),
    ],
)
def test_vevent_written_directly_says_what_the_icalendar_library_says(title, description, online):
    from events.ics import _vevent_ical, vevent_fields
    from events.selectors import FeedEvent

    event = EventFactory(
        title=title,
        description=description,
        attendance_mode=AttendanceMode.ONLINE if online else AttendanceMode.ON_SITE,
        online_url="https://visio.example.org/salle" if online else "",
    )
    url = f"https://portail.example.org/agenda/{event.slug}/"
    written = _vevent_ical(FeedEvent.of(event), url, "Salon")
    ours = icalendar.Event.from_ical(written)
    theirs = icalendar.Event.from_ical(_reference_vevent(vevent_fields(FeedEvent.of(event), url, "Salon")))
    assert set(ours) == set(theirs)
    for name in theirs:
        if name == "CATEGORIES":
            assert ours[name].to_ical() == theirs[name].to_ical()
        else:
            assert ours.decoded(name) == theirs.decoded(name), name
            assert dict(ours[name].params) == dict(theirs[name].params), name
    assert all(len(line) <= 75 for line in written.split(b"\r\n"))
    assert str(ours.decoded("SUMMARY")) == title


def _reference_fold(line: str) -> str:
    """RFC 5545 folding character by character (what events.ics._fold does on bytes)."""
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


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:court",
        "DESCRIPTION:" + "a" * 63,  # exactly 75 octets
        "DESCRIPTION:" + "a" * 64,
        "DESCRIPTION:" + "é" * 200,  # two octets each, cut points fall inside characters
        "DESCRIPTION:" + "a" + "€" * 100 + "😀" * 40,  # three and four octets
        "LOCATION:" + "Cité des métiers, " * 30,
    ],
)
def test_folding_keeps_lines_within_75_octets_and_characters_whole(line):
    from events.ics import _fold

    folded = _fold(line)
    assert folded == _reference_fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_a_feed_writes_the_same_vevent_as_the_event_page(client, django_assert_num_queries):
    """Feeds read fewer columns (events.selectors.feed_events): nothing is missing nor read again."""
    from events.selectors import FeedEvent, feed_events

    site = SiteFactory(name="Cité des métiers", commune=commune("31555"))
    at_venue = EventFactory(title="Forum", venue=site, commune=commune("31555"))
    at_address = EventFactory(
        title="Atelier",
        venue=None,
        venue_name="Salle des fêtes",
        address="1 rue Haute",
        commune=commune("82121"),
    )
    online = EventFactory(
        title="Webinaire", attendance_mode=AttendanceMode.ONLINE, online_url="https://x.test/"
    )
    events = [at_venue, at_address, online]
    with django_assert_num_queries(1):
        light = {event.pk: event for event in feed_events([e.pk for e in events])}
    full = Event.objects.select_related("venue", "commune")
    assert light == {event.pk: FeedEvent.of(full.get(pk=event.pk)) for event in events}
    assert light[at_address.pk].place_label == "Salle des fêtes, 1 rue Haute, 82000 Montauban"
    assert light[at_venue.pk].place_label == "Cité des métiers, Toulouse"


def test_feed_carries_the_first_events_of_the_agenda_up_to_its_limit(client, monkeypatch):
    """Running events first, then those beginning, in agenda order; the feed stops at its limit."""
    monkeypatch.setattr("events.views.public.FEED_MAX_EVENTS", 3)
    zone = commune("31555").employment_zone_id
    running = EventFactory(
        title="Semaine en cours",
        commune=commune("31555"),
        start=NOW - timedelta(days=2),
        end=NOW + timedelta(days=2),
    )
    for day in (4, 2, 3, 1):
        EventFactory(title=f"Jour {day}", commune=commune("31555"), start=NOW + timedelta(days=day))
    calendar = parse(client.get("/agenda.ics", {"zone": zone}))
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == [running.title, "Jour 1", "Jour 2"]
