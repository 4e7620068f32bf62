"""Open data of the network (/donnees/): data·inclusion v1 structures and services, lieux.csv."""

import csv
import io
import json
from io import StringIO

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command

from structures import opendata
from structures.catalog import catalog
from structures.enums import AccessibilityFeature, ServiceLevel, SiteKind
from structures.models import Audience, Project, Scheme, ServiceOffer, Site
from structures.services import site_index_refresh
from tests.factories import (
    MemberFactory,
    ProfessionalFactory,
    ServiceOfferFactory,
    SiteFactory,
    UserFactory,
    commune,
)

STRUCTURES = "/donnees/structures.json"
SERVICES = "/donnees/services.json"
SITES_CSV = "/donnees/lieux.csv"


def content(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def records(client, url) -> list[dict]:
    response = client.get(url)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(content(response))
    assert isinstance(data, list)
    return data


def csv_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(content(response))))


def validate(structures, services):
    """Every record against the schema's models; warnings (a name ending with a full stop…) count too."""
    for record in structures:
        v1.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        v1.Service.model_validate(record, context={"ignore_warnings": False})


@pytest.fixture
def member():
    return MemberFactory(
        name="Mission locale de Toulouse",
        network="mission-locale",
        siret="13000000000011",
        website="https://www.missionlocale.example.org",
        description="Accueil des jeunes de 16 à 25 ans.",
    )


@pytest.fixture
def site(member):
    site = SiteFactory(
        member=member,
        identifier="ml-toulouse-centre",
        name="Mission locale — Toulouse centre",
        email="accueil@missionlocale.example.org",
        website="https://toulouse.missionlocale.example.org",
        appointment_url="https://rdv.example.org/ml-toulouse",
        phone="05 61 00 00 00",
        accessibility=[AccessibilityFeature.WHEELCHAIR, AccessibilityFeature.HEARING_LOOP],
        audiences=["jeunes", "eleves"],
        schemes=["contrat-engagement-jeune"],
        projects=["trouver-un-emploi", "se-former"],
    )
    advice = ServiceOfferFactory(
        site=site,
        level=ServiceLevel.CEP_ADVICE,
        modes=["sur_place", "a_distance", "telephone"],
        free=False,
        description="Un conseiller vous aide à faire le point sur votre projet.",
    )
    advice.audiences.set(Audience.objects.filter(slug__in=["cadres", "salaries", "demandeurs-emploi"]))
    advice.schemes.set(Scheme.objects.filter(slug__in=["cep", "vae"]))
    advice.projects.set(Project.objects.filter(slug="changer-de-metier"))
    site_index_refresh(sites=[site])  # as the admin and the pro space do when services change
    return site


def test_structures_json_validates_against_the_data_inclusion_schema(client, site):
    (record,) = records(client, STRUCTURES)
    validate([record], [])
    assert record["source"] == "spro-76"
    assert record["id"] == "spro-76--ml-toulouse-centre"
    assert record["nom"] == "Mission locale — Toulouse centre"
    assert record["code_insee"] == "31555"
    assert record["commune"] == "Toulouse"
    assert record["code_postal"] == site.postcode
    assert record["adresse"] == "1 place du Capitole"
    assert record["latitude"] == site.latitude and record["longitude"] == site.longitude
    assert record["telephone"] == "+33561000000"
    assert record["courriel"] == "accueil@missionlocale.example.org"
    assert record["site_web"] == "https://toulouse.missionlocale.example.org"
    assert record["horaires_accueil"] == site.opening_hours
    assert record["reseaux_porteurs"] == ["mission-locale"]
    assert record["siret"] == "13000000000011"
    assert record["lien_source"] == f"http://testserver/lieux/{site.slug}/"
    assert "Mission locale de Toulouse" in record["description"]
    assert list(record) == list(v1.Structure.model_fields)


def test_services_json_maps_our_taxonomies_to_the_schema_vocabularies(client, site):
    services = records(client, SERVICES)
    validate([], services)
    by_level = {service["nom"]: service for service in services}
    information = by_level["Accueil et information"]
    assert information["structure_id"] == "spro-76--ml-toulouse-centre"
    assert information["type"] == "information"
    assert information["publics"] == ["jeunes"]  # eleves and jeunes are both data·inclusion `jeunes`
    assert information["publics_precisions"] == "Collégiens et lycéens, Jeunes de 16 à 25 ans"
    assert "se-former--trouver-sa-formation" in information["thematiques"]
    assert "trouver-un-emploi--repondre-a-des-offres-demploi" in information["thematiques"]
    assert information["frais"] == "gratuit"
    assert information["modes_accueil"] == ["en-presentiel"]
    assert information["code_insee"] == "31555"
    assert len(information["description"]) >= 5  # the level's description: the offer has none
    assert set(information["modes_mobilisation"]) == {
        "envoyer-un-courriel", "se-presenter", "telephoner", "utiliser-lien-mobilisation"
    }  # fmt: skip
    assert information["lien_mobilisation"] == "https://rdv.example.org/ml-toulouse"

    advice = by_level["CEP niveau 2 : conseil personnalisé"]
    assert advice["type"] == "accompagnement"
    assert advice["publics"] == ["actifs", "demandeurs-emploi"]
    assert advice["frais"] == "payant"
    assert advice["modes_accueil"] == ["a-distance", "en-presentiel"]
    assert "preparer-sa-candidature--valoriser-ses-competences" in advice["thematiques"]  # VAE
    assert advice["description"].startswith("Un conseiller vous aide")
    assert (
        "Dispositifs : Conseil en évolution professionnelle (CEP), Validation des acquis"
        in (advice["description"])
    )
    assert advice["id"] == f"spro-76--service-{ServiceOffer.objects.get(level=ServiceLevel.CEP_ADVICE).pk}"


