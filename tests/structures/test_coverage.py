"""Equal access: each commune's distance to the nearest first-reception place and CEP operator's place
(structures.coverage), its refresh when places change, `compute_coverage` and the figures the indicators
page reads (structures.selectors.coverage)."""

import random
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from labelling import services as labelling
from structures import coverage
from structures.coverage import SiteGrid, coverage_compute, coverage_refresh_later
from structures.enums import MemberCategory, SiteKind
from structures.geo import KM_PER_DEGREE, distance_km
from structures.models import Commune, CommuneCoverage, Site
from structures.selectors.coverage import MapPoint, SvgProjection, coverage_figures
from tests.factories import MemberFactory, SiteFactory, commune
from tests.labelling.factories import with_opinion

SAMPLE = 50


@pytest.fixture(autouse=True)
def _no_geocoding(settings):
    settings.PORTAL_GEOCODING = False


def served():
    return Commune.objects.served()


def nearest_by_brute_force(latitude, longitude, sites):
    """(km, site id) of the nearest of `sites`, ties to the lowest id: every site compared."""
    return min((distance_km(latitude, longitude, site.latitude, site.longitude), site.pk) for site in sites)


def assert_agrees(row, expected, site_field, km_field):
    km, site_id = expected
    assert getattr(row, km_field) == pytest.approx(km, abs=1e-6)
    assert getattr(row, site_field) == site_id or abs(getattr(row, km_field) - km) < 1e-9


@pytest.fixture
def network():
    """About 40 places at random points of the territory (seeded): first-reception places of an
    associated network, of a CEP operator, offices of a CEP operator and of the State."""
    rng = random.Random(2026)
    box = served().values_list("latitude", "longitude")
    latitudes, longitudes = zip(*box, strict=True)
    south, north, west, east = min(latitudes), max(latitudes), min(longitudes), max(longitudes)
    network_member = MemberFactory(category=MemberCategory.ASSOCIATED_NETWORK)
    cep_member = MemberFactory(category=MemberCategory.CEP_OPERATOR)
    state = MemberFactory(category=MemberCategory.STATE)

    def where():
        return {"latitude": rng.uniform(south, north), "longitude": rng.uniform(west, east)}

    SiteFactory(central=True, member=network_member, **where())
    SiteFactory(associated_centre=True, member=network_member, **where())
    for _ in range(14):
        SiteFactory(relay_point=True, member=network_member, **where())
    for _ in range(5):
        SiteFactory(relay_point=True, member=cep_member, **where())
    for _ in range(12):
        SiteFactory(member=cep_member, **where())
    for _ in range(8):
        SiteFactory(member=state, **where())
    return list(Site.objects.all())


def sample_communes(count=SAMPLE):
    codes = sorted(served().values_list("code", flat=True))
    return list(Commune.objects.filter(code__in=random.Random(7).sample(codes, count)))


# --- the computation agrees with a brute-force one -----------------------------------------------


def test_distances_agree_with_a_brute_force_haversine_on_a_sample_of_communes(network):
    reception = [site for site in network if site.kind != SiteKind.MEMBER_OFFICE]
    cep = [site for site in network if site.member.category == MemberCategory.CEP_OPERATOR]
    assert len(reception) == 21 and len(cep) == 17
    assert coverage_compute() == served().count()
    rows = CommuneCoverage.objects.in_bulk([place.code for place in sample_communes()])
    assert len(rows) == SAMPLE
    for code, row in rows.items():
        place = row.commune
        assert code == place.code
        assert_agrees(
            row,
            nearest_by_brute_force(place.latitude, place.longitude, reception),
            "reception_site_id",
            "reception_km",
        )
        assert_agrees(
            row, nearest_by_brute_force(place.latitude, place.longitude, cep), "cep_site_id", "cep_km"
        )


