"""Region staff tools in the admin: members and sites, their filters, validation, import and export."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from structures.admin import months_ago
from structures.enums import MemberCategory, SiteKind
from structures.models import Audience, Member, Site
from structures.resources import SITE_COLUMNS
from tests.factories import OFFICE_HOURS, MemberFactory, SiteFactory, commune

SITES = reverse("admin:structures_site_changelist")
MEMBERS = reverse("admin:structures_member_changelist")


def inline_management(prefix, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(initial),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def site_form(member, **values):
    """What the site add/change form posts, with no service nor permanence."""
    return {
        "name": "Point info",
        "slug": "point-info",
        "identifier": "point-info",
        "member": str(member.pk),
        "kind": SiteKind.MEMBER_OFFICE,
        "parent": "",
        "published": "on",
        "address": "1 place du Capitole",
        "postcode": "31000",
        "commune": "31555",
        "latitude": "",
        "longitude": "",
        "phone": "",
        "free_phone": "",
        "email": "",
        "website": "",
        "chat_url": "",
        "appointment_url": "",
        "opening_hours": OFFICE_HOURS,
        "hours_note": "",
        **inline_management("services"),
        **inline_management("permanences"),
        **values,
    }


def listed(response):
    return {site.pk for site in response.context["cl"].result_list}


@pytest.fixture(autouse=True)
def _no_geocoding(settings):
    """Tests never reach the network, whatever the environment says."""
    settings.PORTAL_GEOCODING = False


# --- changelists and filters -----------------------------------------------------------------------


def test_member_changelist_lists_members_with_their_site_count(admin_client):
    member = MemberFactory(name="France Travail", acronym="FT")
    SiteFactory(member=member)
    response = admin_client.get(MEMBERS, {"category__exact": MemberCategory.CEP_OPERATOR, "q": "travail"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [member]
    assert response.context["cl"].result_list[0].site_count == 1


def test_site_changelist_loads_with_its_filters(admin_client):
    SiteFactory(name="Lieu de Toulouse")
    response = admin_client.get(SITES)
    assert response.status_code == 200
    content = response.content.decode()
    for label in (
        "Fiche non mise à jour depuis 6 mois",
        "Haute-Garonne (31)",
        "zone d&#x27;emploi",
        "Importer",
    ):
        assert label in content


@pytest.mark.parametrize(
    "params",
    [
        {"kind__exact": SiteKind.RELAY_POINT},
        {"departement": "81"},
        {"zone_emploi": "albi"},  # replaced below by Albi's employment zone code
        {"q": "albi"},
    ],
)
def test_site_changelist_filters_select_the_albi_relay_point(admin_client, params):
    albi = SiteFactory(relay_point=True, name="Relais", commune=commune("81004"))
    if params.get("zone_emploi"):
        params = {"zone_emploi": commune("81004").employment_zone_id}
    assert listed(admin_client.get(SITES, params)) == {albi.pk}


def test_site_changelist_filters_by_member(admin_client):
    site = SiteFactory()
    SiteFactory()
    assert listed(admin_client.get(SITES, {"member__id__exact": site.member_id})) == {site.pk}


def test_stale_filter_lists_sites_not_updated_for_six_months(admin_client):
    stale, fresh = SiteFactory(name="Ancien"), SiteFactory(name="Récent")
    Site.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=190))
    Site.objects.filter(pk=fresh.pk).update(updated_at=timezone.now() - timedelta(days=170))
    response = admin_client.get(SITES, {"mise_a_jour": "ancienne"})
    assert response.status_code == 200
    assert listed(response) == {stale.pk}


def test_six_months_ago_keeps_to_the_calendar():
    assert months_ago(datetime(2026, 8, 31, 10, 0), 6) == datetime(2026, 2, 28, 10, 0)
    assert months_ago(datetime(2026, 3, 15), 6) == datetime(2025, 9, 15)


# --- add and change --------------------------------------------------------------------------------


def test_site_add_and_change_pages_load(admin_client):
    site = SiteFactory(audiences=["jeunes"])
    assert admin_client.get(reverse("admin:structures_site_add")).status_code == 200
    response = admin_client.get(reverse("admin:structures_site_change", args=[site.pk]))
    assert response.status_code == 200
    assert "Accueil et information" in response.content.decode()


def test_adding_a_site_indexes_it_and_places_it(admin_client):
    member = MemberFactory(name="Mission locale")
    response = admin_client.post(reverse("admin:structures_site_add"), site_form(member))
    assert response.status_code == 302
    site = Site.objects.get(identifier="point-info")
    toulouse = commune("31555")
    assert (site.latitude, site.longitude, site.coordinates_approximate) == (
        toulouse.latitude,
        toulouse.longitude,
        True,
    )
    assert "mission locale" in site.search_text


def test_services_added_inline_are_indexed_with_the_site(admin_client):
    jeunes = Audience.objects.get(slug="jeunes")
    service = {
        "services-0-level": "conseil",
        "services-0-modes": ["sur_place", "telephone"],
        "services-0-audiences": [str(jeunes.pk)],
        "services-0-free": "on",
        "services-0-description": "",
        "services-TOTAL_FORMS": "1",
    }
    response = admin_client.post(reverse("admin:structures_site_add"), site_form(MemberFactory(), **service))
    assert response.status_code == 302
    site = Site.objects.get()
    assert site.services.get().modes == ["sur_place", "telephone"]
    assert site.audience_ids == [jeunes.pk]


def test_relay_point_without_associated_centre_is_refused_in_french(admin_client):
    response = admin_client.post(
        reverse("admin:structures_site_add"), site_form(MemberFactory(), kind=SiteKind.RELAY_POINT)
    )
    assert response.status_code == 200
    assert "Un point relais est rattaché à un centre associé." in response.content.decode()
    assert Site.objects.count() == 0


def test_changing_a_site_into_a_second_central_site_is_refused(admin_client):
    SiteFactory(central=True)
    site = SiteFactory(identifier="point-info", slug="point-info")
    url = reverse("admin:structures_site_change", args=[site.pk])
    response = admin_client.post(url, site_form(site.member, kind=SiteKind.CENTRAL))
    assert response.status_code == 200
    assert "Il y a déjà un site central : « Cité des métiers »." in response.content.decode()
    site.refresh_from_db()
    assert site.kind == SiteKind.MEMBER_OFFICE


def test_invalid_opening_hours_are_refused(admin_client):
    response = admin_client.post(
        reverse("admin:structures_site_add"), site_form(MemberFactory(), opening_hours="lundi matin")
    )
    assert "Horaires « lundi matin » illisibles" in response.content.decode()
    assert Site.objects.count() == 0


def test_renaming_a_member_reindexes_its_sites(admin_client):
    site = SiteFactory()
    member = site.member
    data = {
        "identifier": member.identifier,
        "name": "Cap emploi Occitanie",
        "slug": member.slug,
        "acronym": "",
        "category": member.category,
        "basis": member.basis,
        "network": "",
        "website": "",
        "description": "",
        "active": "on",
    }
    response = admin_client.post(reverse("admin:structures_member_change", args=[member.pk]), data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert "cap emploi occitanie" in site.search_text


def test_renaming_a_public_reindexes_the_sites(admin_client):
    site = SiteFactory(audiences=["jeunes"])
    audience = Audience.objects.get(slug="jeunes")
    data = {
        "label": "Jeunes de 16 à 25 ans",
        "slug": "jeunes",
        "description": "",
        "position": "3",
        "active": "on",
    }
    response = admin_client.post(reverse("admin:structures_audience_change", args=[audience.pk]), data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert "jeunes de 16 a 25 ans" in site.search_text


# --- import and export -----------------------------------------------------------------------------


def sites_csv(*rows: str) -> SimpleUploadedFile:
    content = "identifiant;nom;membre;type;rattachement;commune\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("lieux.csv", content.encode("cp1252"), content_type="text/csv")


def test_import_pages_load(admin_client):
    for name in ("admin:structures_site_import", "admin:structures_member_import"):
        response = admin_client.get(reverse(name))
        assert response.status_code == 200
        assert "identifiant" in response.content.decode()


def test_admin_import_previews_then_imports_the_file(admin_client):
    MemberFactory(identifier="region")
    upload = sites_csv(
        "relais;Relais d'Albi;region;point_relais;ca;81004",
        "ca;Centre associé;region;centre_associe;cdm;Albi",
        "cdm;Cité des métiers;region;cite_des_metiers;;Toulouse",
    )
    preview = admin_client.post(
        reverse("admin:structures_site_import"), {"format": "0", "import_file": upload}
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None and Site.objects.count() == 0  # the preview wrote nothing

    response = admin_client.post(reverse("admin:structures_site_process_import"), confirm.initial)
    assert response.status_code == 302
    relay = Site.objects.get(identifier="relais")
    assert relay.parent.identifier == "ca" and relay.parent.parent.identifier == "cdm"
    assert relay.search_text  # indexed


def test_admin_import_shows_row_errors_and_writes_nothing(admin_client):
    MemberFactory(identifier="region")
    upload = sites_csv("a;Lieu A;region;lieu_membre;;31555", "b;Lieu B;region;lieu_membre;;Auterive")
    response = admin_client.post(
        reverse("admin:structures_site_import"), {"format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3]
    assert "Plusieurs communes s&#x27;appellent « Auterive »" in response.content.decode()
    assert Site.objects.count() == 0


def test_admin_import_explains_an_unreadable_file(admin_client):
    upload = SimpleUploadedFile("lieux.csv", b"identifiant;nom\n\x81\x8d;\x00\n")
    response = admin_client.post(
        reverse("admin:structures_site_import"), {"format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    assert "caractères illisibles" in response.content.decode()


def test_admin_member_import(admin_client):
    upload = SimpleUploadedFile("membres.csv", b"identifiant,nom,categorie\napec,Apec,operateur_cep\n")
    preview = admin_client.post(
        reverse("admin:structures_member_import"), {"format": "0", "import_file": upload}
    )
    admin_client.post(
        reverse("admin:structures_member_process_import"), preview.context["confirm_form"].initial
    )
    assert Member.objects.get().name == "Apec"


def test_admin_export_gives_the_import_columns(admin_client):
    SiteFactory(identifier="lieu-1", name="Lieu un")
    data = {"format": "0", "resource": "0", **{f"siteresource_{column}": "on" for column in SITE_COLUMNS}}
    response = admin_client.post(reverse("admin:structures_site_export"), data)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(SITE_COLUMNS)
    assert lines[1].startswith("lieu-1;Lieu un;")


def test_admin_import_reports_a_missing_column_in_french_without_traceback(admin_client):
    upload = SimpleUploadedFile("lieux.csv", b"identifiant;nom\na;Lieu A\n")
    response = admin_client.post(
        reverse("admin:structures_site_import"), {"format": "0", "import_file": upload}
    )
    content = response.content.decode()
    assert "Colonnes obligatoires absentes : membre, type, commune." in content
    assert "Traceback" not in content
    assert Site.objects.count() == 0