def test_tous_publics_is_the_only_public_of_a_service_open_to_all(client):
    SiteFactory(audiences=["tous-publics", "jeunes"])
    (service,) = records(client, SERVICES)
    validate([], [service])
    assert service["publics"] == ["tous-publics"]


def test_remote_only_service_has_no_address(client, site):
    ServiceOfferFactory(site=site, level=ServiceLevel.SUPPORT, modes=["telephone"])
    services = records(client, SERVICES)
    validate([], services)
    (remote,) = [service for service in services if service["nom"] == "Accompagnement"]
    assert remote["modes_accueil"] == ["a-distance"]
    assert remote["adresse"] is None and remote["code_insee"] is None


def test_values_the_schema_refuses_are_left_out(client):
    member = MemberFactory(network="pas-un-reseau", siret="123")
    SiteFactory(
        member=member,
        name="CIO",
        email="accueil@cio.invalid",  # a reserved domain: the schema refuses it
        coordinates_approximate=True,
        phone="",
        free_phone="0 800 00 00 00",
        opening_hours="",
        audiences=["parents"],
    )
    (structure,) = records(client, STRUCTURES)
    (service,) = records(client, SERVICES)
    validate([structure], [service])
    assert structure["courriel"] is None and service["courriel"] is None
    assert structure["latitude"] is None and structure["longitude"] is None  # the commune's centre
    assert structure["reseaux_porteurs"] is None
    assert structure["siret"] is None
    assert structure["horaires_accueil"] is None
    assert structure["telephone"] == "+33800000000"
    assert "envoyer-un-courriel" not in service["modes_mobilisation"]


def test_long_names_are_cut_to_the_schema_limit(client):
    SiteFactory(name="Point relais " + "très " * 30 + "long.")
    (structure,) = records(client, STRUCTURES)
    validate([structure], [])
    assert len(structure["nom"]) == 150


def test_only_published_places_of_active_members_are_exported(client, site):
    SiteFactory(name="Lieu non publié", published=False, audiences=["jeunes"])
    SiteFactory(name="Lieu d'un ancien membre", member=MemberFactory(active=False), audiences=["jeunes"])
    structures = records(client, STRUCTURES)
    services = records(client, SERVICES)
    sites = csv_rows(client, SITES_CSV)
    assert [record["nom"] for record in structures] == [site.name]
    assert {record["structure_id"] for record in services} == {"spro-76--ml-toulouse-centre"}
    assert [row["nom"] for row in sites] == [site.name]


def test_no_personal_data_is_exported(client, site, member):
    person = ProfessionalFactory(member=member, user=UserFactory(email="jeanne.martin@exemple.org"))
    exported = "".join(content(client.get(url)) for url in [STRUCTURES, SERVICES, SITES_CSV])
    assert "jeanne.martin@exemple.org" not in exported
    assert person.user.last_name not in exported
    assert "accueil@missionlocale.example.org" in exported  # the place's own address is public


def test_sites_csv_has_a_header_and_a_row_per_place(client, site):
    child = SiteFactory(associated_centre=True, coordinates_approximate=True)
    rows = {row["identifiant"]: row for row in csv_rows(client, SITES_CSV)}
    assert list(next(iter(rows.values()))) == opendata.SITE_CSV_HEADER
    row = rows["ml-toulouse-centre"]
    assert row["nom"] == "Mission locale — Toulouse centre"
    assert row["type"] == SiteKind.MEMBER_OFFICE
    assert row["membre"] == "Mission locale de Toulouse"
    assert row["reseau_porteur"] == "mission-locale"
    assert row["commune"] == "Toulouse" and row["code_insee"] == "31555" and row["departement"] == "31"
    assert row["position_approximative"] == "non"
    assert float(row["latitude"]) == site.latitude
    assert row["horaires"] == site.opening_hours
    assert row["accessibilite"] == "fauteuil-roulant|boucle-magnetique"
    assert set(row["publics"].split("|")) >= {"jeunes", "eleves", "cadres"}
    assert "cep" in row["dispositifs"].split("|")
    assert row["url"] == f"http://testserver/lieux/{site.slug}/"
    assert row["rendez_vous_en_ligne"] == "https://rdv.example.org/ml-toulouse"
    centre = rows[child.identifier]
    assert centre["rattachement"] == child.parent.identifier
    assert centre["position_approximative"] == "oui"


