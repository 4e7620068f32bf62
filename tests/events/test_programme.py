import csv
import io
from datetime import datetime, timedelta
from unittest import mock

import pytest

from events.models import PrioritySector
from events.selectors import TZ, regional_programme
from structures.models import EmploymentZone, Sector
from tests.events.factories import EventFactory
from tests.factories import commune

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=TZ)


@pytest.fixture
def programme_2026():
    zone = EmploymentZone.objects.get(code="7625")
    industry, health, building = (Sector.objects.get(slug=slug) for slug in "hjf")
    for sector in (industry, health, building):
        PrioritySector.objects.create(
            employment_zone=zone, sector=sector, year=2026, rationale=f"Priorité {sector}"
        )
    toulouse = commune("31555")
    for title, day in [("Semaine de l'industrie", 3), ("Forum aéronautique", 8), ("Salon de l'usine", 30)]:
        start = datetime(2026, 9, day, 9, 0, tzinfo=TZ)
        event = EventFactory(title=title, start=start, end=start + timedelta(hours=6), commune=toulouse)
        event.sectors.set([industry])
    start = datetime(2026, 10, 1, 9, 0, tzinfo=TZ)
    EventFactory(
        title="Forum santé", start=start, end=start + timedelta(hours=4), commune=toulouse
    ).sectors.set([health])
    cancelled = EventFactory(title="Annulé", start=start, end=start + timedelta(hours=4), commune=toulouse)
    cancelled.status = "annule"
    cancelled.save()
    cancelled.sectors.set([building])
    return zone


def test_gaps_and_overlaps(programme_2026):
    zones = {item.zone.code: item for item in regional_programme(year=2026)}
    toulouse = zones["7625"]
    lines = {line.priority.sector.slug: line for line in toulouse.lines}
    assert lines["h"].event_count == 3
    assert [(a.title, b.title) for a, b in lines["h"].overlaps] == [
        ("Semaine de l'industrie", "Forum aéronautique")
    ]
    assert lines["j"].event_count == 1 and not lines["j"].is_gap
    assert lines["f"].is_gap  # its only event is cancelled
    assert toulouse.gap_count == 1 and toulouse.overlap_count == 1
    assert "0052" not in zones  # Arles is outside the territory
    assert all(not item.lines for code, item in zones.items() if code != "7625")


def test_programme_page_highlights_gaps_and_overlaps(client, programme_2026, django_assert_max_num_queries):
    with mock.patch("django.utils.timezone.now", return_value=NOW), django_assert_max_num_queries(12):
        response = client.get("/agenda/programme/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Lacune : aucun événement" in content
    assert "Chevauchement" in content
    assert "1 lacune" in content


def test_programme_csv_export(client, programme_2026):
    response = client.get("/agenda/programme.csv", {"annee": "2026"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_sector = {row["secteur"]: row for row in rows if row["code_zone"] == "7625"}
    assert by_sector["Industrie"]["evenements"] == "3"
    assert by_sector["Industrie"]["chevauchements"] == "1"
    assert by_sector["Construction, bâtiment et travaux publics"]["lacune"] == "oui"


def test_bad_year_falls_back_to_the_current_one(client):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        response = client.get("/agenda/programme/", {"annee": "deux-mille"})
    assert response.status_code == 200
    assert "Année « deux-mille » invalide" in response.content.decode()
