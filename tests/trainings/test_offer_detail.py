"""An offer's page, /formations/<id>/: its facts, places and sessions, organisation, JSON-LD."""

import datetime
import html
import json
import re

from django.utils import timezone

from tests.factories import MemberFactory
from tests.trainings.factories import (
    TrainingActionFactory,
    TrainingOfferFactory,
    TrainingSessionFactory,
    commune,
)
from trainings.enums import ExitLevel, TeachingMode


def text(response) -> str:
    return html.unescape(response.content.decode())


def json_ld(response) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(found) == 1
    return json.loads(found[0])


def full_offer(**fields):
    offer = TrainingOfferFactory(
        title="Diplôme d'État d'aide-soignant",
        objective="Devenir aide-soignant.",
        expected_results="Le diplôme d'État.",
        content="Premier module : soins.\nStage à l'hôpital.\n\nSecond module : relation au patient.",
        exit_level=ExitLevel.LEVEL_4,
        rome_codes=["J1501"],
        formacode_codes=["43436"],
        nsf_codes=["331"],
        rncp_code="35830",
        certifinfo_code="87185",
        organisation_name="IFSI de Rodez",
        organisation_phone="05 65 00 00 00",
        organisation_email="ifsi@example.invalid",
        organisation_url="https://ifsi.example.invalid/",
        with_action=False,
        **fields,
    )
    rodez = TrainingActionFactory(offer=offer, place_name="IFSI", teaching_mode=TeachingMode.BLENDED)
    start = timezone.localdate() + datetime.timedelta(days=30)
    TrainingSessionFactory(action=rodez, start=start, end=start + datetime.timedelta(days=300))
    TrainingSessionFactory(action=rodez, start=None, end=None, registration_address="Secrétariat, IFSI")
    millau = TrainingActionFactory(
        offer=offer, commune=commune("12145"), place_name="Antenne de Millau", rhythm="Temps partiel"
    )
    TrainingSessionFactory(action=millau, start=start + datetime.timedelta(days=7))
    return offer


def test_the_page_shows_every_fact_of_the_offer(client):
    offer = full_offer()
    response = client.get(f"/formations/{offer.pk}/")
    assert response.status_code == 200
    page = text(response)
    for fact in [
        "Diplôme d'État d'aide-soignant",
        "Devenir aide-soignant.",
        "Le diplôme d'État.",
        "Niveau 4 (baccalauréat)",
        "Formation certifiante",
        "Aide-soignant / Aide-soignante (J1501)",
        "43436",
        "331",
        "87185",
        'href="https://www.francecompetences.fr/recherche/rncp/35830/"',
        "IFSI de Rodez",
        'href="tel:0565000000"',
        "ifsi@example.invalid",
        'href="https://ifsi.example.invalid/"',
        "Antenne de Millau",
        "Temps partiel",
        "En partie à distance",
        "Entrée permanente",
        "Secrétariat, IFSI",
        "10 mois",
    ]:
        assert fact in page, fact
    assert "<p>Premier module : soins.<br>Stage à l'hôpital.</p>" in page  # paragraphs and line breaks
    assert "<p>Second module : relation au patient.</p>" in page


def test_rome_jobs_link_to_the_job_pages(client):
    offer = full_offer()
    assert 'href="/metiers/J1501/"' in text(client.get(f"/formations/{offer.pk}/"))


def test_a_map_of_the_places_without_inline_script(client):
    offer = full_offer()
    page = response_page = client.get(f"/formations/{offer.pk}/")
    page = text(response_page)
    data = json.loads(
        re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page, re.S)[1]
    )
    assert {feature["properties"]["name"] for feature in data} == {"IFSI", "Antenne de Millau"}
    scripts = re.findall(r"<script(?![^>]*\b(?:src|type)=)[^>]*>", page)
    assert scripts == []  # only external scripts and data blocks (strict CSP)


def test_json_ld_course_with_an_instance_per_session(client):
    offer = full_offer()
    data = json_ld(client.get(f"/formations/{offer.pk}/"))
    assert data["@type"] == "Course"
    assert data["name"] == "Diplôme d'État d'aide-soignant"
    assert data["identifier"] == offer.number
    assert data["provider"] == {
        "@type": "Organization",
        "name": "IFSI de Rodez",
        "url": "https://ifsi.example.invalid/",
    }
    assert data["educationalCredentialAwarded"]["identifier"] == "RNCP35830"
    instances = data["hasCourseInstance"]
    assert [instance["@type"] for instance in instances] == ["CourseInstance"] * 3
    start = timezone.localdate() + datetime.timedelta(days=30)
    dated = [instance for instance in instances if "startDate" in instance]
    assert {instance["startDate"] for instance in dated} == {
        start.isoformat(),
        (start + datetime.timedelta(days=7)).isoformat(),
    }
    first = next(instance for instance in dated if instance["startDate"] == start.isoformat())
    assert first["endDate"] == (start + datetime.timedelta(days=300)).isoformat()
    assert first["courseMode"] == "blended"
    assert first["location"]["address"]["addressLocality"] == "Rodez"
    assert first["location"]["geo"]["@type"] == "GeoCoordinates"


def test_not_certifying_offer_has_no_credential(client):
    offer = TrainingOfferFactory(certifying=False)
    data = json_ld(client.get(f"/formations/{offer.pk}/"))
    assert "educationalCredentialAwarded" not in data
    assert data["hasCourseInstance"][0]["courseMode"] == "onsite"


def test_organisation_links_to_the_member_with_the_same_siret(client):
    member = MemberFactory(siret="12345678900011", name="Institut régional")
    offer = full_offer(organisation_siret="12345678900011")
    page = text(client.get(f"/formations/{offer.pk}/"))
    assert f'href="{member.get_absolute_url()}">IFSI de Rodez</a>' in page
    assert 'href="https://ifsi.example.invalid/"' not in page


def test_organisation_without_a_member_links_to_its_website(client):
    MemberFactory(siret="99999999900011")
    offer = full_offer(organisation_siret="12345678900011")
    page = text(client.get(f"/formations/{offer.pk}/"))
    assert 'href="https://ifsi.example.invalid/" rel="noopener">IFSI de Rodez' in page


def test_unknown_offer_is_a_french_404(client):
    response = client.get("/formations/987654321/")
    assert response.status_code == 404
    assert "Page introuvable" in text(response)


def test_query_count_does_not_grow_with_actions_and_sessions(client, django_assert_max_num_queries):
    small = full_offer(organisation_siret="12345678900011")
    large = full_offer(organisation_siret="12345678900011")
    for _ in range(10):
        action = TrainingActionFactory(offer=large)
        TrainingSessionFactory.create_batch(3, action=action)
    client.get("/formations/0/")  # warms the per-process caches of every page (demo data flag)
    for offer in (small, large):
        with django_assert_max_num_queries(5):  # offer, actions, sessions, jobs, member
            assert client.get(f"/formations/{offer.pk}/").status_code == 200