def test_exports_are_streamed_cacheable_and_set_no_cookie(client, site):
    for url, filename in [
        (STRUCTURES, "structures.json"),
        (SERVICES, "services.json"),
        (SITES_CSV, "lieux.csv"),
    ]:
        response = client.get(url)
        assert response.streaming
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=3600"}
        assert response["Content-Disposition"] == f'inline; filename="{filename}"'
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.cookies == {}
        content(response)
    assert client.post(STRUCTURES).status_code == 405


def test_sites_csv_has_no_byte_order_mark(client, site):
    response = client.get(SITES_CSV)
    assert b"".join(response.streaming_content).startswith(b"identifiant,nom,")


def _sites(count):
    member = MemberFactory(network="france-travail")
    for _ in range(count):
        site = SiteFactory(member=member, audiences=["jeunes"], schemes=["cep"], projects=["se-former"])
        ServiceOfferFactory(site=site)


@pytest.mark.parametrize("url", [STRUCTURES, SERVICES, SITES_CSV])
def test_query_count_does_not_grow_with_the_number_of_places(client, django_assert_max_num_queries, url):
    _sites(1)
    content(client.get(url))  # the cached catalog (taxonomies, inactive members) is loaded once
    with django_assert_max_num_queries(3) as one:
        content(client.get(url))
    queries = len(one)  # now: the log is emptied at each request's start
    _sites(29)
    content(client.get(url))  # a new member: the catalog is read again once (not per place)
    with django_assert_max_num_queries(queries) as thirty:
        body = content(client.get(url))
    assert body.count("spro-76--" if url != SITES_CSV else "http://testserver/lieux/") >= 30
    assert len(thirty) == queries


def test_batches_cover_every_record_once_with_one_query_per_batch(django_assert_num_queries):
    _sites(25)  # 25 places, 50 services
    catalog()  # loaded once per process, not per export
    for chunks, expected, queries in [
        (opendata.structures_chunks, 25, 3),  # 10 + 10 + 5
        (opendata.services_chunks, 50, 6),  # 5 × 10, then an empty batch
    ]:
        with django_assert_num_queries(queries):
            data = json.loads(b"".join(chunks(origin="https://example.org", size=10)))
        ids = [record["id"] for record in data]
        assert len(ids) == len(set(ids)) == expected
    with django_assert_num_queries(3):
        lines = b"".join(opendata.sites_csv_chunks(origin="", size=10)).decode()
    rows = list(csv.reader(io.StringIO(lines)))
    assert len(rows) == 26 and len({row[0] for row in rows}) == 26


def test_empty_exports_are_valid(client):
    assert records(client, STRUCTURES) == []
    assert records(client, SERVICES) == []
    assert csv_rows(client, SITES_CSV) == []


def test_demo_data_exports_and_validates_entirely(client):
    call_command("load_demo", stdout=StringIO())
    structures = records(client, STRUCTURES)
    services = records(client, SERVICES)
    validate(structures, services)
    published = Site.objects.published()
    assert len(structures) == published.count()
    assert len(services) == ServiceOffer.objects.filter(site__in=published).count()
    assert {service["structure_id"] for service in services} <= {record["id"] for record in structures}
    central = next(
        record for record in structures if record["id"] == "spro-76--demo-cite-des-metiers-toulouse"
    )
    assert central["nom"].startswith("Cité des métiers")
    assert len(csv_rows(client, SITES_CSV)) == len(structures)


def test_every_mapped_value_belongs_to_the_schema_and_every_seeded_term_is_mapped():
    assert set(opendata.PUBLICS_BY_AUDIENCE) == set(Audience.objects.values_list("slug", flat=True))
    assert set(opendata.THEMATIQUES_BY_SCHEME) == set(Scheme.objects.values_list("slug", flat=True))
    assert set(opendata.THEMATIQUES_BY_PROJECT) == set(Project.objects.values_list("slug", flat=True))
    assert set(opendata.TYPE_BY_LEVEL) == set(ServiceLevel.values) == set(opendata.DESCRIPTION_BY_LEVEL)


def test_commune_is_the_site_commune(client):
    SiteFactory(commune=commune("81004"))  # Albi
    (structure,) = records(client, STRUCTURES)
    assert structure["code_insee"] == "81004" and structure["commune"] == "Albi"
