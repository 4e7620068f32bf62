"""The common programming: every member's events of a month, drafts included, with overlaps flagged."""

from datetime import datetime, timedelta

from events.enums import EventStatus
from events.selectors import TZ
from tests.events.factories import EventFactory
from tests.factories import commune

MONTH = "2027-03"


def at(day, hour):
    return datetime(2027, 3, day, hour, 0, tzinfo=TZ)


def test_all_members_events_of_the_month_including_drafts_own_ones_editable(pro_client, professional):
    mine = EventFactory(
        organiser=professional.member,
        title="Notre atelier",
        start=at(10, 9),
        end=at(10, 12),
        status=EventStatus.DRAFT,
    )
    theirs = EventFactory(title="Leur brouillon", start=at(12, 14), end=at(12, 16), status=EventStatus.DRAFT)
    EventFactory(title="Avril", start=at(10, 9) + timedelta(days=30), end=at(10, 12) + timedelta(days=30))
    for view in ("mois", "liste"):
        page = pro_client.get("/espace-pro/programmation/", {"mois": MONTH, "vue": view}).content.decode()
        assert "Mars 2027" in page
        assert f'href="/espace-pro/evenements/{mine.slug}/modifier/"' in page
        assert "Leur brouillon" in page and f"/espace-pro/evenements/{theirs.slug}/modifier/" not in page
        assert "Avril" not in page


def test_events_of_the_same_zone_at_the_same_time_are_flagged(pro_client):
    albi = commune("81004")
    EventFactory(title="Forum A", commune=albi, start=at(15, 9), end=at(15, 12))
    EventFactory(title="Forum B", commune=albi, start=at(15, 11), end=at(15, 13))
    EventFactory(title="Forum C", commune=albi, start=at(16, 9), end=at(16, 12))
    page = pro_client.get("/espace-pro/programmation/", {"mois": MONTH, "vue": "liste"}).content.decode()
    lines = {
        title: line
        for line in page.split("<li>")
        for title in ("Forum A", "Forum B", "Forum C")
        if title in line
    }
    assert "chevauchement" in lines["Forum A"] and "chevauchement" in lines["Forum B"]
    assert "chevauchement" not in lines["Forum C"]


def test_filters_by_zone_and_organiser(pro_client):
    albi, toulouse = commune("81004"), commune("31555")
    EventFactory(title="À Albi", commune=albi, start=at(3, 9), end=at(3, 10))
    other = EventFactory(title="À Toulouse", commune=toulouse, start=at(3, 9), end=at(3, 10))
    page = pro_client.get(
        "/espace-pro/programmation/", {"mois": MONTH, "zone": albi.employment_zone_id}
    ).content.decode()
    assert "À Albi" in page and "À Toulouse" not in page
    page = pro_client.get(
        "/espace-pro/programmation/", {"mois": MONTH, "membre": other.organiser.slug}
    ).content.decode()
    assert "À Toulouse" in page and "À Albi" not in page


def test_bad_criteria_show_the_current_month_with_a_french_message(pro_client):
    response = pro_client.get("/espace-pro/programmation/", {"mois": "2027-13", "vue": "n'importe"})
    assert response.status_code == 200
    assert "Critères invalides" in response.content.decode()


def test_query_count_does_not_grow_with_the_events(pro_client, django_assert_max_num_queries):
    for day in range(1, 29):
        EventFactory(start=at(day, 9), end=at(day, 10))
    with django_assert_max_num_queries(12):
        pro_client.get("/espace-pro/programmation/", {"mois": MONTH})
