"""The jobs pages: /metiers/ (domains, search by title or ROME code) and /metiers/<code ROME>/."""

import html
import json
import re
from urllib.parse import quote_plus

from django.test import override_settings

from structures.models import Job
from tests.events.factories import EventFactory
from tests.factories import SiteFactory
from tests.trainings.factories import (
    TrainingActionFactory,
    TrainingOfferFactory,
    TrainingSessionFactory,
    commune,
)

RODEZ, TOULOUSE, MILLAU = "12202", "31555", "12145"


def text(response) -> str:
    return html.unescape(response.content.decode())


def results(response) -> str:
    """The search results' section (the page lists every job by domain below it)."""
    return text(response).split('id="job-results-title"', 1)[1].split("</section>", 1)[0]


def test_search_ignores_accents_and_case(client):
    page = results(client.get("/metiers/", {"q": "DEVELOPPEUR informatique"}))
    assert "Développeur / Développeuse informatique" in page
    assert "/metiers/M1805/" in page
    assert "Développeur / Développeuse web" not in page  # every word is required


def test_search_reads_words_in_any_form_of_punctuation(client):
    for query in ("aide-soignant", "aide soignant", "soignante aide"):
        page = results(client.get("/metiers/", {"q": query}))
        assert "Aide-soignant / Aide-soignante" in page, query
        assert "/metiers/J1501/" in page


def test_rome_code_in_the_search_goes_to_the_job(client):
    response = client.get("/metiers/", {"q": " j1501 "})
    assert response.status_code == 302
    assert response["Location"] == "/metiers/J1501/"


def test_unknown_rome_code_or_too_long_search_gives_a_french_message(client):
    unknown = client.get("/metiers/", {"q": "N9999"})
    assert unknown.status_code == 200
    assert "Aucun métier n'a le code ROME « N9999 »" in text(unknown)
    long = client.get("/metiers/", {"q": "a" * 500})
    assert long.status_code == 200
    assert "La recherche est trop longue" in text(long)
    nothing = results(client.get("/metiers/", {"q": "xyzzyplugh"}))
    assert "Aucun métier ne contient tous ces mots" in nothing


def test_the_chosen_domain_lists_its_jobs_with_their_offers_count(client, django_assert_max_num_queries):
    TrainingOfferFactory(rome_codes=["J1501"])
    TrainingOfferFactory(rome_codes=["J1501", "J1502"])
    client.get("/metiers/")  # the cached taxonomies (structures.catalog) are read once per process
    with django_assert_max_num_queries(3):  # the jobs, the offers' counts, the demo flag (cached)
        response = client.get("/metiers/", {"domaine": "j"})
    page = text(response)
    assert page.count('class="job-domain"') == 14
    assert len(re.findall(r'href="/metiers/\?domaine=[a-n]#domaine-[a-n]"', page)) == 13  # the others
    listed = set(re.findall(r'href="/metiers/([A-N]\d{4})/"', page))
    assert listed == set(Job.objects.filter(code__startswith="J").values_list("code", flat=True))
    assert 'Aide-soignant / Aide-soignante</a> <span class="job-list__code">J1501</span> ' in page
    assert "2 formations" in page


def test_job_page_links_to_the_partners_sheets_and_its_domain(client):
    sheets = [
        ("Partenaire A", "https://a.example/fiche/{code}"),
        ("Partenaire B", "https://b.example/?q={label}"),
    ]
    with override_settings(PORTAL_JOB_SHEETS=sheets):
        page = text(client.get("/metiers/J1501/"))
    assert "<h1>Aide-soignant / Aide-soignante</h1>" in page
    assert 'href="https://a.example/fiche/J1501">La fiche métier sur le site Partenaire A' in page
    label = quote_plus("Aide-soignant / Aide-soignante")
    assert f'href="https://b.example/?q={label}"' in page
    assert "target=" not in page.split("<main", 1)[-1]
    assert "/metiers/?domaine=j" in page


def test_job_code_is_read_in_upper_case_and_unknown_code_is_a_french_404(client):
    assert client.get("/metiers/j1501/")["Location"] == "/metiers/J1501/"
    missing = client.get("/metiers/N9999/")
    assert missing.status_code == 404
    assert client.get("/metiers/pas-un-code/").status_code == 404


