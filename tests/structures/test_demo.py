"""`manage.py load_demo`: the demonstration network, idempotent, charter-compliant and searchable."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from structures.demo import demo_load
from structures.enums import SiteKind
from structures.models import (
    Audience,
    Commune,
    EmploymentZone,
    Member,
    Permanence,
    Professional,
    Scheme,
    ServiceOffer,
    Site,
)
from structures.selectors import SiteFilters, network_violations, site_search
from tests.factories import SiteFactory

FICTION_PHONE = re.compile(r"^01 99 00 \d\d \d\d$")


def _snapshot() -> dict:
    """Every demo row with its modification time: a second load must leave it all as it was."""
    return {
        "members": sorted(Member.objects.values_list("identifier", "updated_at")),
        "sites": sorted(Site.objects.values_list("identifier", "updated_at", "search_text")),
        "services": sorted(ServiceOffer.objects.values_list("pk", "site_id", "level")),
        "terms": sorted(ServiceOffer.audiences.through.objects.values_list("pk", flat=True)),
        "permanences": sorted(Permanence.objects.values_list("pk", "site_id", "member_id", "opening_hours")),
    }


@pytest.fixture
def demo():
    return demo_load()


def _names(result) -> set[str]:
    return {site.name for site in result.page.object_list}


def test_load_demo_twice_changes_nothing():
    first = StringIO()
    call_command("load_demo", stdout=first)
    before = _snapshot()
    second = StringIO()
    call_command("load_demo", stdout=second)

    assert _snapshot() == before
    assert "aucun changement" in second.getvalue()
    assert len(before["sites"]) == Site.objects.values("identifier").distinct().count() >= 100
    assert "créations : " in first.getvalue()


def test_load_demo_creates_the_demo_accounts_of_the_readme(client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "demo-spro-2026" in out.getvalue()
    expected = {
        "region@demo.invalid": None,
        "referent.missionlocale@demo.invalid": ("demo-mission-locale", "referent"),
        "conseiller.cio@demo.invalid": ("demo-cio", "conseiller"),
    }
    for email, membership in expected.items():
        assert email in out.getvalue()
        client.logout()
        response = client.post("/espace-pro/connexion/", {"username": email, "password": "demo-spro-2026"})
        assert response.status_code == 302, email
        assert client.get("/espace-pro/").status_code == 200
        user = get_user_model().objects.get(email=email)
        if membership is None:
            assert user.is_staff and user.groups.filter(name="Région — administration").exists()
            assert client.get("/admin/structures/site/").status_code == 200
        else:
            professional = Professional.objects.get(user=user)
            assert (professional.member.identifier, professional.role) == membership
            assert not user.is_staff


def test_demo_accounts_get_their_password_back_and_nothing_else_changes():
    call_command("load_demo", stdout=StringIO())
    user = get_user_model().objects.get(email="conseiller.cio@demo.invalid")
    user.set_password("un-autre-mot-de-passe")
    user.save()
    out = StringIO()
    call_command("load_demo", stdout=out)
    user.refresh_from_db()
    assert user.check_password("demo-spro-2026")
    assert "modifications : 1" in out.getvalue()


def test_dry_run_writes_nothing():
    out = StringIO()
    call_command("load_demo", "--dry-run", stdout=out)

    assert "--dry-run" in out.getvalue()
    assert not Member.objects.exists()
    assert not Site.objects.exists()


def test_load_demo_refuses_a_second_central_site_and_writes_nothing():
    SiteFactory(central=True, name="Cité des métiers existante")

    with pytest.raises(CommandError, match="site central"):
        call_command("load_demo", stdout=StringIO())
    assert not Member.objects.filter(demo=True).exists()


def test_demo_network_follows_the_charter(demo):
    assert network_violations() == []
    out = StringIO()
    call_command("check_network", stdout=out)  # SystemExit(1) on a violation
    assert "conforme" in out.getvalue()


def test_every_served_department_has_one_associated_centre_and_relay_points(demo):
    centres = Site.objects.filter(kind=SiteKind.ASSOCIATED_CENTRE)
    for code in settings.PORTAL_DEPARTMENTS:
        assert centres.filter(commune__department_id=code).count() == 1, code
    relays = Site.objects.filter(kind=SiteKind.RELAY_POINT).select_related("commune", "parent__commune")
    assert len(relays) >= 25
    assert all(relay.commune.department_id == relay.parent.commune.department_id for relay in relays)
    assert Site.objects.filter(kind=SiteKind.CENTRAL, commune__name="Toulouse").count() == 1


def test_demo_members_are_flagged_and_contact_details_are_fictitious(demo):
    assert Member.objects.count() >= 20
    assert not Member.objects.filter(demo=False).exists()
    for site in Site.objects.all():
        assert FICTION_PHONE.match(site.phone), site.phone
        assert site.free_phone == "" or FICTION_PHONE.match(site.free_phone)
        assert site.email.endswith(".invalid"), site.email
        for url in (site.chat_url, site.appointment_url, site.website):
            assert url == "" or ".invalid/" in url, url


def test_every_demo_site_is_published_valid_and_described(demo):
    sites = Site.objects.prefetch_related("services")
    for site in sites:
        site.full_clean()
        assert site.published
        assert site.has_coordinates
        assert site.opening_hours
        assert site.services.all(), site.name
        assert all(service.description for service in site.services.all())
    with_accessibility = sum(1 for site in sites if site.accessibility)
    assert with_accessibility > len(sites) / 2
    assert Permanence.objects.filter(member__identifier="demo-apec", opening_hours="Tu 14:00-17:00").exists()


def test_full_text_search_finds_the_cite_des_metiers(demo):
    result = site_search(filters=SiteFilters(q="cite des metiers"))

    assert "Cité des métiers de Toulouse" in _names(result)


def test_sites_open_on_saturday_near_albi(demo):
    albi = Commune.objects.get(code="81004")

    result = site_search(
        filters=SiteFilters(point=(albi.latitude, albi.longitude), radius_km=30, open="samedi")
    )

    assert result.total >= 1
    assert all(site.open_saturday and site.distance_km <= 30 for site in result.page.object_list)


def test_public_and_scheme_filters_in_the_toulouse_employment_zone(demo):
    zone = EmploymentZone.objects.get(code="7625")
    young = Audience.objects.get(slug="jeunes")
    cep = Scheme.objects.get(slug="cep")

    result = site_search(filters=SiteFilters(zone=zone, audience_ids=(young.pk,), scheme_ids=(cep.pk,)))

    names = _names(result)
    assert "Mission locale de Toulouse" in names
    assert "Cité des métiers de Toulouse" in names  # open to every public
    assert all(site.commune.employment_zone_id == "7625" for site in result.page.object_list)
