"""The indicators page for Region staff (`/espace-pro/pilotage/`), its annual report and CSV exports,
on small hand-checked data."""

import csv
import html as html_lib
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from events.enums import AudienceScope, EventStatus
from governance.enums import CommitteeScope
from governance.models import Committee, Meeting
from labelling.enums import ApplicationStatus
from labelling.models import LabellingApplication
from spro_portal.indicators import SLUGS
from structures.enums import QuestionAction
from structures.models import CommuneCoverage, Question, QuestionEvent, Site
from tests.events.factories import EventFactory, PrioritySectorFactory
from tests.factories import ProfessionalFactory, SiteFactory, UserFactory, commune

YEAR = 2025  # a past year: every figure below is fixed, whatever today is
TZ = ZoneInfo("Europe/Paris")
PILOTAGE = "/espace-pro/pilotage/"


def at(month: int, day: int = 10, hour: int = 9, year: int = YEAR) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TZ)


def html(response) -> str:
    """The page's HTML, its character references read (`'` → `'`)."""
    return html_lib.unescape(response.content.decode())


def grouped(number: int) -> str:
    """A whole number as the page writes it (French thousands separator)."""
    return formats.number_format(number, 0, force_grouping=True)


def export(client, slug: str, **query) -> tuple[list[str], list[list[str]]]:
    response = client.get(reverse("pro:pilotage_export", args=[slug]), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{slug}-')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return lines[0], lines[1:]


def section(page: str, slug: str) -> str:
    """The HTML of one indicator (its chart, table and export link)."""
    start = page.index(f'<div class="indicator" id="{slug}">')
    return page[start : page.index('<p class="indicator__export">', start)]


def table_cells(fragment: str) -> list[list[str]]:
    """The text of each cell of the table rows (header row included)."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def _question(site, created: datetime, answers: list[datetime] = ()) -> Question:
    question = Question.objects.create(site=site, member=site.member, text="Comment changer de métier ?")
    Question.objects.filter(pk=question.pk).update(created_at=created)
    for answered in answers:
        event = QuestionEvent.objects.create(
            question=question, action=QuestionAction.ANSWERED, text="Réponse"
        )
        QuestionEvent.objects.filter(pk=event.pk).update(at=answered)
    return question


def _application(status, created: datetime, submitted=None, decided=None) -> LabellingApplication:
    application = LabellingApplication.objects.create(
        status=status, name="Association", submitted_at=submitted, decided_at=decided
    )
    LabellingApplication.objects.filter(pk=application.pk).update(created_at=created)
    return application


def _coverage(code: str, km: float | None, site=None, cep_km: float | None = None):
    CommuneCoverage.objects.create(
        commune=commune(code), reception_km=km, reception_site=site, cep_km=cep_km, computed_at=timezone.now()
    )


@pytest.fixture
def data():
    """The network, a year of activity, committees and distances: the figures each test checks."""
    central = SiteFactory(central=True, commune=commune("31555"))
    centre_31 = SiteFactory(
        associated_centre=True, parent=central, name="Centre associé de Toulouse", commune=commune("31555")
    )
    SiteFactory(
        associated_centre=True, parent=central, name="Centre associé d'Albi", commune=commune("81004")
    )
    SiteFactory(relay_point=True, parent=centre_31, commune=commune("31069"))  # Blagnac, zone of Toulouse
    office = SiteFactory(commune=commune("31555"))
    SiteFactory(commune=commune("31555"), published=False)  # a draft: never counted
    Site.objects.filter(pk=office.pk).update(updated_at=timezone.now() - timedelta(days=200))

    # Events: 4 counted (2 in Toulouse, 1 in Albi, 1 online), 2 meet the charter.
    EventFactory(start=at(3), sectors=["f"], meets_charter=True)
    EventFactory(start=at(3, 20), sectors=["f", "h"])
    EventFactory(start=at(6), sectors=["h"], commune=commune("81004"), meets_charter=True)
    EventFactory(start=at(6, 12), online=True)
    EventFactory(start=at(4), draft=True, meets_charter=True)
    EventFactory(start=at(4), status=EventStatus.CANCELLED)
    EventFactory(start=at(4), scope=AudienceScope.PROFESSIONALS)
    EventFactory(start=at(4, year=YEAR - 1))
    PrioritySectorFactory(year=YEAR)  # sector F in the zone of Toulouse

    # Questions: January 3 received, 2 answered (3 h and 24 h); February 1 received, answered in 10 h.
    _question(office, at(1, 10), [at(1, 10, 12), at(1, 11, 12)])
    _question(office, at(1, 20), [at(1, 21)])
    _question(office, at(1, 25))
    _question(office, at(2, 5), [at(2, 5, 19)])
    _question(office, at(2, 5, year=YEAR - 1), [at(2, 6, year=YEAR - 1)])

    # Labelling: of the year, 1 approved, 1 rejected, 1 under review, 1 draft; decided in the year:
    # 30, 10 and 50 days after submission (the last one submitted the year before).
    _application(ApplicationStatus.APPROVED, at(1, 15), at(2, 1), at(3, 3))
    _application(ApplicationStatus.REJECTED, at(2, 15), at(3, 1), at(3, 11))
    _application(ApplicationStatus.UNDER_REVIEW, at(3, 15), at(4, 1))
    _application(ApplicationStatus.DRAFT, at(5, 1))
    _application(ApplicationStatus.APPROVED, at(11, 1, year=YEAR - 1), at(12, 1, year=YEAR - 1), at(1, 20))

    # Committees: the regional one met in the year; Haute-Garonne's the year before only; Tarn's never.
    regional = Committee.objects.create(name="Comité régional de pilotage", scope=CommitteeScope.REGIONAL)
    Meeting.objects.create(committee=regional, date=date(YEAR, 5, 12))
    garonne = Committee.objects.create(
        name="Comité de suivi de la Haute-Garonne", scope=CommitteeScope.DEPARTMENTAL, department_id="31"
    )
    Meeting.objects.create(committee=garonne, date=date(YEAR - 1, 10, 2))
    Committee.objects.create(
        name="Comité de suivi du Tarn", scope=CommitteeScope.DEPARTMENTAL, department_id="81"
    )

    # Distances: Toulouse and Blagnac close; Rodez 35.5 km and Foix 45 km away.
    _coverage("31555", 0.0, central, cep_km=0.0)
    _coverage("31069", 8.0, central, cep_km=12.0)
    _coverage("12202", 35.5, centre_31, cep_km=25.0)
    _coverage("09122", 45.0, centre_31)
    return {"central": central, "office": office}


def test_region_officer_sees_the_page_with_its_four_sections(staff_client, data):
    response = staff_client.get(PILOTAGE, {"annee": YEAR})
    assert response.status_code == 200
    page = html(response)
    for title in (
        "En un coup d'œil",
        "Réseau",
        "Accès équitable",
        f"Activité en {YEAR}",
        f"Gouvernance en {YEAR}",
    ):
        assert title in page
    assert '<a href="/espace-pro/pilotage/" aria-current="page">Pilotage</a>' in page


def test_summary_names_the_departements_without_an_associated_centre(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    glance = page[page.index('id="en-un-coup-d-oeil"') : page.index('id="reseau"')]
    assert '<a href="#centres-09">Ariège (09)</a>' in glance
    assert "Aveyron (12)" in glance
    assert "Haute-Garonne" not in glance.split("Communes éloignées")[0]  # one centre: in order
    assert 'id="centres-09"' in page  # the link leads to the table's line


def test_summary_names_the_most_populated_far_communes_with_their_distance(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    glance = page[page.index('id="en-un-coup-d-oeil"') : page.index('id="reseau"')]
    assert glance.index("Rodez") < glance.index("Foix")  # most populated first
    assert "35,5 km" in glance and "45,0 km" in glance
    assert "Blagnac" not in glance
    assert '<a href="#commune-12202">Rodez</a>' in glance


def test_summary_names_the_committees_that_have_not_met_this_year(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    glance = page[page.index('id="en-un-coup-d-oeil"') : page.index('id="reseau"')]
    assert "Comité de suivi de la Haute-Garonne" in glance
    assert "dernière réunion le 2 octobre 2024" in glance
    assert "Comité de suivi du Tarn</a> (jamais réuni)" in glance
    assert "Comité régional de pilotage" not in glance
    assert "Départements sans comité de suivi : Ariège (09), Aveyron (12)" in glance


def test_network_figures(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    sites = table_cells(section(page, "lieux-par-departement"))
    assert sites[0] == [
        "Code", "Département", "Cité des métiers (site central)", "Centre associé", "Point relais",
        "Lieu d'accueil d'un membre", "Total",
    ]  # fmt: skip
    assert ["31", "Haute-Garonne", "1", "1", "1", "1", "4"] in sites
    assert ["81", "Tarn", "0", "1", "0", "0", "1"] in sites
    assert sites[-1] == ["", "Territoire", "1", "2", "1", "1", "5"]
    centres = table_cells(section(page, "centres-associes"))
    assert ["31", "Haute-Garonne", "1", "conforme (un ou deux)", "Centre associé de Toulouse"] in centres
    assert ["09", "Ariège", "0", "manquant", ""] in centres
    relays = table_cells(section(page, "points-relais-par-zone"))
    assert ["7625", "Toulouse", "1", "1"] in relays
    assert ["7602", "Albi", "0", "1"] in relays


def test_too_many_associated_centres_are_reported(staff_client, data):
    for _number in range(2):
        SiteFactory(associated_centre=True, parent=data["central"], commune=commune("31555"))
    centres = table_cells(section(html(staff_client.get(PILOTAGE)), "centres-associes"))
    assert next(row for row in centres if row[0] == "31")[2:4] == ["3", "trop nombreux (plus de deux)"]


def test_data_freshness_is_the_share_of_published_places_updated_in_six_months(staff_client, data):
    rows = table_cells(section(html(staff_client.get(PILOTAGE)), "fraicheur-des-donnees"))
    assert ["31", "Haute-Garonne", "4", "3", "75,0 %"] in rows
    assert ["81", "Tarn", "1", "1", "100,0 %"] in rows
    assert ["09", "Ariège", "0", "0", "—"] in rows
    assert rows[-1] == ["", "Territoire", "5", "4", "80,0 %"]


def test_equal_access_figures(staff_client, data):
    page = html(staff_client.get(PILOTAGE))
    access = table_cells(section(page, "acces-par-departement"))
    assert access[1][:6] == ["09", "Ariège", grouped(9934), "0,0 %", "0,0 %", "0,0 %"]
    garonne = next(row for row in access if row[0] == "31")
    assert garonne[2:] == [
        grouped(542423),
        "100,0 %",
        "100,0 %",
        "100,0 %",
        "94,9 %",
        "100,0 %",
        "100,0 %",
    ]  # CEP: Blagnac 12 km
    assert access[-1][1:4] == ["Ensemble du territoire", grouped(576338), "94,1 %"]  # 542,423 / 576,338
    far = table_cells(section(page, "communes-eloignees"))
    assert far[1:] == [
        ["12202", "Rodez", "12", grouped(23981), "35,5 km", "Centre associé de Toulouse"],
        ["09122", "Foix", "09", grouped(9934), "45,0 km", "Centre associé de Toulouse"],
    ]


def test_equal_access_map_is_an_accessible_svg_of_the_communes_with_a_legend(staff_client, data):
    page = html(staff_client.get(PILOTAGE))
    svg = re.search(r'<svg class="chart chart--map".*?</svg>', page, re.S).group()
    assert 'role="img"' in svg and 'aria-labelledby="carte-acces-title carte-acces-desc"' in svg
    assert '<title id="carte-acces-title">' in svg
    assert "Le tableau qui suit la carte liste les communes les plus peuplées" in svg
    assert svg.count("<circle") == 4
    assert svg.count("map__point--3") == 2 and svg.count("map__point--0") == 2
    for label in ("10 km ou moins", "de 10 à 20 km", "de 20 à 30 km", "plus de 30 km, ou aucun lieu"):
        assert label in page


def test_events_figures_with_the_share_meeting_the_charter(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    zones = table_cells(section(page, "evenements-par-zone"))
    assert ["7625", "Toulouse", "2", "1", "50,0 %"] in zones
    assert ["7602", "Albi", "1", "1", "100,0 %"] in zones
    assert ["7612", "Foix-Pamiers", "0", "0", "—"] in zones
    assert ["", "En ligne ou hors du territoire", "1", "0", "0,0 %"] in zones
    assert zones[-1] == ["", "Total", "4", "2", "50,0 %"]
    sectors = table_cells(section(page, "evenements-par-secteur"))
    f_row = next(row for row in sectors if row[0] == "F")
    h_row = next(row for row in sectors if row[0] == "H")
    assert f_row[2:] == ["2", "1", "50,0 %", "1", "2"]  # priority in 1 zone, both events there
    assert h_row[2:] == ["2", "1", "50,0 %", "0", "0"]
    assert sectors[-1] == ["", "Sans secteur", "1", "0", "0,0 %", "0", "0"]
    months = table_cells(section(page, "evenements-par-mois"))
    assert len(months) == 1 + 12 + 1
    assert months[3] == [f"mars {YEAR}", "2", "1", "50,0 %"]
    assert months[1] == [f"janvier {YEAR}", "0", "0", "—"]
    assert months[-1] == [f"Année {YEAR}", "4", "2", "50,0 %"]


def test_questions_received_answered_and_median_answer_delay(staff_client, data):
    rows = table_cells(section(html(staff_client.get(PILOTAGE, {"annee": YEAR})), "questions-par-mois"))
    assert rows[1] == [f"janvier {YEAR}", "3", "2", "66,7 %", "13,5 h"]  # median of 3 h and 24 h
    assert rows[2] == [f"février {YEAR}", "1", "1", "100,0 %", "10,0 h"]
    assert rows[3] == [f"mars {YEAR}", "0", "0", "—", "—"]
    assert rows[-1] == [f"Année {YEAR}", "4", "3", "75,0 %", "10,0 h"]  # median of 3, 10 and 24 h


def test_labelling_applications_by_status_and_median_review_time(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    statuses = table_cells(section(page, "candidatures-par-etat"))
    assert ["approuvee", "Approuvée", "1"] in statuses
    assert ["refusee", "Refusée", "1"] in statuses
    assert ["en_instruction", "En instruction", "1"] in statuses
    assert ["brouillon", "Brouillon", "1"] in statuses
    assert ["retiree", "Retirée", "0"] in statuses
    assert statuses[-1] == ["", "Total", "4"]
    review = table_cells(section(page, "instruction-des-candidatures"))
    assert review[1] == [str(YEAR), "3", "2", "1", "30,0 j"]  # median of 10, 30 and 50 days


def test_committees_table_lists_meetings_of_the_year(staff_client, data):
    rows = table_cells(section(html(staff_client.get(PILOTAGE, {"annee": YEAR})), "comites"))
    assert rows[1] == [
        "Comité régional de pilotage", "Comité régional de pilotage", "", "1", f"{YEAR}-05-12",
        f"12 mai {YEAR}", "oui",
    ]  # fmt: skip
    garonne = next(row for row in rows if row[0] == "Comité de suivi de la Haute-Garonne")
    assert garonne[3:] == ["0", "", "2 octobre 2024", "non"]


def test_every_chart_is_an_accessible_svg_next_to_a_table_with_the_same_figures(staff_client, data):
    page = html(staff_client.get(PILOTAGE, {"annee": YEAR}))
    charts = re.findall(
        r'<div class="indicator" id="([^"]+)">\s*<figure class="chart-figure">(.*?)</figure>', page, re.S
    )
    assert {slug for slug, _svg in charts} >= {
        "lieux-par-departement", "points-relais-par-zone", "evenements-par-zone", "evenements-par-mois",
        "questions-par-mois", "candidatures-par-etat", "fraicheur-des-donnees", "acces-par-departement",
    }  # fmt: skip
    for slug, svg in charts:
        assert 'role="img"' in svg
        assert f'aria-labelledby="graphique-{slug}-title graphique-{slug}-desc"' in svg
        assert re.search(rf'<title id="graphique-{slug}-title">[^<]+</title>', svg)
        assert "<table" in section(page, slug)
    zones = section(page, "evenements-par-zone")
    svg_values = re.findall(r'class="chart__value"[^>]*>([^<]+)</text>', zones)
    table = table_cells(zones)
    assert svg_values == [row[2] for row in table[1:-1]]  # each zone's events, the total left out
    months = section(page, "questions-par-mois")
    assert re.findall(r'class="chart__value"[^>]*>([^<]+)</text>', months) == [
        row[1] for row in table_cells(months)[1:-1]
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_indicator_exports_as_csv_with_its_header_and_rows(staff_client, data, slug):
    header, rows = export(staff_client, slug, annee=YEAR)
    assert header and all(re.fullmatch(r"[a-z0-9_]+", key) for key in header)
    assert rows and all(len(row) == len(header) for row in rows)


def test_csv_has_the_pages_figures_with_decimal_commas_and_a_bom(staff_client, data):
    response = staff_client.get(reverse("pro:pilotage_export", args=["evenements-par-zone"]), {"annee": YEAR})
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == f'attachment; filename="evenements-par-zone-{YEAR}.csv"'
    header, rows = export(staff_client, "evenements-par-zone", annee=YEAR)
    assert header == ["code_zone", "zone_emploi", "evenements", "conformes_charte", "part_charte_pct"]
    assert ["7625", "Toulouse", "2", "1", "50,0"] in rows
    header, rows = export(staff_client, "questions-par-mois", annee=YEAR)
    assert rows[0] == [f"{YEAR}-01", "3", "2", "66,7", "13,5"]
    _header, rows = export(staff_client, "acces-communes")
    assert ["12202", "Rodez", "12", "23981", "35,5", "Centre associé de Toulouse", "25,0", ""] in rows
    assert ["09122", "Foix", "09", "9934", "45,0", "Centre associé de Toulouse", "", ""] in rows


@pytest.mark.parametrize(
    "slug",
    [
        "evenements-par-zone", "evenements-par-secteur", "evenements-par-mois", "questions-par-mois",
        "candidatures-par-etat", "instruction-des-candidatures", "communes-eloignees",
        "acces-par-departement", "acces-communes",
    ],
)  # fmt: skip
def test_export_of_an_empty_period_is_the_header_alone(staff_client, slug):
    header, rows = export(staff_client, slug, annee=YEAR)
    assert header and rows == []


def test_empty_year_shows_french_messages_not_errors(staff_client):
    response = staff_client.get(PILOTAGE, {"annee": YEAR})
    assert response.status_code == 200
    page = html(response)
    assert "Aucun événement public publié cette année." in page
    assert "Aucune question reçue cette année." in page
    assert "Les distances n'ont pas encore été calculées" in page


def test_unknown_indicator_is_a_404(staff_client):
    assert staff_client.get(reverse("pro:pilotage_export", args=["inconnu"])).status_code == 404


@pytest.mark.parametrize("value", ["deux-mille", "1789", "-1", "20255"])
def test_bad_year_gives_the_current_year_with_a_french_message(staff_client, value):
    response = staff_client.get(PILOTAGE, {"annee": value})
    assert response.status_code == 200
    page = html(response)
    this_year = timezone.localdate().year
    assert f"Année « {value} » invalide : l'année en cours est affichée." in page
    assert f"Pilotage du réseau : indicateurs {this_year}" in page
    export_response = staff_client.get(
        reverse("pro:pilotage_export", args=["evenements-par-mois"]), {"annee": value}
    )
    assert export_response.status_code == 200
    assert f"evenements-par-mois-{this_year}.csv" in export_response["Content-Disposition"]


@pytest.mark.parametrize("name", ["pilotage", "pilotage_report", "pilotage_export"])
def test_only_region_staff_reach_the_indicators(client, name):
    kwargs = {"indicator": "comites"} if name == "pilotage_export" else {}
    url = reverse(f"pro:{name}", kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/espace-pro/connexion/")
    referent = ProfessionalFactory(referent=True)
    for user in (ProfessionalFactory().user, referent.user, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200


def test_pilotage_is_in_the_staff_navigation_only(client, staff_user):
    client.force_login(staff_user)
    assert 'href="/espace-pro/pilotage/"' in html(client.get("/espace-pro/"))
    client.force_login(ProfessionalFactory().user)
    assert 'href="/espace-pro/pilotage/"' not in html(client.get("/espace-pro/"))


def test_report_is_printable_with_every_table_and_no_navigation_in_print(staff_client, data):
    response = staff_client.get(reverse("pro:pilotage_report"), {"annee": YEAR})
    assert response.status_code == 200
    page = html(response)
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    assert f"Rapport annuel {YEAR} pour le comité régional de pilotage" in page
    for slug in SLUGS:
        if slug != "acces-communes":
            assert f'id="tableau-{slug}"' in page
    assert "Rodez" in page and "Comité de suivi du Tarn" in page
    css = staff_client.get("/static/css/print.css")
    text = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    assert ".pro-bar" in text and "display: none" in text and "break-before: page" in text


def _more_data(data, index: int):
    """More of everything, in other places: the page must not read more for it."""
    site = SiteFactory(relay_point=True, commune=commune("81004"))
    EventFactory(start=at(7 + index % 3), sectors=["a"], commune=commune("82121"))
    _question(site, at(8), [at(8, 11)])
    _application(ApplicationStatus.REJECTED, at(4, 1), at(4, 2), at(5, 2))
    Committee.objects.create(
        name=f"Comité {index}", scope=CommitteeScope.DEPARTMENTAL, department_id=["32", "46", "65"][index]
    )
    _coverage(["82121", "32013", "46042"][index], 12.0, site)


def test_page_reads_a_bounded_number_of_queries_whatever_the_data(
    staff_client, data, django_assert_max_num_queries
):
    staff_client.get(PILOTAGE, {"annee": YEAR})  # the caches (catalog, session) warm up
    with CaptureQueriesContext(connection) as before:
        staff_client.get(PILOTAGE, {"annee": YEAR})
    queries = len(before)  # now: the log is emptied at each request's start
    for index in range(3):
        _more_data(data, index)
    staff_client.get(PILOTAGE, {"annee": YEAR})  # new members: the catalog is read again once
    with django_assert_max_num_queries(queries):
        response = staff_client.get(PILOTAGE, {"annee": YEAR})
    assert response.status_code == 200
    assert len(before) <= 30


def test_map_leaves_out_communes_whose_coordinates_lie_far_outside_the_territory():
    from spro_portal.charts import plausible_points
    from structures.selectors.coverage import MapPoint

    points = [MapPoint(f"31{n:03}", f"Commune {n}", 43 + n / 100, 1 + n / 100, 5.0) for n in range(100)]
    wrong = MapPoint("65118", "Caharet", 48.37, 0.29, 300.0)  # as in the INSEE-derived file
    kept, left_out = plausible_points([*points, wrong, MapPoint("31999", "Sans position", None, None, None)])
    assert left_out == [wrong]
    assert len(kept) == 100
