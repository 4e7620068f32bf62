"""Importing the events agenda from spreadsheets (`import_events` and the shared resource): all or nothing."""

import csv
import io
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from events.enums import AttendanceMode, AudienceScope, EventStatus
from events.models import Event
from events.resources import EVENT_COLUMNS, EventResource
from structures.enums import MemberCategory
from structures.import_files import CSVFormat, XLSXFormat
from structures.models import Audience
from tests.events.factories import EventFactory
from tests.factories import MemberFactory, SiteFactory, commune

PARIS = ZoneInfo("Europe/Paris")
BASIC = ("identifiant", "titre", "type", "debut", "fin", "commune", "organisateur")


def csv_bytes(rows, columns=BASIC, delimiter=",", encoding="utf-8"):
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def write(tmp_path, content: bytes, name="evenements.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_events", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path) -> str:
    with pytest.raises(CommandError) as error:
        run(path)
    return str(error.value)


def event_row(identifier, **values):
    return {
        "identifiant": identifier,
        "titre": f"Atelier {identifier}",
        "type": "atelier",
        "debut": "2026-12-03 09:00",
        "fin": "2026-12-03 12:00",
        "commune": "31555",
        "organisateur": "region",
        **values,
    }


@pytest.fixture(autouse=True)
def region():
    return MemberFactory(identifier="region", name="Région Occitanie", category=MemberCategory.REGION)


# --- happy paths -----------------------------------------------------------------------------------


def test_file_with_every_column_creates_the_events_and_indexes_them(tmp_path):
    MemberFactory(identifier="apec", name="Apec")
    MemberFactory(identifier="cap-emploi", slug="cap-emploi-31", name="Cap emploi")
    row = event_row(
        "salon-apprentissage",
        titre="Salon de l'apprentissage",
        type="salon",
        description="Cinquante entreprises recrutent.",
        debut="2026-12-03T09:00",
        fin="2026-12-04 17:30",
        nom_du_lieu="Parc des expositions",
        adresse="Rond-point Michel Bénech",
        code_postal="31000",
        commune="Toulouse",
        latitude="43.5925",
        longitude="1,4385",
        format="mixte",
        lien_en_ligne="https://visio.example.org/salon",
        co_organisateurs="apec | cap-emploi-31",
        publics="jeunes|eleves",
        secteurs="f|h",
        metiers="f1703|H2913",
        projets="choisir-un-metier",
        dispositifs="apprentissage",
        inscription="obligatoire",
        lien_inscription="https://example.org/inscription",
        places="1 200",
        gratuit="oui",
        charte_gratuit="oui",
        charte_accessible="OUI",
        charte_branches="o",
        charte_entreprises="1",
        charte_demonstrations="vrai",
        statut="publie",
        public_vise="tous",
    )
    path = write(tmp_path, csv_bytes([row, event_row("atelier-cv")], columns=EVENT_COLUMNS))
    assert "Événements : 2 créés, 0 mis à jour, 0 inchangés." in run(path)

    event = Event.objects.get(identifier="salon-apprentissage")
    assert event.slug == "salon-de-lapprentissage"
    assert event.start == datetime(2026, 12, 3, 9, 0, tzinfo=PARIS)
    assert event.end == datetime(2026, 12, 4, 17, 30, tzinfo=PARIS)
    assert (event.commune_id, event.latitude, event.longitude) == ("31555", 43.5925, 1.4385)
    assert event.employment_zone_id == commune("31555").employment_zone_id
    assert event.attendance_mode == AttendanceMode.MIXED
    assert sorted(event.co_organisers.values_list("identifier", flat=True)) == ["apec", "cap-emploi"]
    assert sorted(event.jobs.values_list("code", flat=True)) == ["F1703", "H2913"]
    assert (event.registration_required, event.capacity, event.free) == (True, 1200, True)
    assert event.meets_charter and event.status == EventStatus.PUBLISHED
    # Indexed for the agenda's search.
    assert "salon de l apprentissage" in event.search_text
    assert sorted(event.audience_ids) == sorted(
        Audience.objects.filter(slug__in=["jeunes", "eleves"]).values_list("pk", flat=True)
    )
    assert len(event.sector_ids) == 2 and len(event.project_ids) == 1

    other = Event.objects.get(identifier="atelier-cv")
    assert (other.status, other.scope, other.free, other.meets_charter) == (
        EventStatus.DRAFT,  # no status given: a new event is a draft
        AudienceScope.EVERYONE,
        True,
        False,
    )
    toulouse = commune("31555")
    assert (other.latitude, other.longitude) == (toulouse.latitude, toulouse.longitude)  # the commune's


