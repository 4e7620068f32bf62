"""Region staff tools for the agenda in the admin: filters, publish and cancel, editing, import and export."""

import html
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.enums import EventStatus, EventType
from events.models import Event, PrioritySector
from events.resources import EVENT_COLUMNS, EventResource
from structures.models import Audience, Sector
from tests.events.factories import EventFactory, PrioritySectorFactory
from tests.factories import MemberFactory, commune

PARIS = ZoneInfo("Europe/Paris")
EVENTS = reverse("admin:events_event_changelist")
PRIORITIES = reverse("admin:events_prioritysector_changelist")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)  # a Wednesday


def at(month, day, hour=9, year=2026):
    return datetime(year, month, day, hour, 0, tzinfo=PARIS)


def listed(response):
    assert response.status_code == 200
    return {event.identifier for event in response.context["cl"].result_list}


def text(response):
    return html.unescape(response.content.decode())


def event_form(organiser, **values):
    """What the event add/change form posts."""
    return {
        "title": "Forum de l'alternance",
        "slug": "forum-de-l-alternance",
        "identifier": "forum-alternance",
        "type": EventType.FORUM,
        "description": "",
        "organiser": str(organiser.pk),
        "start_0": "2026-12-03",
        "start_1": "09:00",
        "end_0": "2026-12-03",
        "end_1": "17:00",
        "attendance_mode": "presentiel",
        "venue": "",
        "venue_name": "Salle des fêtes",
        "address": "",
        "postcode": "81000",
        "commune": "81004",
        "latitude": "",
        "longitude": "",
        "online_url": "",
        "scope": "tous",
        "registration_url": "",
        "capacity": "",
        "free": "on",
        "status": EventStatus.DRAFT,
        **values,
    }


# --- changelist and filters ------------------------------------------------------------------------


def test_changelist_shows_the_filters_and_import(admin_client):
    EventFactory(title="Salon de l'apprentissage", meets_charter=True)
    content = text(admin_client.get(EVENTS))
    for label in (
        "Salon de l'apprentissage",
        "période",
        "À venir",
        "Cette semaine",
        "Ce mois-ci",
        "Passés",
        "charte de bonnes pratiques",
        "Respecte les cinq engagements",
        "zone d'emploi",
        "Toulouse (7625)",
        "Importer",
        "Exporter",
        "Publier les événements sélectionnés",
        "Annuler les événements sélectionnés",
    ):
        assert label in content


