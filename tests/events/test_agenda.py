import html
from datetime import date, datetime, timedelta
from unittest import mock

import pytest

from events.enums import AttendanceMode, AudienceScope, EventStatus, EventType
from events.selectors import TZ, AgendaFilters, agenda_events
from structures.models import Audience, Department, EmploymentZone, Project, Sector
from tests.events.factories import EventFactory
from tests.factories import MemberFactory, SiteFactory, commune

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)
TODAY = NOW.date()


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def event(title, day=TODAY + timedelta(days=3), hours=2, **kwargs):
    start = at(day, kwargs.pop("hour", 9))
    return EventFactory(title=title, start=start, end=start + timedelta(hours=hours), **kwargs)


def titles(filters):
    return [found.title for found in agenda_events(filters)]


def text(response):
    return html.unescape(response.content.decode())


def test_default_period_starts_today_and_keeps_ongoing_events():
    event("Passé", day=TODAY - timedelta(days=2))
    event("Salon en cours", day=TODAY - timedelta(days=1), hours=72)
    event("À venir", day=TODAY + timedelta(days=10))
    assert titles(AgendaFilters(date_from=TODAY)) == ["Salon en cours", "À venir"]


def test_date_range_is_inclusive_in_paris_time():
    event("Premier jour", day=date(2026, 12, 10), hour=0)
    event("Dernier soir", day=date(2026, 12, 12), hour=23)
    event("Trop tard", day=date(2026, 12, 13), hour=0)
    filters = AgendaFilters(date_from=date(2026, 12, 10), date_to=date(2026, 12, 12))
    assert titles(filters) == ["Premier jour", "Dernier soir"]


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])  # daylight-saving changes
def test_daylight_saving_days_keep_their_late_evening_events(day):
    late = event("Soirée", day=day, hour=23)
    event("Lendemain", day=day + timedelta(days=1), hour=0)
    assert titles(AgendaFilters(date_from=day, date_to=day)) == ["Soirée"]
    assert late.start.astimezone(TZ).hour == 23
    assert late.start.utcoffset() is not None


def test_every_filter_alone():
    toulouse = event(
        "Forum Toulouse",
        type=EventType.FORUM,
        audiences=["jeunes"],
        sectors=["h"],
        projects=["se-former"],
        commune=commune("31555"),
        free=True,
    )
    albi = event(
        "Atelier Albi", type=EventType.WORKSHOP, audiences=["cadres"], sectors=["j"], commune=commune("81004")
    )
    albi.free = False
    albi.save()
    online = event(
        "Webinaire",
        type=EventType.WEBINAR,
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://visio.demo.invalid/",
        commune=None,
    )
    everyone = {"date_from": TODAY}
    jeunes = tuple(Audience.objects.filter(slug="jeunes").values_list("pk", flat=True))
    assert titles(AgendaFilters(**everyone, audience_ids=jeunes)) == ["Forum Toulouse"]
    assert titles(AgendaFilters(**everyone, sector_ids=(Sector.objects.get(slug="j").pk,))) == [
        "Atelier Albi"
    ]
    assert titles(AgendaFilters(**everyone, project_ids=(Project.objects.get(slug="se-former").pk,))) == [
        "Forum Toulouse"
    ]
    assert titles(AgendaFilters(**everyone, types=(EventType.WEBINAR,))) == ["Webinaire"]
    assert titles(AgendaFilters(**everyone, zone=EmploymentZone.objects.get(code="7625"))) == [
        "Forum Toulouse"
    ]
    assert titles(AgendaFilters(**everyone, department=Department.objects.get(code="81"))) == ["Atelier Albi"]
    assert "Atelier Albi" not in titles(AgendaFilters(**everyone, free_only=True))
    assert titles(AgendaFilters(**everyone, formats=("distance",))) == ["Webinaire"]
    assert "Webinaire" not in titles(AgendaFilters(**everyone, formats=("presentiel",)))
    assert titles(AgendaFilters(**everyone, q="forum")) == ["Forum Toulouse"]
    toulouse_point = (toulouse.latitude, toulouse.longitude)
    assert titles(AgendaFilters(**everyone, point=toulouse_point, radius_km=30)) == ["Forum Toulouse"]
    assert online.latitude is None