def test_the_cep_place_is_computed_separately_from_the_first_reception_place():
    toulouse, albi = commune("31555"), commune("81004")
    relay = SiteFactory(
        relay_point=True, member=MemberFactory(category=MemberCategory.ASSOCIATED_NETWORK), commune=toulouse
    )
    office = SiteFactory(member=MemberFactory(category=MemberCategory.CEP_OPERATOR), commune=albi)
    Site.objects.exclude(pk__in=[relay.pk, office.pk]).update(published=False)  # the centres
    coverage_compute(communes=[toulouse, albi])
    rows = CommuneCoverage.objects.in_bulk(["31555", "81004"])
    assert (rows["31555"].reception_site_id, rows["31555"].reception_km) == (relay.pk, 0)
    assert rows["31555"].cep_site_id == office.pk
    assert rows["31555"].cep_km == pytest.approx(
        distance_km(toulouse.latitude, toulouse.longitude, albi.latitude, albi.longitude)
    )
    assert (rows["81004"].cep_site_id, rows["81004"].cep_km) == (office.pk, 0)
    assert rows["81004"].reception_site_id == relay.pk


def test_the_grid_search_agrees_with_brute_force_on_clustered_and_sparse_places():
    """The pruning alone, without the database: dense clusters, isolated places, equal positions."""
    rng = random.Random(11)
    places = [(index, rng.uniform(42.0, 45.5), rng.uniform(-0.5, 3.5)) for index in range(1, 201)]
    places += [(300 + index, 43.6 + rng.gauss(0, 0.02), 1.44 + rng.gauss(0, 0.02)) for index in range(150)]
    places += [(900, 43.0, 1.0), (899, 43.0, 1.0)]  # same position: the lowest id wins
    for subset in (places, places[:1], places[200:]):
        grid = SiteGrid(subset)
        for _ in range(400):
            latitude, longitude = rng.uniform(41.5, 46.0), rng.uniform(-1.0, 4.0)
            found = grid.nearest(latitude, longitude)
            km, site_id = min((distance_km(latitude, longitude, lat, lon), pk) for pk, lat, lon in subset)
            assert found.km == pytest.approx(km, abs=1e-6)
            assert found.site_id == site_id
    assert SiteGrid(places).nearest(43.0, 1.0).site_id == 899
    assert SiteGrid([]).nearest(43.0, 1.0) is None


def test_unpublished_places_places_of_inactive_members_and_places_without_coordinates_are_ignored():
    albi = commune("81004")
    member = MemberFactory(category=MemberCategory.ASSOCIATED_NETWORK)
    counted = SiteFactory(relay_point=True, member=member, latitude=43.80, longitude=2.00)
    SiteFactory(relay_point=True, member=member, commune=albi, published=False)
    inactive = MemberFactory(category=MemberCategory.CEP_OPERATOR, active=False)
    SiteFactory(relay_point=True, member=inactive, commune=albi)
    SiteFactory(relay_point=True, member=member, commune=albi, latitude=None, longitude=None)
    Site.objects.filter(kind__in=[SiteKind.CENTRAL, SiteKind.ASSOCIATED_CENTRE]).update(published=False)
    coverage_compute(communes=[albi])
    row = CommuneCoverage.objects.get(commune=albi)
    assert row.reception_site_id == counted.pk
    assert row.reception_km == pytest.approx(distance_km(albi.latitude, albi.longitude, 43.80, 2.00))
    assert (row.cep_site, row.cep_km) == (None, None)  # the only CEP operator is inactive


def test_communes_outside_the_territory_are_not_stored():
    SiteFactory(relay_point=True)
    paris = commune("75056")
    CommuneCoverage.objects.create(commune=paris, computed_at=timezone.now())
    assert coverage_compute(communes=[paris, "31555"]) == 1
    assert set(CommuneCoverage.objects.values_list("commune", flat=True)) == {"75056", "31555"}
    coverage_compute()
    stored = CommuneCoverage.objects.values_list("commune__department_id", flat=True).distinct()
    assert set(stored) == set(settings.PORTAL_DEPARTMENTS)
    assert CommuneCoverage.objects.count() == served().count()