@pytest.fixture
def calendar():
    """Events around Wednesday 2 December 2026, 10:00."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield {
            "passe": EventFactory(identifier="passe", start=at(11, 20), end=at(11, 20, 12)),
            "en-cours": EventFactory(identifier="en-cours", start=at(11, 30), end=at(12, 2, 18)),
            "vendredi": EventFactory(identifier="vendredi", start=at(12, 4), end=at(12, 4, 12)),
            "noel": EventFactory(identifier="noel", start=at(12, 20), end=at(12, 20, 12)),
            "janvier": EventFactory(
                identifier="janvier", start=at(1, 10, year=2027), end=at(1, 10, 12, 2027)
            ),
        }


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("a_venir", {"en-cours", "vendredi", "noel", "janvier"}),
        ("cette_semaine", {"en-cours", "vendredi"}),
        ("ce_mois", {"en-cours", "vendredi", "noel"}),
        ("passes", {"passe"}),
    ],
)
def test_period_filter(admin_client, calendar, period, expected):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert listed(admin_client.get(EVENTS, {"periode": period})) == expected


def test_status_type_and_charter_filters(admin_client):
    EventFactory(identifier="brouillon", draft=True)
    EventFactory(identifier="salon", type=EventType.FAIR, meets_charter=True)
    assert listed(admin_client.get(EVENTS, {"status__exact": EventStatus.DRAFT})) == {"brouillon"}
    assert listed(admin_client.get(EVENTS, {"type__exact": EventType.FAIR})) == {"salon"}
    assert listed(admin_client.get(EVENTS, {"charte": "oui"})) == {"salon"}
    assert listed(admin_client.get(EVENTS, {"charte": "non"})) == {"brouillon"}


def test_zone_and_organiser_filters(admin_client):
    toulouse = EventFactory(identifier="toulouse")
    EventFactory(identifier="albi", commune=commune("81004"))
    EventFactory(identifier="webinaire", online=True)
    zone = commune("81004").employment_zone_id
    assert listed(admin_client.get(EVENTS, {"zone_emploi": zone})) == {"albi"}
    assert listed(admin_client.get(EVENTS, {"organiser__id__exact": toulouse.organiser_id})) == {"toulouse"}


@pytest.mark.parametrize("query", ["apprentissage", "salon-2026", "mission locale"])
def test_search_by_title_identifier_or_organiser(admin_client, query):
    organiser = MemberFactory(name="Mission locale de Toulouse")
    EventFactory(identifier="salon-2026", title="Salon de l'apprentissage", organiser=organiser)
    EventFactory(identifier="autre", title="Forum")
    assert listed(admin_client.get(EVENTS, {"q": query})) == {"salon-2026"}


def test_date_hierarchy_narrows_to_a_month(admin_client):
    EventFactory(identifier="decembre", start=at(12, 3), end=at(12, 3, 12))
    EventFactory(identifier="janvier", start=at(1, 5, year=2027), end=at(1, 5, 12, 2027))
    assert listed(admin_client.get(EVENTS, {"start__year": "2027", "start__month": "1"})) == {"janvier"}


# --- actions ---------------------------------------------------------------------------------------


def test_publish_action_publishes_valid_events_and_reports_the_others(admin_client):
    ready = EventFactory(identifier="pret", draft=True)
    incomplete = EventFactory(identifier="incomplet", draft=True)
    Event.objects.filter(pk=incomplete.pk).update(registration_required=True)  # no registration link
    response = admin_client.post(
        EVENTS, {"action": "publish", "_selected_action": [ready.pk, incomplete.pk]}, follow=True
    )
    content = text(response)
    assert "1 événement publié." in content
    assert "« Événement" in content and "Indiquez où s'inscrire" in content
    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert (ready.status, incomplete.status) == (EventStatus.PUBLISHED, EventStatus.DRAFT)


def test_cancel_action_cancels_the_selected_events(admin_client):
    first, second, other = EventFactory(), EventFactory(), EventFactory()
    response = admin_client.post(
        EVENTS, {"action": "cancel", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 événements annulés." in text(response)
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: EventStatus.CANCELLED,
        second.pk: EventStatus.CANCELLED,
        other.pk: EventStatus.PUBLISHED,
    }


# --- add and change --------------------------------------------------------------------------------


def test_add_and_change_pages_load_with_their_sections(admin_client):
    event = EventFactory(audiences=["jeunes"])
    response = admin_client.get(reverse("admin:events_event_add"))
    assert response.status_code == 200
    content = text(response)
    for section in ("Description", "Quand", "Où", "Pour qui", "Inscription", "Charte de bonnes pratiques"):
        assert f">{section}<" in content
    assert admin_client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200


def test_adding_an_event_places_and_indexes_it(admin_client):
    jeunes = Audience.objects.get(slug="jeunes")
    data = event_form(MemberFactory(name="Cap emploi"), audiences=[str(jeunes.pk)])
    response = admin_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    albi = commune("81004")
    assert (event.latitude, event.longitude) == (albi.latitude, albi.longitude)
    assert event.employment_zone_id == albi.employment_zone_id
    assert event.start == at(12, 3)
    assert event.audience_ids == [jeunes.pk]
    assert "cap emploi" in event.search_text


def test_event_rules_are_checked_in_french(admin_client):
    data = event_form(MemberFactory(), end_0="2026-12-02", commune="", postcode="")
    response = admin_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    content = text(response)
    assert "La fin doit suivre le début." in content
    assert "Indiquez un lieu du réseau ou la commune de l'événement." in content
    assert Event.objects.count() == 0


# --- import and export -----------------------------------------------------------------------------


def events_csv(*rows: str) -> SimpleUploadedFile:
    content = "identifiant;titre;type;debut;fin;commune;organisateur;publics\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("evenements.csv", content.encode("cp1252"), content_type="text/csv")


def test_import_page_lists_the_columns(admin_client):
    response = admin_client.get(reverse("admin:events_event_import"))
    assert response.status_code == 200
    assert "identifiant" in response.content.decode() and "organisateur" in response.content.decode()


def test_admin_import_previews_then_imports_the_file(admin_client):
    MemberFactory(identifier="region")
    upload = events_csv(
        "salon;Salon de l'étudiant;salon;2026-12-03 09:00;2026-12-03 17:00;Albi;region;etudiants",
        "atelier;Atelier CV;atelier;2026-12-04 14:00;2026-12-04 16:00;31555;region;",
    )
    preview = admin_client.post(reverse("admin:events_event_import"), {"format": "0", "import_file": upload})
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None and Event.objects.count() == 0  # the preview wrote nothing

    response = admin_client.post(reverse("admin:events_event_process_import"), confirm.initial)
    assert response.status_code == 302
    salon = Event.objects.get(identifier="salon")
    assert (salon.title, salon.commune_id) == ("Salon de l'étudiant", "81004")
    assert salon.audience_ids == [Audience.objects.get(slug="etudiants").pk]  # indexed


def test_admin_import_shows_row_errors_and_writes_nothing(admin_client):
    MemberFactory(identifier="region")
    upload = events_csv(
        "a;Atelier;atelier;2026-12-03 09:00;2026-12-03 10:00;31555;region;",
        "b;Atelier;atelier;2026-12-03 09:00;2026-12-03 08:00;31555;region;",
    )
    response = admin_client.post(reverse("admin:events_event_import"), {"format": "0", "import_file": upload})
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert [row.number for row in response.context["result"].invalid_rows] == [3]
    assert "La fin doit suivre le début." in text(response)
    assert Event.objects.count() == 0


def test_admin_export_gives_the_import_columns(admin_client):
    EventFactory(identifier="salon", title="Salon", start=at(12, 3), end=at(12, 3, 17))
    fields = EventResource().get_export_order()  # the columns but for `format`, named attendance_mode
    data = {"format": "0", "resource": "0", **{f"eventresource_{name}": "on" for name in fields}}
    response = admin_client.post(reverse("admin:events_event_export"), data)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(EVENT_COLUMNS)
    assert lines[1].startswith("salon;Salon;atelier;")
    assert ";2026-12-03 09:00;2026-12-03 17:00;" in lines[1]


# --- priority sectors ------------------------------------------------------------------------------


def test_priority_sectors_are_listed_filtered_and_searched(admin_client):
    toulouse = PrioritySectorFactory(year=2026)
    albi = PrioritySectorFactory(
        year=2027, employment_zone=commune("81004").employment_zone, sector=Sector.objects.get(slug="h")
    )
    assert admin_client.get(PRIORITIES).status_code == 200
    ids = lambda response: {priority.pk for priority in response.context["cl"].result_list}  # noqa: E731
    assert ids(admin_client.get(PRIORITIES, {"year": "2027"})) == {albi.pk}
    assert ids(admin_client.get(PRIORITIES, {"zone_emploi": toulouse.employment_zone_id})) == {toulouse.pk}
    assert ids(admin_client.get(PRIORITIES, {"sector__id__exact": albi.sector_id})) == {albi.pk}
    assert ids(admin_client.get(PRIORITIES, {"q": "albi"})) == {albi.pk}


def test_priority_sector_rationale_is_editable_from_the_list(admin_client):
    priority = PrioritySectorFactory()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(priority.pk),
        "form-0-rationale": "Tensions de recrutement dans le BTP.",
        "_save": "Enregistrer",
    }
    response = admin_client.post(PRIORITIES, data)
    assert response.status_code == 302
    assert PrioritySector.objects.get().rationale == "Tensions de recrutement dans le BTP."
