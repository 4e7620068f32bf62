"""The demonstration agenda and regional programme loaded by `manage.py load_demo` (events.demo)."""

from datetime import date, datetime, time, timedelta
from io import StringIO
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.demo import demo_load
from events.enums import AttendanceMode, AudienceScope, EventStatus, EventType
from events.models import Event, PrioritySector
from structures.demo import DemoDataError
from structures.models import Commune, EmploymentZone

PARIS = ZoneInfo("Europe/Paris")
TOULOUSE_ZONE = "7625"


@pytest.fixture
def today() -> date:
    return timezone.localdate(timezone=PARIS)


@pytest.fixture
def demo(today):
    """The whole demo, network then agenda, as the command loads it."""
    call_command("load_demo", stdout=StringIO())
    return Event.objects.filter(identifier__startswith="demo-")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, PARIS)


def _snapshot() -> dict:
    return {
        "events": sorted(
            Event.objects.values_list("identifier", "updated_at", "start", "end", "search_text")
        ),
        "sectors": sorted(Event.sectors.through.objects.values_list("pk", flat=True)),
        "co_organisers": sorted(Event.co_organisers.through.objects.values_list("pk", flat=True)),
        "priorities": sorted(PrioritySector.objects.values_list("pk", "rationale")),
    }


def test_loading_the_same_day_again_changes_nothing(demo, today):
    before = _snapshot()

    result = demo_load(today=today)

    assert not result.changed
    assert _snapshot() == before


def test_loading_another_day_moves_the_events_without_duplicates(demo, today):
    before = dict(demo.values_list("identifier", "start"))

    result = demo_load(today=today + timedelta(days=3))

    after = dict(demo.values_list("identifier", "start"))
    assert after.keys() == before.keys()
    assert result.updated >= len(before) // 2
    assert sum(after[key] > before[key] for key in before) >= len(before) // 2


def test_demo_events_no_longer_in_the_data_are_deleted(demo, today):
    old = demo.first()
    old.pk, old.identifier, old.slug = None, "demo-ancien-forum", "demo-ancien-forum"
    old.save()

    result = demo_load(today=today)

    assert result.deleted == 1
    assert not Event.objects.filter(identifier="demo-ancien-forum").exists()


def test_agenda_needs_the_demo_network():
    with pytest.raises(DemoDataError, match="réseau de démonstration est absent"):
        demo_load()
    assert not Event.objects.exists()


def test_dry_run_writes_neither_the_network_nor_the_agenda():
    out = StringIO()
    call_command("load_demo", "--dry-run", stdout=out)

    assert "événements" in out.getvalue()
    assert "--dry-run" in out.getvalue()
    assert not Event.objects.exists()
    assert not PrioritySector.objects.exists()


def test_about_sixty_events_of_every_type_over_the_eight_departements(demo):
    assert 55 <= demo.count() <= 70
    assert set(demo.values_list("type", flat=True)) == set(EventType.values)
    departments = set(demo.exclude(commune=None).values_list("commune__department_id", flat=True))
    assert departments == {"09", "12", "31", "32", "46", "65", "81", "82"}


def test_events_spread_from_two_months_ago_to_four_months_ahead(demo, today):
    starts = [timezone.localdate(start, PARIS) for start in demo.values_list("start", flat=True)]
    past = [day for day in starts if day < today]
    this_week = [day for day in starts if today <= day < today + timedelta(days=7)]
    later = [day for day in starts if day >= today + timedelta(days=7)]

    assert min(starts) >= today - timedelta(days=70)
    assert max(starts) <= today + timedelta(days=130)
    assert len(past) >= 5
    assert len(this_week) >= 3
    assert len(later) > len(demo) / 2


def test_statuses_formats_and_durations_are_varied(demo):
    assert demo.filter(status=EventStatus.CANCELLED).count() >= 2
    assert 1 <= demo.filter(status=EventStatus.FULL).count() <= 2
    assert demo.filter(status__in=[EventStatus.DRAFT, EventStatus.SUBMITTED]).count() >= 2
    assert demo.filter(attendance_mode=AttendanceMode.ONLINE).exists()
    assert demo.filter(attendance_mode=AttendanceMode.MIXED).exists()
    multi_day = [event for event in demo if timezone.localdate(event.end) > timezone.localdate(event.start)]
    assert {event.type for event in multi_day} >= {EventType.FAIR, EventType.THEMATIC_WEEK}
    assert demo.filter(free=False).exists()
    assert demo.filter(free=True).count() > demo.count() * 0.9