def test_charter_filter_needs_all_five_commitments():
    commitments = {
        "charter_free": True,
        "charter_accessible": True,
        "charter_branches": True,
        "charter_companies": True,
        "charter_demonstrations": True,
    }
    event("Exemplaire", **commitments)
    event("Presque", **{**commitments, "charter_demonstrations": False})
    assert titles(AgendaFilters(date_from=TODAY, charter_only=True)) == ["Exemplaire"]


def test_cancelled_events_stay_visible_drafts_and_pro_events_do_not():
    event("Annulé", status=EventStatus.CANCELLED)
    event("Complet", status=EventStatus.FULL)
    event("Brouillon", status=EventStatus.DRAFT)
    event("Soumis", status=EventStatus.SUBMITTED)
    event("Entre pros", scope=AudienceScope.PROFESSIONALS)
    assert sorted(titles(AgendaFilters(date_from=TODAY))) == ["Annulé", "Complet"]


def test_venue_site_gives_the_place_and_zone():
    site = SiteFactory(commune=commune("82121"))
    found = event("À la MCEF", venue=site, commune=None)
    assert found.commune_id == "82121"
    assert found.employment_zone_id == commune("82121").employment_zone_id
    assert (found.latitude, found.longitude) == (site.latitude, site.longitude)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def test_agenda_page_groups_by_day_and_marks_cancelled(client, frozen_now):
    event("Salon de l'apprentissage", day=date(2026, 12, 3), type=EventType.FAIR)
    event("Atelier CV", day=date(2026, 12, 3), hour=14)
    event("Forum annulé", day=date(2026, 12, 5), status=EventStatus.CANCELLED)
    response = client.get("/agenda/")
    assert response.status_code == 200
    content = text(response)
    assert "3 événements" in content
    assert "Jeudi 3 décembre 2026" in content
    assert "Samedi 5 décembre 2026" in content
    assert (
        content.index("Salon de l'apprentissage")
        < content.index("Atelier CV")
        < content.index("Forum annulé")
    )
    assert "Annulé</span>" in content
    assert "webcal://testserver/agenda.ics" in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"du": "2026-13-45"}, "Du"),
        ({"au": "demain"}, "Au"),
        ({"du": "2026-12-02", "au": "2026-12-01"}, "La date de fin (01/12/2026) précède la date de début"),
        ({"public": "martiens"}, "Public"),
        ({"secteur": "z"}, "Secteur"),
        ({"type": "rave"}, "Type d'événement"),
        ({"page": "999999"}, ""),
        ({"rayon": "abc"}, "Rayon"),
    ],
)
def test_bad_agenda_input_gives_a_message_not_an_error(client, frozen_now, params, message):
    event("Toujours là")
    response = client.get("/agenda/", params)
    assert response.status_code == 200
    assert message in text(response)
    assert "Toujours là" in text(response)


def test_agenda_query_count_is_constant(client, frozen_now, django_assert_max_num_queries):
    event("Premier", audiences=["jeunes"])
    params = {"commune": "Toulouse", "rayon": "50", "public": "jeunes"}
    client.get("/agenda/", params)  # warm the cached lists (taxonomies, territory, commune)
    with django_assert_max_num_queries(8) as one:
        client.get("/agenda/", params)
    for number in range(30):
        event(f"Événement {number}", audiences=["jeunes"], day=TODAY + timedelta(days=number % 9 + 1))
    client.get("/agenda/", params)  # new members: the cached lists are read again once
    with django_assert_max_num_queries(8) as many:
        response = client.get("/agenda/", params)
    assert "31 événements" in text(response)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_home_site_and_zone_pages_list_upcoming_events(client, frozen_now):
    site = SiteFactory(commune=commune("31555"))
    event("Portes ouvertes de la MCEF", venue=site, commune=None, type=EventType.OPEN_DAY)
    assert "Portes ouvertes de la MCEF" in text(client.get("/"))
    assert "Portes ouvertes de la MCEF" in text(client.get(site.get_absolute_url()))
    zone_page = text(client.get("/zones/7625/"))
    assert "Portes ouvertes de la MCEF" in zone_page
    assert '<h2 id="upcoming-events-title">Prochains événements</h2>' in zone_page
    assert 'href="/agenda/?zone=7625">Tout l\'agenda</a>' in zone_page


