"""`manage.py generate_synthetic`: national-scale synthetic data, at small sizes here."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from events.enums import CHARTER_COMMITMENTS, AttendanceMode, AudienceScope, EventStatus
from events.models import CalendarEntry, Event
from events.selectors import AgendaFilters, agenda_events
from events.services import event_index_refresh
from structures import hours
from structures.fields import MinuteRangesField
from structures.models import Member, Permanence, ServiceOffer, Site
from structures.selectors import SiteFilters, site_search
from structures.services import site_index_refresh
from tests.events.factories import EventFactory
from tests.factories import MemberFactory, ProfessionalFactory, SiteFactory

SITES, EVENTS = 300, 2000
TOULOUSE = (43.604049, 1.443047)
CHARTER_FIELDS = [name for name, _label in CHARTER_COMMITMENTS]


def generate(sites=SITES, events=EVENTS, seed=1, **options):
    call_command("generate_synthetic", sites=sites, events=events, seed=seed, verbosity=0, **options)


def synthetic(model):
    return model.objects.filter(identifier__startswith="synth-")


@pytest.fixture
def generated():
    generate()


def foreign_keys() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_writes_the_requested_numbers_of_sites_and_events(generated):
    assert synthetic(Site).count() == SITES
    assert synthetic(Event).count() == EVENTS
    assert 100 <= synthetic(Member).count() <= 1000
    services = Counter(
        ServiceOffer.objects.filter(site__identifier__startswith="synth-").values_list("site", flat=True)
    )
    assert len(services) == SITES
    assert set(services.values()) <= {1, 2, 3}
    assert 0 < Permanence.objects.filter(site__identifier__startswith="synth-").count() < SITES * 0.15
    # the commune's département and zone, copied as Site.save does
    assert not synthetic(Site).exclude(department_code=F("commune__department_id")).exists()
    assert not synthetic(Site).exclude(zone_code=F("commune__employment_zone_id")).exists()


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    def snapshot():
        sites = list(
            synthetic(Site).order_by("identifier").values_list("identifier", "name", "commune", "latitude")
        )
        events = list(
            synthetic(Event).order_by("identifier").values_list("identifier", "title", "start", "venue__name")
        )
        return sites, events

    generate(seed=7)
    first = snapshot()
    generate(seed=7)
    assert snapshot() == first
    generate(seed=8)
    assert snapshot()[0] != first[0]


def test_a_new_run_replaces_synthetic_rows_and_leaves_real_and_demo_rows_alone():
    demo_member = MemberFactory(identifier="demo-membre", name="Membre de démonstration")
    demo_site = SiteFactory(identifier="demo-lieu", member=demo_member)
    real_site = SiteFactory(name="Lieu réel")
    real_event = EventFactory(title="Forum réel", venue=real_site)
    generate()
    generate(sites=200, events=500)
    assert synthetic(Site).count() == 200
    assert synthetic(Event).count() == 500
    assert Site.objects.filter(pk__in=[demo_site.pk, real_site.pk]).count() == 2
    assert Member.objects.filter(pk=demo_member.pk).exists()
    real_event.refresh_from_db()
    assert real_event.title == "Forum réel"
    assert real_event.venue_id == real_site.pk


def test_a_new_run_deletes_the_stored_vevents_of_the_synthetic_events_only():
    real_event = EventFactory(title="Forum réel")
    generate(sites=20, events=30)
    for event in [real_event, synthetic(Event).first()]:
        CalendarEntry.objects.create(
            event=event, base_url="http://h/", version=1, written_at=timezone.now(), body=b""
        )
    generate(sites=20, events=30)
    assert list(CalendarEntry.objects.values_list("event_id", flat=True)) == [real_event.pk]


def test_a_real_professional_limited_to_a_synthetic_place_loses_only_that_link():
    generate(sites=20, events=30)
    professional = ProfessionalFactory()
    professional.sites.add(synthetic(Site).first())
    generate(sites=20, events=30)
    professional.refresh_from_db()
    assert not professional.sites.exists()


def test_a_real_event_co_organised_by_a_synthetic_member_loses_only_that_link():
    generate(sites=20, events=30)
    real_event = EventFactory(title="Forum réel", co_organisers=[synthetic(Member).first()])
    generate(sites=20, events=30)
    real_event.refresh_from_db()
    assert real_event.title == "Forum réel"
    assert not real_event.co_organisers.exists()


def test_events_without_synthetic_sites_have_an_address_or_are_online():
    generate(sites=0, events=200)
    assert not synthetic(Site).exists()
    assert synthetic(Event).count() == 200
    assert not synthetic(Event).exclude(venue=None).exists()
    assert not synthetic(Event).filter(commune=None).exclude(attendance_mode=AttendanceMode.ONLINE).exists()


def test_foreign_keys_dropped_for_the_load_are_all_back():
    before = foreign_keys()
    generate(sites=50, events=100)
    assert foreign_keys() == before


def test_dry_run_writes_nothing():
    generate(dry_run=True)
    assert not synthetic(Site).exists()
    assert not synthetic(Member).exists()
    assert not synthetic(Event).exists()


def test_sites_have_valid_fields_and_hours_with_their_derived_columns(generated):
    sites = list(synthetic(Site))
    field = MinuteRangesField()
    for site in sites:
        site.clean_fields()
        assert hours.validation_error(site.opening_hours) == ""
        schedule = hours.week_schedule(site.opening_hours)
        assert site.week_open == (
            field.to_python(field.get_prep_value(schedule.ranges)) if site.opening_hours else None
        )
        assert site.open_saturday == schedule.open_saturday
        assert site.open_evening == schedule.open_evening
        assert site.closed_on_public_holidays == schedule.closed_on_public_holidays
        assert site.published and site.slug.startswith("synth-")
    assert any(site.open_saturday for site in sites)
    assert any(site.open_evening for site in sites)
    assert any(site.accessibility for site in sites)
    assert Counter(site.kind for site in sites).most_common(1)[0][0] == "lieu_membre"


def test_search_columns_and_arrays_of_sites_are_those_of_the_index_refresh(generated):
    columns = ["search_name", "search_text", "audience_ids", "scheme_ids", "project_ids"]
    written = {row["pk"]: row for row in synthetic(Site).values("pk", *columns)}
    site_index_refresh(sites=synthetic(Site))
    refreshed = {row["pk"]: row for row in synthetic(Site).values("pk", *columns)}
    assert refreshed == written


def test_search_columns_and_arrays_of_events_are_those_of_the_index_refresh(generated):
    columns = ["search_text", "audience_ids", "sector_ids", "project_ids"]
    written = {row["pk"]: row for row in synthetic(Event).values("pk", *columns)}
    event_index_refresh(events=synthetic(Event))
    refreshed = {row["pk"]: row for row in synthetic(Event).values("pk", *columns)}
    assert refreshed == written


def test_public_search_finds_a_synthetic_site_by_commune_and_by_distance(generated):
    site = synthetic(Site).select_related("commune").order_by("identifier").first()
    by_text = site_search(
        filters=SiteFilters(q=site.commune.name, point=(site.latitude, site.longitude), radius_km=5)
    )
    assert by_text.page[0] == site
    near_toulouse = site_search(filters=SiteFilters(point=TOULOUSE, radius_km=30))
    assert near_toulouse.total > 0
    assert all(found.identifier.startswith("synth-") for found in near_toulouse.page)


def test_events_have_valid_fields_and_places(generated):
    events = list(synthetic(Event).select_related("venue", "commune"))
    for event in events:
        event.clean_fields()
        event.clean()
        assert event.end >= event.start
        if event.venue_id:
            venue = event.venue
            assert (event.commune_id, event.latitude, event.longitude) == (
                venue.commune_id,
                venue.latitude,
                venue.longitude,
            )
            assert (event.address, event.postcode) == (venue.address, venue.postcode)
        assert event.employment_zone_id == (event.commune.employment_zone_id if event.commune_id else None)
        if event.attendance_mode == AttendanceMode.ONLINE:
            assert event.latitude is None and event.venue_id is None
    at_sites = sum(event.venue_id is not None for event in events) / len(events)
    assert 0.4 < at_sites < 0.6
    assert any((event.end - event.start).days >= 1 for event in events)
    assert {event.attendance_mode for event in events} == set(AttendanceMode.values)
    assert {EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.FULL, EventStatus.DRAFT} <= {
        event.status for event in events
    }
    assert Counter(event.scope for event in events).most_common(1)[0][0] == AudienceScope.EVERYONE


def test_charter_flag_is_computed_by_the_database(generated):
    events = synthetic(Event)
    all_five = dict.fromkeys(CHARTER_FIELDS, True)
    assert events.filter(meets_charter=True).exists()
    assert events.filter(meets_charter=True).count() == events.filter(**all_five).count()
    assert not events.filter(meets_charter=False, **all_five).exists()
    assert events.filter(meets_charter=False).exists()
    assert not events.filter(end__lt=F("start")).exists()


def test_public_agenda_lists_synthetic_events_of_a_zone(generated):
    today = timezone.localdate()
    upcoming = synthetic(Event).public().upcoming(timezone.now()).exclude(employment_zone=None)
    event = upcoming.select_related("employment_zone").order_by("identifier").first()
    listed = agenda_events(AgendaFilters(date_from=today, zone=event.employment_zone))
    assert listed.filter(pk=event.pk).exists()


def test_progress_bar_is_shown_unless_verbosity_is_zero(capsys):
    generate(sites=20, events=30)
    assert "Lieux" not in capsys.readouterr().err
    call_command("generate_synthetic", sites=20, events=30, verbosity=1)
    captured = capsys.readouterr()
    assert "Lieux" in captured.err and "Événements" in captured.err
    assert "20 lieux" in captured.out