def test_dry_run_checks_the_file_and_writes_nothing(tmp_path):
    output = run(write(tmp_path, csv_bytes([event_row("a")])), "--dry-run")
    assert "Fichier valide (--dry-run, rien n'a été écrit). Événements : 1 créés" in output
    assert Event.objects.count() == 0


def test_reimport_updates_the_event_with_the_same_identifier(tmp_path):
    columns = (*BASIC, "publics", "statut")
    run(write(tmp_path, csv_bytes([event_row("a", publics="jeunes"), event_row("b")], columns=columns)))
    event = Event.objects.get(identifier="a")
    Event.objects.filter(pk=event.pk).update(status=EventStatus.FULL)
    changed = [event_row("a", titre="Atelier CV et lettre", publics="cadres"), event_row("b")]
    output = run(write(tmp_path, csv_bytes(changed, columns=columns)))
    assert "Événements : 0 créés, 1 mis à jour, 1 inchangés." in output
    assert Event.objects.count() == 2
    event.refresh_from_db()
    assert (event.title, event.slug) == ("Atelier CV et lettre", "atelier-a")  # the slug (URL) stays
    assert event.status == EventStatus.FULL  # empty status: kept
    assert list(event.audiences.values_list("slug", flat=True)) == ["cadres"]
    assert event.audience_ids == [Audience.objects.get(slug="cadres").pk]  # re-indexed
    assert "lettre" in event.search_text


def test_network_site_gives_the_place(tmp_path):
    site = SiteFactory(identifier="mcef-montauban", commune=commune("82121"), address="2 rue du Greffe")
    rows = [event_row("a", lieu="mcef-montauban", commune="")]
    run(write(tmp_path, csv_bytes(rows, columns=(*BASIC, "lieu"))))
    event = Event.objects.get()
    assert (event.venue, event.commune_id, event.address) == (site, "82121", "2 rue du Greffe")
    assert (event.latitude, event.longitude) == (site.latitude, site.longitude)
    assert event.employment_zone_id == commune("82121").employment_zone_id


def test_online_event_needs_no_place(tmp_path):
    row = event_row(
        "webinaire", type="webinaire", format="distance", commune="", lien_en_ligne="https://v.example.org"
    )
    run(write(tmp_path, csv_bytes([row], columns=(*BASIC, "format", "lien_en_ligne"))))
    event = Event.objects.get()
    assert (event.commune, event.latitude, event.employment_zone) == (None, None, None)