def test_dense_area_uses_the_same_order_and_filters(monkeypatch, client, frozen_now):
    monkeypatch.setattr("events.selectors.agenda.RESULT_CAP", 2)
    for number in range(4):
        event(f"Toulousain {number}", day=TODAY + timedelta(days=number + 1), commune=commune("31555"))
    event("Trop loin", day=TODAY + timedelta(days=1), commune=commune("81004"))
    content = text(client.get("/agenda/", {"commune": "Toulouse", "rayon": "30"}))
    assert "Plus de 200 événements" in content
    assert content.index("Toulousain 0") < content.index("Toulousain 1")
    assert "Trop loin" not in content
    assert " km</strong>" in content


def test_an_event_lasts_at_most_31_days():
    from django.core.exceptions import ValidationError

    long = EventFactory.build(start=at(TODAY), end=at(TODAY) + timedelta(days=40), organiser=MemberFactory())
    with pytest.raises(ValidationError, match="au plus 31 jours"):
        long.full_clean(exclude=["organiser"])


@pytest.mark.parametrize(
    ("radius", "criteria"),
    [
        (3, {}),  # one grid cell
        (30, {}),  # several
        (80, {}),  # many
        (30, {"free_only": True}),
        (80, {"q": "forum", "types": (EventType.FORUM, EventType.WORKSHOP), "free_only": True}),
    ],
)
def test_grid_cells_give_the_same_events_in_the_same_order(radius, criteria):
    """The cells' query is compiled once per shape of criteria (see events.selectors.cells)."""
    from events.selectors.agenda import _by_cells

    for number, code in enumerate(["31555", "31069", "31149", "31395", "81004", "82121", "31555"]):
        event(
            f"Forum {number}" if number % 2 else f"Événement {number}",
            day=TODAY + timedelta(days=number % 3 + 1),
            commune=commune(code),
            type=[EventType.FORUM, EventType.WORKSHOP, EventType.INFORMATION_SESSION][number % 3],
            free=number % 4 != 1,
        )
    toulouse = commune("31555")
    filters = AgendaFilters(
        date_from=TODAY, point=(toulouse.latitude, toulouse.longitude), radius_km=radius, **criteria
    )
    expected = list(agenda_events(filters, part="starting").values_list("pk", flat=True))
    assert expected
    assert _by_cells(filters, 0, 50) == (None, None, expected)
    assert _by_cells(filters, 1, 2) == (None, None, expected[1:3])
    # The probe counts the inner cells' matches up to its limit; below it, no cell is read.
    _, inside, none = _by_cells(filters, 0, 50, probe=100)  # the cells wholly inside the circle
    assert none == [] and inside <= len(expected) and (inside > 0 or radius < 10)
    if inside:
        assert _by_cells(filters, 0, 50, probe=inside) == (None, inside, expected)


def test_grid_cells_on_the_edge_of_the_circle_are_bounded_by_the_inner_ones():
    from events.selectors.agenda import _by_cells

    # Toulouse's own cell is read first; Muret's and Grenade's cells cross the 30 km circle.
    inner = [
        event(f"Toulouse {day}", day=TODAY + timedelta(days=day), commune=commune("31555"))
        for day in (2, 3, 4)
    ]
    earliest = event("Muret", day=TODAY + timedelta(days=1), commune=commune("31395"))
    latest = event("Grenade", day=TODAY + timedelta(days=6), commune=commune("31232"))
    toulouse = commune("31555")
    filters = AgendaFilters(date_from=TODAY, point=(toulouse.latitude, toulouse.longitude), radius_km=30)
    assert _by_cells(filters, 0, 3).ids == [earliest.pk, inner[0].pk, inner[1].pk]
    assert _by_cells(filters, 2, 10).ids == [inner[1].pk, inner[2].pk, latest.pk]
    # With the running events, the window is the page's: a salon running today comes first.
    salon = event("Salon", day=TODAY - timedelta(days=1), hours=72, commune=commune("31555"))
    page = _by_cells(filters, 0, 3, with_running=True)
    assert page.running == [salon.pk] and page.ids == [earliest.pk, inner[0].pk]
    assert _by_cells(filters, 3, 10, with_running=True).ids == [inner[1].pk, inner[2].pk, latest.pk]


