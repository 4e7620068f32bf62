"""Open data of the agenda: /donnees/evenements.csv."""

import csv
import io
from datetime import datetime, timedelta
from unittest import mock

import pytest

from events import opendata
from events.enums import AttendanceMode, AudienceScope, EventStatus, EventType
from structures.catalog import catalog
from tests.events.factories import ONLINE_URL, EventFactory
from tests.factories import MemberFactory, ProfessionalFactory, SiteFactory, UserFactory

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=opendata.TZ)
URL = "/donnees/evenements.csv"


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def rows(client) -> list[dict]:
    response = client.get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response))))


def test_events_csv_has_a_header_and_a_row_per_public_event(client):
    organiser = MemberFactory(name="France Travail")
    partner = MemberFactory(name="Mission locale")
    start = datetime(2026, 12, 10, 9, 30, tzinfo=opendata.TZ)
    event = EventFactory(
        title="Forum de l'alternance",
        type=EventType.FORUM,
        start=start,
        end=start + timedelta(hours=6),
        organiser=organiser,
        co_organisers=[partner],
        audiences=["jeunes", "demandeurs-emploi"],
        sectors=["f"],
        projects=["se-former"],
        schemes=["apprentissage"],
        registration_required=True,
        registration_url="https://inscription.example.org/forum",
        capacity=120,
        meets_charter=True,
    )
    response = client.get(URL)
    text = body(response)
    assert text.startswith(",".join(opendata.EVENT_CSV_HEADER) + "\r\n")  # no BOM, RFC 4180
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["identifiant"] == event.identifier
    assert row["titre"] == "Forum de l'alternance"
    assert row["type"] == "forum" and row["type_libelle"] == "Forum"
    assert row["statut"] == "publie"
    assert row["debut"] == "2026-12-10T09:30:00+01:00"
    assert row["fin"] == "2026-12-10T15:30:00+01:00"
    assert row["format"] == "presentiel" and row["lien_en_ligne"] == ""
    assert row["adresse"] == "1 place du Capitole"
    assert row["commune"] == "Toulouse" and row["code_insee"] == "31555" and row["departement"] == "31"
    assert row["zone_emploi"] == "7625"
    assert row["organisateur"] == "France Travail"
    assert row["co_organisateurs"] == "Mission locale"
    assert set(row["publics"].split("|")) == {"jeunes", "demandeurs-emploi"}
    assert row["secteurs"] == "f" and row["projets"] == "se-former" and row["dispositifs"] == "apprentissage"
    assert row["gratuit"] == "oui" and row["inscription_obligatoire"] == "oui"
    assert row["lien_inscription"] == "https://inscription.example.org/forum"
    assert row["places"] == "120"
    assert row["charte"] == "oui"
    assert row["url"] == f"http://testserver/agenda/{event.slug}/"
    assert row["description"] == event.description


def test_events_at_a_network_place_and_online_events(client):
    site = SiteFactory(name="Cité des métiers", central=True)
    EventFactory(title="Atelier CV", venue=site, commune=None)
    EventFactory(title="Webinaire", online=True)
    by_title = {row["titre"]: row for row in rows(client)}
    at_site = by_title["Atelier CV"]
    assert at_site["lieu_identifiant"] == site.identifier and at_site["lieu"] == "Cité des métiers"
    assert at_site["code_insee"] == site.commune_id
    online = by_title["Webinaire"]
    assert online["format"] == AttendanceMode.ONLINE
    assert online["lien_en_ligne"] == ONLINE_URL
    assert online["lieu"] == online["adresse"] == online["commune"] == online["latitude"] == ""


def test_only_public_events_ending_today_or_later_are_exported(client):
    EventFactory(title="À venir")
    EventFactory(title="Annulé", status=EventStatus.CANCELLED)
    EventFactory(title="Complet", status=EventStatus.FULL)
    EventFactory(title="Ce matin", start=NOW - timedelta(hours=3), end=NOW - timedelta(hours=1))
    EventFactory(title="En cours", start=NOW - timedelta(days=2), end=NOW + timedelta(days=2))
    EventFactory(title="Hier", start=NOW - timedelta(days=1, hours=3), end=NOW - timedelta(days=1))
    EventFactory(title="Passé", past=True)
    EventFactory(title="Brouillon", draft=True)
    EventFactory(title="Soumis", status=EventStatus.SUBMITTED)
    EventFactory(title="Réservé aux pros", scope=AudienceScope.PROFESSIONALS)
    exported = {row["titre"]: row for row in rows(client)}
    assert set(exported) == {"À venir", "Annulé", "Complet", "Ce matin", "En cours"}
    assert exported["Annulé"]["statut"] == "annule"


def test_events_come_in_chronological_order(client):
    for days in [9, 3, 6]:
        EventFactory(title=f"Dans {days} jours", start=NOW + timedelta(days=days))
    assert [row["titre"] for row in rows(client)] == ["Dans 3 jours", "Dans 6 jours", "Dans 9 jours"]


def test_batches_cover_every_event_once_even_at_the_same_time(django_assert_num_queries):
    same_start = NOW + timedelta(days=3)
    for index in range(12):
        EventFactory(title=f"Session {index}", start=same_start if index % 2 else NOW + timedelta(days=index))
    catalog()
    with django_assert_num_queries(3):  # 5 + 5 + 2
        text = b"".join(opendata.events_csv_chunks(origin="", size=5)).decode()
    titles = [row["titre"] for row in csv.DictReader(io.StringIO(text))]
    assert sorted(titles) == sorted(f"Session {index}" for index in range(12))


def test_no_personal_data_is_exported(client):
    organiser = MemberFactory()
    ProfessionalFactory(member=organiser, user=UserFactory(email="paul.durand@exemple.org"))
    EventFactory(organiser=organiser)
    assert "paul.durand@exemple.org" not in body(client.get(URL))


def test_query_count_does_not_grow_with_the_number_of_events(client, django_assert_max_num_queries):
    EventFactory(audiences=["jeunes"], co_organisers=[MemberFactory()])
    body(client.get(URL))
    with django_assert_max_num_queries(3) as one:
        body(client.get(URL))
    for _ in range(29):
        EventFactory(audiences=["jeunes"], sectors=["h"], co_organisers=[MemberFactory()])
    with django_assert_max_num_queries(len(one)):
        assert len(list(csv.reader(io.StringIO(body(client.get(URL)))))) == 31


def test_events_csv_is_streamed_cacheable_and_sets_no_cookie(client):
    EventFactory()
    response = client.get(URL)
    assert response.streaming
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=3600"}
    assert response["Content-Disposition"] == 'inline; filename="evenements.csv"'
    assert response.cookies == {}
    body(response)