def test_windows_1252_file_with_semicolons_is_read(tmp_path):
    row = event_row("a", titre="Journée des métiers de l'hôtellerie", commune="Saint-Gaudens")
    content = csv_bytes([row], delimiter=";", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    run(write(tmp_path, content))
    event = Event.objects.get()
    assert (event.title, event.commune_id) == ("Journée des métiers de l'hôtellerie", "31483")


def test_dates_may_carry_an_offset_or_be_written_the_french_way(tmp_path):
    rows = [
        event_row("a", debut="2026-07-01T07:00:00Z", fin="2026-07-01 10:00:00+02:00"),
        event_row("b", debut="03/12/2026 14:00", fin="03/12/2026 16h30"),
    ]
    run(write(tmp_path, csv_bytes(rows)))
    first, second = Event.objects.order_by("identifier")
    assert (first.start, first.end) == (
        datetime(2026, 7, 1, 9, tzinfo=PARIS),
        datetime(2026, 7, 1, 10, tzinfo=PARIS),
    )
    assert second.end == datetime(2026, 12, 3, 16, 30, tzinfo=PARIS)


def test_commune_name_and_postcode_pick_the_commune(tmp_path):
    rows = [event_row("a", commune="auterive", code_postal="31190")]
    run(write(tmp_path, csv_bytes(rows, columns=(*BASIC, "code_postal"))))
    assert Event.objects.get().commune_id == "31033"


def test_xlsx_file_with_date_cells_is_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Identifiant", "Titre", "Type", "Début", "Fin", "Commune", "Organisateur", "Places"])
    sheet.append(
        ["foix", "Forum", "forum", datetime(2026, 12, 3, 9), datetime(2026, 12, 3, 12), 9122, "region", 30]
    )
    content = io.BytesIO()
    workbook.save(content)
    assert "1 créés" in run(write(tmp_path, content.getvalue(), "evenements.xlsx"))
    event = Event.objects.get()
    assert (event.commune_id, event.start, event.capacity) == (
        "09122",
        datetime(2026, 12, 3, 9, tzinfo=PARIS),
        30,
    )


# --- a bad row rejects the whole file --------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (
            event_row("b", commune="Nullepart-sur-Mer"),
            "ligne 3, colonne commune : Commune « Nullepart-sur-Mer »",
        ),
        (event_row("b", commune="Auterive"), "ligne 3, colonne commune : Plusieurs communes s'appellent"),
        (event_row("b", commune="99999"), "ligne 3, colonne commune : Aucune commune n'a le code INSEE"),
        (
            event_row("b", organisateur="inconnu"),
            "ligne 3, colonne organisateur : Membre « inconnu » inconnu",
        ),
        (event_row("b", lieu="nulle-part"), "ligne 3, colonne lieu : Lieu « nulle-part » inconnu"),
        (
            event_row("b", type="kermesse"),
            "ligne 3, colonne type : « kermesse » n'est pas une valeur possible",
        ),
        (event_row("b", fin="2026-12-03 08:00"), "ligne 3, colonne fin : La fin doit suivre le début."),
        (event_row("b", debut="demain"), "ligne 3, colonne debut : « demain » n'est pas une date"),
        (event_row("b", debut="2026-02-30 09:00"), "ligne 3, colonne debut : « 2026-02-30 09:00 »"),
        (event_row("b", titre=""), "ligne 3, colonne titre : Valeur obligatoire."),
        (event_row("a"), "ligne 3, colonne identifiant : Identifiant « a » déjà présent ligne 2"),
        (event_row("b", commune=""), "ligne 3, colonne commune : Indiquez un lieu du réseau ou la commune"),
        (event_row("b", format="distance", commune=""), "ligne 3, colonne lien_en_ligne : Indiquez le lien"),
        (event_row("b", secteurs="z"), "ligne 3, colonne secteurs : Secteur professionnel inconnu : z."),
        (event_row("b", metiers="M1805|Z9999"), "ligne 3, colonne metiers : Code ROME inconnu : Z9999"),
        (
            event_row("b", co_organisateurs="region"),
            "ligne 3, colonne co_organisateurs : « region » est déjà",
        ),
        (event_row("b", gratuit="peut-être"), "ligne 3, colonne gratuit : « peut-être » : écrivez « oui »"),
        (event_row("b", inscription="oui"), "ligne 3, colonne lien_inscription : Indiquez où s'inscrire"),
        (event_row("b", statut="en ligne"), "ligne 3, colonne statut : « en ligne » n'est pas une valeur"),
        (event_row("b", places="trente"), "ligne 3, colonne places : « trente » n'est pas un nombre"),
        (event_row("b", lien_inscription="pas une url"), "ligne 3, colonne lien_inscription : Saisissez"),
    ],
)
def test_one_bad_row_rejects_the_whole_file(tmp_path, bad_row, expected):
    existing = EventFactory(identifier="existant", title="Existant")
    path = write(tmp_path, csv_bytes([event_row("a"), bad_row], columns=EVENT_COLUMNS))
    message = refused(path)
    assert "Fichier refusé, rien n'a été enregistré" in message
    assert expected in message
    assert list(Event.objects.values_list("identifier", flat=True)) == ["existant"]
    existing.refresh_from_db()
    assert existing.title == "Existant"