def test_drafts_and_professional_events_are_not_public(demo):
    professional = demo.filter(scope=AudienceScope.PROFESSIONALS)
    public = demo.public()

    assert 2 <= professional.count() <= 3
    assert not public.filter(scope=AudienceScope.PROFESSIONALS).exists()
    assert not public.filter(status__in=[EventStatus.DRAFT, EventStatus.SUBMITTED]).exists()
    assert public.filter(status=EventStatus.CANCELLED).exists()


def test_some_events_meet_the_whole_charter_and_others_part_of_it(demo):
    assert demo.filter(meets_charter=True).count() >= 5
    partly = demo.filter(meets_charter=False, charter_free=True)
    assert partly.exists()
    assert not demo.filter(charter_free=True, free=False).exists()


def test_places_are_network_sites_or_addresses_and_online_events_have_a_fictitious_link(demo):
    on_site = demo.exclude(attendance_mode=AttendanceMode.ONLINE)
    assert not on_site.filter(latitude=None).exists()
    assert on_site.filter(venue__identifier__startswith="demo-").count() > on_site.count() / 2
    assert on_site.filter(
        venue=None, commune__code="82121", venue_name__icontains="Parc des expositions"
    ).exists()
    links = [
        *demo.exclude(online_url="").values_list("online_url", flat=True),
        *demo.exclude(registration_url="").values_list("registration_url", flat=True),
    ]
    assert links
    assert all(urlsplit(link).scheme == "https" for link in links)
    assert all(urlsplit(link).hostname.endswith("demo.invalid") for link in links)
    assert demo.filter(registration_required=False, registration_url="").exists()


def test_organisers_are_demo_members_and_terms_are_filled(demo):
    assert not demo.exclude(organiser__identifier__startswith="demo-").exists()
    assert demo.filter(co_organisers__isnull=False).distinct().count() > demo.count() / 2
    assert demo.filter(jobs__code="G1602", sectors__slug="g", type=EventType.JOB_DATING).exists()
    assert demo.filter(sectors__slug="h", type=EventType.THEMATIC_WEEK).exists()
    assert not demo.filter(search_text="").exists()


def test_free_job_fairs_of_the_next_two_months_near_montauban(demo, today):
    montauban = Commune.objects.get(code="82121")

    fairs = (
        Event.objects.public()
        .filter(
            type__in=[EventType.FAIR, EventType.FORUM],
            free=True,
            status=EventStatus.PUBLISHED,
            start__gte=_midnight(today),
            start__lt=_midnight(today + timedelta(days=60)),
        )
        .near(montauban.latitude, montauban.longitude, 30)
    )

    assert fairs.count() >= 2


def test_every_served_zone_has_two_to_four_priority_sectors_this_year_and_last_year(demo, today):
    zones = EmploymentZone.objects.served()
    assert zones.count() >= 8
    for year in (today.year, today.year - 1):
        for zone in zones:
            priorities = PrioritySector.objects.filter(employment_zone=zone, year=year)
            assert 2 <= priorities.count() <= 4, (zone, year)
            assert all(priority.rationale.endswith(".") for priority in priorities)


@pytest.mark.parametrize("today", [None, date(2026, 12, 30), date(2027, 1, 2), date(2027, 6, 13)])
def test_toulouse_programme_shows_a_gap_and_an_overlap_this_year(today):
    call_command("load_demo", stdout=StringIO())
    today = today or timezone.localdate(timezone=PARIS)
    demo_load(today=today)
    events = Event.objects.filter(employment_zone=TOULOUSE_ZONE, start__year=today.year).exclude(
        status__in=[EventStatus.CANCELLED, EventStatus.DRAFT]
    )
    priorities = PrioritySector.objects.filter(employment_zone=TOULOUSE_ZONE, year=today.year)

    gaps = [priority for priority in priorities if not events.filter(sectors=priority.sector_id).exists()]
    overlaps = [
        (first, second)
        for priority in priorities
        for first in events.filter(sectors=priority.sector_id)
        for second in events.filter(sectors=priority.sector_id, pk__gt=first.pk)
        if abs(first.start - second.start) <= timedelta(days=7)
    ]

    assert gaps
    assert overlaps