def test_without_any_place_communes_have_no_place_and_no_distance():
    assert coverage_compute(communes=["31555"]) == 1
    row = CommuneCoverage.objects.get()
    assert (row.reception_site, row.reception_km, row.cep_site, row.cep_km) == (None, None, None, None)


# --- refreshed when places change ----------------------------------------------------------------


def site_form(site, **values):
    """What the admin's change form of `site` posts, without services nor permanences."""
    data = {
        "name": site.name,
        "slug": site.slug,
        "identifier": site.identifier,
        "member": str(site.member_id),
        "kind": site.kind,
        "parent": str(site.parent_id or ""),
        "address": site.address,
        "postcode": site.postcode,
        "commune": site.commune_id,
        "latitude": "" if site.latitude is None else str(site.latitude),
        "longitude": "" if site.longitude is None else str(site.longitude),
        "opening_hours": site.opening_hours,
        "services-TOTAL_FORMS": "0",
        "services-INITIAL_FORMS": "0",
        "permanences-TOTAL_FORMS": "0",
        "permanences-INITIAL_FORMS": "0",
    }
    if site.published:
        data["published"] = "on"
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_publishing_a_place_in_the_admin_refreshes_the_coverage_after_commit(admin_client):
    albi = commune("81004")
    relay = SiteFactory(relay_point=True, commune=albi, published=False)
    coverage_compute(communes=[albi])
    before = CommuneCoverage.objects.get(commune=albi)
    assert before.reception_site_id != relay.pk
    url = reverse("admin:structures_site_change", args=[relay.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(url, site_form(relay, published="on"))
        assert response.status_code == 302
        assert CommuneCoverage.objects.get(commune=albi).reception_site_id != relay.pk  # not before commit
    after = CommuneCoverage.objects.get(commune=albi)
    assert (after.reception_site_id, after.reception_km) == (relay.pk, 0)
    assert after.computed_at > before.computed_at


def test_an_admin_change_of_a_phone_number_does_not_recompute(admin_client, monkeypatch):
    site = SiteFactory(relay_point=True)
    calls = []
    monkeypatch.setattr(coverage, "coverage_compute", lambda **kwargs: calls.append(kwargs))
    url = reverse("admin:structures_site_change", args=[site.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert admin_client.post(url, site_form(site, phone="01 99 00 12 34")).status_code == 302
    assert calls == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert admin_client.post(url, site_form(site, latitude="43.7", longitude="1.5")).status_code == 302
    assert len(calls) == 1


def test_deleting_a_place_in_the_admin_refreshes_the_coverage(admin_client):
    albi = commune("81004")
    relay = SiteFactory(relay_point=True, commune=albi)
    coverage_compute(communes=[albi])
    assert CommuneCoverage.objects.get(commune=albi).reception_site_id == relay.pk
    url = reverse("admin:structures_site_delete", args=[relay.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    row = CommuneCoverage.objects.get(commune=albi)
    assert row.reception_site_id is not None and row.reception_km > 0  # the associated centre, in Toulouse


def test_a_labelling_approval_refreshes_the_coverage(staff_user):
    albi = commune("81004")
    SiteFactory(associated_centre=True, commune=albi, latitude=43.60, longitude=2.24)  # at Castres
    application = with_opinion(staff_user)
    coverage_compute(communes=[albi])
    assert CommuneCoverage.objects.get(commune=albi).reception_km > 20
    with TestCase.captureOnCommitCallbacks(execute=True):
        labelling.application_approve(application=application, user=staff_user)
    relay = application.sites.get().site
    row = CommuneCoverage.objects.get(commune=albi)
    assert (row.reception_site_id, row.reception_km) == (relay.pk, 0)  # at the commune's centre
    assert row.cep_site_id != relay.pk  # a labelled structure is not a CEP operator


def test_the_end_of_a_label_refreshes_the_coverage(staff_user):
    albi = commune("81004")
    SiteFactory(associated_centre=True, commune=albi, latitude=43.60, longitude=2.24)
    application = with_opinion(staff_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        labelling.application_approve(application=application, user=staff_user)
    assert CommuneCoverage.objects.get(commune=albi).reception_km == 0
    application.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        labelling.labels_expiring(today=application.label.valid_until + timedelta(days=1))
    assert CommuneCoverage.objects.get(commune=albi).reception_km > 20


def test_one_recomputation_per_transaction(monkeypatch):
    calls = []
    monkeypatch.setattr(coverage, "coverage_compute", lambda **kwargs: calls.append(kwargs))
    with TestCase.captureOnCommitCallbacks(execute=True):
        with transaction.atomic():
            coverage_refresh_later()
            SiteFactory()
            coverage_refresh_later()
        coverage_refresh_later()
    assert len(calls) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):  # the next transaction recomputes again
        coverage_refresh_later()
    assert len(calls) == 2


def test_a_rolled_back_savepoint_does_not_cancel_a_later_request(monkeypatch):
    calls = []
    monkeypatch.setattr(coverage, "coverage_compute", lambda **kwargs: calls.append(kwargs))
    with TestCase.captureOnCommitCallbacks(execute=True):
        try:
            with transaction.atomic():
                coverage_refresh_later()
                raise RuntimeError
        except RuntimeError:
            pass
        coverage_refresh_later()
    assert len(calls) == 1


# --- manage.py compute_coverage ------------------------------------------------------------------


def snapshot():
    return list(
        CommuneCoverage.objects.order_by("commune").values_list(
            "commune", "reception_site", "reception_km", "cep_site", "cep_km"
        )
    )


def test_the_command_computes_every_commune_and_says_it_in_french(network):
    out = StringIO()
    call_command("compute_coverage", verbosity=0, stdout=out)
    count = served().count()
    assert CommuneCoverage.objects.count() == count
    assert f"Accès de {count} communes calculé en" in out.getvalue()
    figures = coverage_figures().territory
    share = f"{figures.reception_20:.1f}".replace(".", ",")
    assert f"{share} % de la population à moins de 20 km d'un lieu de premier accueil" in out.getvalue()


def test_the_command_is_idempotent(network):
    call_command("compute_coverage", verbosity=0, stdout=StringIO())
    first = snapshot()
    call_command("compute_coverage", verbosity=0, stdout=StringIO())
    assert snapshot() == first


def test_the_command_dry_run_writes_nothing(network):
    out = StringIO()
    call_command("compute_coverage", "--dry-run", verbosity=0, stdout=out)
    assert "rien n'a été enregistré" in out.getvalue()
    assert not CommuneCoverage.objects.exists()


# --- the figures of the indicators page ----------------------------------------------------------


@pytest.fixture
def tiny():
    """Four communes computed by hand: two in the Haute-Garonne, two in the Tarn."""
    far_place = SiteFactory(relay_point=True, name="Lieu lointain")
    now = timezone.now()
    rows = [  # code, population, reception km, cep km
        ("31555", 1000, 5.0, 12.0),
        ("31069", 2000, 15.0, 25.0),
        ("81004", 500, 25.0, None),
        ("81065", 500, None, 40.0),
    ]
    for code, population, reception_km, cep_km in rows:
        Commune.objects.filter(code=code).update(population=population)
        CommuneCoverage.objects.create(
            commune_id=code,
            reception_km=reception_km,
            reception_site=far_place if reception_km else None,
            cep_km=cep_km,
            computed_at=now - timedelta(minutes=1) if code == "31069" else now,
        )
    return now


def shares(area):
    return [share for _km, share in area.reception_shares], [share for _km, share in area.cep_shares]


def test_figures_give_the_shares_of_population_within_10_20_and_30_km(tiny):
    figures = coverage_figures()
    assert figures.computed_at == tiny
    territory = figures.territory
    assert (territory.communes, territory.population) == (4, 4000)
    assert shares(territory) == ([25.0, 75.0, 87.5], [0.0, 25.0, 75.0])
    departments = {area.code: area for area in figures.departments}
    assert list(departments) == sorted(settings.PORTAL_DEPARTMENTS)
    assert departments["31"].name == "Haute-Garonne"
    assert (departments["31"].communes, departments["31"].population) == (2, 3000)
    assert shares(departments["31"]) == ([33.3, 100.0, 100.0], [0.0, 33.3, 100.0])
    assert departments["31"].reception_10 == 33.3 and departments["31"].cep_20 == 33.3
    assert shares(departments["81"]) == ([0.0, 0.0, 50.0], [0.0, 0.0, 0.0])
    assert (departments["09"].communes, departments["09"].population, departments["09"].reception_20) == (
        0,
        0,
        None,
    )


def test_the_farthest_are_the_most_populated_communes_beyond_20_km(tiny):
    farthest = coverage_figures().farthest
    assert [(far.code, far.population, far.reception_km, far.reception_site) for far in farthest] == [
        ("81065", 500, None, ""),  # no place at all: the farthest of equally populated communes
        ("81004", 500, 25.0, "Lieu lointain"),
    ]
    assert farthest[1].name == "Albi" and farthest[1].department == "81"


def test_the_farthest_list_keeps_the_20_most_populated(network):
    coverage_compute()
    farthest = coverage_figures().farthest
    beyond = CommuneCoverage.objects.filter(reception_km__gt=20).order_by("-commune__population")
    assert len(farthest) == 20 < beyond.count()
    assert [far.population for far in farthest] == sorted((far.population for far in farthest), reverse=True)
    assert farthest[-1].population >= beyond[20].commune.population
    assert all(far.reception_km > 20 and far.reception_site for far in farthest)


def test_figures_give_a_point_for_every_commune(tiny):
    points = coverage_figures().points
    albi = commune("81004")
    assert [point.code for point in points] == ["31069", "31555", "81004", "81065"]
    assert points[2] == MapPoint("81004", "Albi", albi.latitude, albi.longitude, 25.0)


def test_figures_read_a_constant_number_of_queries(tiny, django_assert_num_queries):
    with django_assert_num_queries(2):
        coverage_figures()
    SiteFactory(relay_point=True)
    coverage_compute()
    with django_assert_num_queries(2):
        figures = coverage_figures()
    assert figures.territory.communes == served().count()


def test_never_computed_figures_are_empty(django_assert_num_queries):
    with django_assert_num_queries(2):
        figures = coverage_figures()
    assert figures.computed_at is None and figures.points == [] and figures.farthest == []
    assert figures.territory.population == 0 and figures.territory.reception_20 is None


def test_the_svg_projection_fits_the_points_in_the_drawing():
    points = [
        MapPoint("a", "Ouest", 43.0, 0.0, None),
        MapPoint("b", "Est", 44.0, 2.0, None),
        MapPoint("c", "Sud", 42.5, 1.0, None),
    ]
    projection = SvgProjection.fit(points, width=600, margin=10)
    assert projection.xy(43.0, 0.0)[0] == 10
    assert projection.xy(44.0, 2.0) == (590, 10)
    assert projection.xy(42.5, 1.0) == (300, pytest.approx(projection.height - 10, abs=0.1))
    # Longitudes shortened by the cosine of the middle latitude (43.25°): 2° wide, 1.5° high.
    assert projection.height == pytest.approx(10 + 1.5 * 580 / (2 * 0.7283) + 10, abs=0.2)
    assert projection.km(KM_PER_DEGREE) == pytest.approx(projection.scale)
    assert projection.viewbox == f"0 0 600 {projection.height:g}"