def test_trainings_near_a_commune_with_distance_and_next_session(client, django_assert_max_num_queries):
    near = TrainingOfferFactory(title="Diplôme d'État d'aide-soignant", rome_codes=["J1501"])
    far = TrainingOfferFactory(title="Aide-soignant à Toulouse", rome_codes=["J1501"], with_action=False)
    TrainingSessionFactory(action=TrainingActionFactory(offer=far, commune=commune(TOULOUSE)))
    TrainingOfferFactory(title="Autre métier", rome_codes=["M1805"])
    client.get("/metiers/J1501/", {"commune": "Rodez"})  # the cached taxonomies and commune lookup
    with django_assert_max_num_queries(8):
        response = client.get("/metiers/J1501/", {"commune": "Rodez"})
    page = text(response)
    assert f"/formations/{near.pk}/" in page
    assert f"/formations/{far.pk}/" not in page  # 120 km away
    assert "Autre métier" not in page
    assert "à moins de 50 km de Rodez" in page
    assert "à 0,0 km" in page
    assert "Prochaine session :" in page
    assert "/formations/?metier=J1501" in page


def test_without_a_commune_the_next_trainings_to_start_are_listed(client):
    offer = TrainingOfferFactory(title="Diplôme d'État d'aide-soignant", rome_codes=["J1501"])
    page = text(client.get("/metiers/J1501/"))
    assert "Prochaines formations qui mènent à ce métier" in page
    assert f"/formations/{offer.pk}/" in page


def test_upcoming_events_of_the_job_or_its_sector_are_shown(client):
    EventFactory(title="Forum des métiers du soin", sectors=["j"])
    EventFactory(title="Salon du numérique", sectors=["m"])
    EventFactory(title="Rencontre avec des aides-soignants", sectors=["k"], jobs=["J1501"])
    EventFactory(title="Découverte du métier d'infirmier", sectors=["k"], jobs=["J1506"])
    page = text(client.get("/metiers/J1501/"))
    assert "Forum des métiers du soin" in page
    assert "Rencontre avec des aides-soignants" in page  # named the job, in another sector
    assert "Salon du numérique" not in page
    assert "Découverte du métier d'infirmier" not in page


def test_nearest_places_to_choose_or_change_jobs_with_a_commune(client):
    SiteFactory(name="Point conseil de Rodez", commune=commune(RODEZ), projects=["changer-de-metier"])
    SiteFactory(name="Lieu de Millau", commune=commune(MILLAU), projects=["choisir-un-metier"])
    SiteFactory(name="Lieu sans ce projet", commune=commune(RODEZ), projects=["creer-une-entreprise"])
    page = text(client.get("/metiers/J1501/", {"commune": "Rodez"}))
    assert "Point conseil de Rodez" in page
    assert "Lieu de Millau" in page
    assert "Lieu sans ce projet" not in page
    assert page.index("Point conseil de Rodez") < page.index("Lieu de Millau")
    assert "à 0,0 km" in page
    without = text(client.get("/metiers/J1501/"))
    assert "Point conseil de Rodez" not in without


def test_the_nearest_places_are_on_a_map_with_a_commune_only(client):
    SiteFactory(name="Point conseil de Rodez", commune=commune(RODEZ), projects=["changer-de-metier"])
    response = client.get("/metiers/J1501/", {"commune": "Rodez"})
    html = response.content.decode()
    assert 'data-map-data="map-data"' in html and "leaflet.js" in html
    features = json.loads(
        html.split('<script id="map-data" type="application/json">')[1].split("</script>")[0]
    )
    assert [feature["properties"]["name"] for feature in features] == ["Point conseil de Rodez"]
    without = client.get("/metiers/J1501/").content.decode()
    assert "map-data" not in without and "leaflet.js" not in without


def test_bad_commune_gives_a_french_message_and_no_500(client):
    response = client.get("/metiers/J1501/", {"commune": "Nullepartville"})
    assert response.status_code == 200
    assert "Aucune commune ne correspond à « Nullepartville »" in text(response)
    ambiguous = text(client.get("/metiers/J1501/", {"commune": "Beaulieu"}))
    assert "Plusieurs communes correspondent" in ambiguous
    assert client.get("/metiers/J1501/", {"commune": "x" * 300, "rayon": "abc"}).status_code == 200


def test_job_page_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    def visit():
        # Writing members clears the cached taxonomies (structures.catalog): read them first.
        client.get("/metiers/J1501/", {"commune": "Rodez"})
        with django_assert_max_num_queries(8) as captured:
            assert client.get("/metiers/J1501/", {"commune": "Rodez"}).status_code == 200
        return len(captured)

    TrainingOfferFactory(rome_codes=["J1501"])
    SiteFactory(commune=commune(RODEZ), projects=["choisir-un-metier"])
    EventFactory(sectors=["j"])
    few = visit()
    for _ in range(6):
        offer = TrainingOfferFactory(rome_codes=["J1501"])
        TrainingSessionFactory(action=offer.actions.get())
        SiteFactory(commune=commune(RODEZ), projects=["choisir-un-metier"])
        EventFactory(sectors=["j"])
        EventFactory(sectors=["k"], jobs=["J1501"])
    assert visit() == few