@pytest.mark.parametrize("page", ["1", "2"])
def test_a_dense_area_found_by_its_inner_cells_skips_the_nearest_first_query(
    monkeypatch, client, frozen_now, django_assert_num_queries, page
):
    """More than RESULT_CAP matches in the cells inside the circle: the probe and the page's ids come in
    one query, and the page is the one the nearest-first path gives."""
    monkeypatch.setattr("events.selectors.agenda.RESULT_CAP", 4)
    monkeypatch.setattr("events.selectors.agenda.PER_PAGE", 2)
    for day in (5, 1, 4, 2, 3):
        event(f"Toulouse {day}", day=TODAY + timedelta(days=day), commune=commune("31555"))
    event("Muret", day=TODAY + timedelta(days=1, hours=1), commune=commune("31395"))
    client.get("/agenda/", {"commune": "31555", "rayon": "30"})  # the commune lookup, cached
    with django_assert_num_queries(2):  # running events, probe and cells in one; the page's events
        dense = client.get("/agenda/", {"commune": "31555", "rayon": "30", "page": page})
    titles = {"1": ["Toulouse 1", "Muret"], "2": ["Toulouse 2", "Toulouse 3"]}[page]
    assert [title for title in titles if title in text(dense)] == titles
    assert "Plus de 200 événements" in text(dense)  # the template's words for "capped"


def test_running_events_can_fill_a_dense_page(monkeypatch, client, frozen_now):
    monkeypatch.setattr("events.selectors.agenda.RESULT_CAP", 4)
    monkeypatch.setattr("events.selectors.agenda.PER_PAGE", 2)
    for number in range(3):  # three salons already running today
        event(f"Salon {number}", day=TODAY - timedelta(days=1), hours=72, commune=commune("31555"))
    for number in range(3):
        event(f"Atelier {number}", day=TODAY + timedelta(days=2), commune=commune("31555"))
    response = client.get("/agenda/", {"commune": "Toulouse", "rayon": "30"})
    assert response.status_code == 200
    assert "Salon 0" in text(response) and "Salon 1" in text(response)
    second = client.get("/agenda/", {"commune": "Toulouse", "rayon": "30", "page": "2"})
    assert "Salon 2" in text(second) and "Atelier 0" in text(second)


def test_event_cards_escape_what_they_show(client, frozen_now):
    event('Forum <b>"métiers"</b> & co', venue_name="Salle <i>", commune=commune("31555"))
    content = client.get("/agenda/").content.decode()
    assert "Forum &lt;b&gt;&#34;métiers&#34;&lt;/b&gt; &amp; co" in content
    assert "Salle &lt;i&gt;" in content
    assert "<b>" not in content and "<i>" not in content


def test_list_rows_say_what_the_model_says(django_assert_num_queries):
    """The agenda's page reads plain rows (events.selectors.ListEvent), in one query."""
    from events.models import Event
    from events.selectors.rows import ListEvent, events_by_ids

    at_venue = event("Forum", venue=SiteFactory(name="Cité des métiers", commune=commune("31555")))
    at_address = event("Atelier", venue=None, venue_name="Salle des fêtes", address="1 rue Haute")
    online = event("Webinaire", attendance_mode=AttendanceMode.ONLINE, online_url="https://x.test/")
    ids = [online.pk, at_venue.pk, at_address.pk]
    with django_assert_num_queries(1):
        rows = events_by_ids([*ids, 0])
    assert [row.pk for row in rows] == ids
    for row in rows:
        model = Event.objects.select_related("organiser", "venue", "commune").get(pk=row.pk)
        for name in ListEvent.__dataclass_fields__:
            if name not in ("distance_km", "url"):
                assert getattr(row, name) == getattr(model, name), name
        for name in ("is_cancelled", "is_full", "is_online", "has_coordinates", "get_absolute_url"):
            mine, theirs = getattr(row, name), getattr(model, name)
            assert (mine() if callable(mine) else mine) == (theirs() if callable(theirs) else theirs)
    assert rows[1].place_label == "Cité des métiers, Toulouse"