def test_missing_required_column_rejects_the_file(tmp_path):
    path = write(tmp_path, csv_bytes([event_row("a")], columns=("identifiant", "titre", "type", "debut")))
    assert "Colonnes obligatoires absentes : fin, organisateur." in refused(path)
    assert Event.objects.count() == 0


def test_unknown_column_rejects_the_file(tmp_path):
    path = write(tmp_path, csv_bytes([event_row("a")], columns=(*BASIC, "horaires")))
    assert "Colonnes inconnues : « horaires »." in refused(path)


def test_undecodable_file_rejects_the_file(tmp_path):
    content = (
        csv_bytes([event_row("a")])
        + b"b,Atelier \x81\x8d,atelier,2026-12-03 09:00,2026-12-03 10:00,31555,region\n"
    )
    message = refused(write(tmp_path, content))
    assert "caractères illisibles (ligne 3)" in message
    assert Event.objects.count() == 0


def test_a_failed_update_leaves_the_existing_events_as_they_were(tmp_path):
    run(write(tmp_path, csv_bytes([event_row("a"), event_row("b")])))
    rows = [event_row("a", titre="Nouveau titre"), event_row("b", organisateur="inconnu")]
    assert "ligne 3, colonne organisateur" in refused(write(tmp_path, csv_bytes(rows)))
    assert Event.objects.get(identifier="a").title == "Atelier a"


# --- export and re-import --------------------------------------------------------------------------


@pytest.fixture
def agenda(region):
    site = SiteFactory(identifier="cdm", commune=commune("81004"))
    partner = MemberFactory(identifier="apec")
    EventFactory(
        identifier="salon",
        title="Salon; « l'avenir »",
        description="Deux lignes,\nune virgule.",
        organiser=region,
        co_organisers=[partner],
        audiences=["jeunes", "tous-publics"],
        sectors=["a"],
        jobs=["A1101", "M1805"],
        projects=["se-former"],
        schemes=["cep"],
        meets_charter=True,
        registration_required=True,
        registration_url="https://example.org/inscription",
        capacity=80,
        latitude=43.60465212,
    )
    EventFactory(identifier="portes-ouvertes", venue=site, commune=None, organiser=region, draft=True)
    EventFactory(identifier="webinaire", online=True, free=False, scope=AudienceScope.PROFESSIONALS)
    EventFactory(identifier="foix", commune=commune("09122"), latitude=None, longitude=None, past=True)


def test_exported_file_reimports_unchanged(tmp_path, agenda):
    before = list(Event.objects.order_by("pk").values())
    exported = CSVFormat().export_data(EventResource().export())
    assert exported.startswith("\ufeffidentifiant;titre;type;description;debut;fin;lieu".encode())
    output = run(write(tmp_path, exported))
    assert "Événements : 0 créés, 0 mis à jour, 4 inchangés." in output
    assert list(Event.objects.order_by("pk").values()) == before
    assert CSVFormat().export_data(EventResource().export()) == exported


def test_exported_workbook_reimports_unchanged(tmp_path, agenda):
    pytest.importorskip("openpyxl")
    before = list(Event.objects.order_by("pk").values())
    exported = XLSXFormat().export_data(EventResource().export())
    output = run(write(tmp_path, exported, "evenements.xlsx"))
    assert "Événements : 0 créés, 0 mis à jour, 4 inchangés." in output
    assert list(Event.objects.order_by("pk").values()) == before


def test_export_writes_paris_local_times():
    EventFactory(identifier="a", start=datetime(2026, 7, 1, 7, 0, tzinfo=ZoneInfo("UTC")),
                 end=datetime(2026, 7, 1, 8, 30, tzinfo=ZoneInfo("UTC")))  # fmt: skip
    row = EventResource().export().dict[0]
    assert (row["debut"], row["fin"]) == ("2026-07-01 09:00", "2026-07-01 10:30")
