from datetime import datetime

import pytest
from geopy.distance import geodesic

from structures.enums import AccessibilityFeature, SiteKind
from structures.hours import TZ
from structures.models import Audience, Department, EmploymentZone, Project, Scheme, Site
from structures.selectors import SiteFilters, site_search
from structures.selectors.sites import RESULT_CAP, SORT_DISTANCE, _page_rows, filtered_sites
from tests.factories import SiteFactory, commune

TOULOUSE = (43.604049, 1.443047)
WEDNESDAY_10H = datetime(2026, 7, 15, 10, 0, tzinfo=TZ)
BASTILLE_DAY_10H = datetime(2026, 7, 14, 10, 0, tzinfo=TZ)  # a Tuesday, public holiday


def names(filters, **kwargs):
    return sorted(site.name for site in filtered_sites(filters, **kwargs))


def ids(model, *slugs):
    return tuple(model.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def test_full_text_is_accent_insensitive():
    SiteFactory(central=True, name="Cité des métiers de Toulouse")
    SiteFactory(name="Agence France Travail Blagnac")
    assert names(SiteFilters(q="cite des metiers")) == ["Cité des métiers de Toulouse"]
    assert names(SiteFilters(q="métiers")) == ["Cité des métiers de Toulouse"]
    assert names(SiteFilters(q="metiers")) == ["Cité des métiers de Toulouse"]


def test_full_text_searches_services_and_members():
    SiteFactory(name="Antenne A", schemes=["bilan-de-competences"])
    SiteFactory(name="Antenne B", member__name="Mission locale de Muret")
    assert names(SiteFilters(q="bilan de competences")) == ["Antenne A"]
    assert names(SiteFilters(q="mission locale")) == ["Antenne B"]


def test_public_filter_includes_places_open_to_everyone():
    SiteFactory(name="Jeunes", audiences=["jeunes"])
    SiteFactory(name="Tous", audiences=["tous-publics"])
    SiteFactory(name="Cadres", audiences=["cadres"])
    assert names(SiteFilters(audience_ids=ids(Audience, "jeunes"))) == ["Jeunes", "Tous"]
    assert names(SiteFilters(audience_ids=ids(Audience, "jeunes", "cadres"))) == ["Cadres", "Jeunes", "Tous"]


def test_scheme_and_project_filters():
    SiteFactory(name="CEP", schemes=["cep"], projects=["changer-de-metier"])
    SiteFactory(name="VAE", schemes=["vae"], projects=["valider-son-experience"])
    assert names(SiteFilters(scheme_ids=ids(Scheme, "cep"))) == ["CEP"]
    assert names(SiteFilters(project_ids=ids(Project, "valider-son-experience"))) == ["VAE"]
    assert (
        names(SiteFilters(scheme_ids=ids(Scheme, "cep"), project_ids=ids(Project, "valider-son-experience")))
        == []
    )


def test_kind_zone_and_department_filters():
    SiteFactory(name="Toulouse", commune=commune("31555"))
    SiteFactory(name="Albi", commune=commune("81004"))
    SiteFactory(name="Relais", relay_point=True, commune=commune("81004"))
    assert names(SiteFilters(kinds=(SiteKind.RELAY_POINT,))) == ["Relais"]
    assert "Toulouse" in names(SiteFilters(zone=EmploymentZone.objects.get(code="7625")))
    assert "Albi" not in names(SiteFilters(zone=EmploymentZone.objects.get(code="7625")))
    assert names(SiteFilters(department=Department.objects.get(code="81"))) == ["Albi", "Relais"]


def test_accessibility_filter_needs_every_feature():
    SiteFactory(
        name="Complet", accessibility=[AccessibilityFeature.WHEELCHAIR, AccessibilityFeature.HEARING_LOOP]
    )
    SiteFactory(name="Fauteuil", accessibility=[AccessibilityFeature.WHEELCHAIR])
    wanted = (AccessibilityFeature.WHEELCHAIR, AccessibilityFeature.HEARING_LOOP)
    assert names(SiteFilters(accessibility=tuple(wanted))) == ["Complet"]


def test_filters_combine():
    SiteFactory(name="Bon", audiences=["jeunes"], schemes=["cep"], commune=commune("31555"))
    SiteFactory(name="Autre public", audiences=["cadres"], schemes=["cep"], commune=commune("31555"))
    SiteFactory(name="Loin", audiences=["jeunes"], schemes=["cep"], commune=commune("81004"))
    filters = SiteFilters(
        audience_ids=ids(Audience, "jeunes"),
        scheme_ids=ids(Scheme, "cep"),
        zone=EmploymentZone.objects.get(code="7625"),
        point=TOULOUSE,
        radius_km=30,
    )
    assert names(filters) == ["Bon"]


def test_unpublished_sites_and_inactive_members_are_hidden():
    SiteFactory(name="Brouillon", published=False)
    SiteFactory(name="Membre inactif", member__active=False)
    SiteFactory(name="Visible")
    assert names(SiteFilters()) == ["Visible"]


@pytest.mark.parametrize("code", ["81004", "31483", "65440", "09122", "46042", "12202"])
def test_distance_agrees_with_geodesic_within_half_a_percent(code):
    place = commune(code)
    SiteFactory(commune=place)
    site = Site.objects.with_distance(*TOULOUSE).get()
    expected = geodesic(TOULOUSE, (place.latitude, place.longitude)).km
    assert site.distance_km == pytest.approx(expected, rel=0.005)


def test_radius_edge_including_diagonal_of_the_bounding_box():
    # Points just inside and just outside 30 km, north, east and on the diagonal (the box's corner area).
    km_per_degree_lat = 111.195
    for bearing_name, dlat, dlon in [("n", 1, 0), ("e", 0, 1), ("ne", 0.7071, 0.7071)]:
        for label, km in [("in", 29.8), ("out", 30.2)]:
            lat = TOULOUSE[0] + dlat * km / km_per_degree_lat
            lon = TOULOUSE[1] + dlon * km / (km_per_degree_lat * 0.7244)  # cos(43.6°)
            SiteFactory(name=f"{bearing_name}-{label}", latitude=lat, longitude=lon)
    found = names(SiteFilters(point=TOULOUSE, radius_km=30))
    assert {"n-in", "e-in", "ne-in"} <= set(found)
    assert not {"n-out", "e-out"} & set(found)
    for site in Site.objects.with_distance(*TOULOUSE):
        expected = geodesic(TOULOUSE, (site.latitude, site.longitude)).km
        assert site.distance_km == pytest.approx(expected, rel=0.005)


def test_results_near_a_place_are_sorted_by_distance():
    SiteFactory(name="Albi", commune=commune("81004"))
    SiteFactory(name="Toulouse", commune=commune("31555"))
    SiteFactory(name="Montauban", commune=commune("82121"))
    result = site_search(filters=SiteFilters(point=TOULOUSE, radius_km=100))
    assert result.sort == "distance"
    assert [site.name for site in result.page] == ["Toulouse", "Montauban", "Albi"]


def test_open_now_saturday_and_evening():
    SiteFactory(name="Bureau", opening_hours="Mo-Fr 09:00-12:30,13:30-17:00; PH off")
    SiteFactory(name="Samedi", opening_hours="Tu-Sa 09:00-12:00")
    SiteFactory(name="Soir", opening_hours="Mo-Th 13:00-19:30; PH off")
    SiteFactory(name="Sans horaires", opening_hours="")
    assert names(SiteFilters(open="samedi")) == ["Samedi"]
    assert names(SiteFilters(open="soir")) == ["Soir"]
    assert names(SiteFilters(open="maintenant"), now=WEDNESDAY_10H) == ["Bureau", "Samedi"]
    # 14 July: "PH off" places are closed; a place without a PH rule keeps its usual hours.
    assert names(SiteFilters(open="maintenant"), now=BASTILLE_DAY_10H) == ["Samedi"]


def test_hours_status_on_bastille_day():
    site = SiteFactory(opening_hours="Mo-Fr 09:00-12:30,13:30-17:00; PH off")
    status = site.hours_status(BASTILLE_DAY_10H)
    assert status.state == "closed"
    assert status.label == "Fermé — ouvre demain à 09:00"
    assert site.hours_status(WEDNESDAY_10H).label == "Ouvert — ferme à 12:30"


def test_facets_count_the_current_results():
    SiteFactory(audiences=["jeunes"], schemes=["cep"], commune=commune("31555"))
    SiteFactory(audiences=["jeunes"], schemes=["vae"], commune=commune("31555"))
    SiteFactory(relay_point=True, audiences=["cadres"], commune=commune("81004"))
    result = site_search(filters=SiteFilters(department=Department.objects.get(code="31")))
    (jeunes,) = ids(Audience, "jeunes")
    (cep,) = ids(Scheme, "cep")
    assert result.facets["audiences"][jeunes] == 2
    assert result.facets["schemes"][cep] == 1
    assert result.facets["kinds"][SiteKind.MEMBER_OFFICE] == 2
    assert SiteKind.RELAY_POINT not in result.facets["kinds"]


def test_pagination_twenty_per_page():
    for number in range(23):
        SiteFactory(name=f"Lieu {number:02d}")
    first = site_search(filters=SiteFilters(), page=1)
    second = site_search(filters=SiteFilters(), page="2")
    assert first.total == 23
    assert len(first.page) == 20
    assert [site.name for site in second.page] == ["Lieu 20", "Lieu 21", "Lieu 22"]
    assert len(site_search(filters=SiteFilters(), page="9999").page) == 3  # last page


def test_a_site_carries_its_communes_department_and_zone_for_territory_searches():
    from structures.services import territory_refresh

    site = SiteFactory(commune=commune("31555"))
    assert (site.department_code, site.zone_code) == ("31", "7625")
    site.commune = commune("81004")
    site.save(update_fields=["commune"])
    site.refresh_from_db()
    assert site.department_code == "81"
    # a write that bypasses Site.save (bulk load, reference data reload) is caught up by the refresh
    Site.objects.filter(pk=site.pk).update(department_code="", zone_code="")
    assert territory_refresh() == 1
    site.refresh_from_db()
    assert (site.department_code, site.zone_code) == ("81", commune("81004").employment_zone_id)
    assert territory_refresh() == 0


@pytest.mark.parametrize(
    "criteria",
    [
        {},
        {"audience_ids": ("jeunes",)},
        {"q": "Orientation", "kinds": (SiteKind.RELAY_POINT, SiteKind.MEMBER_OFFICE)},
        {"department": "31", "accessibility": (AccessibilityFeature.WHEELCHAIR,)},
        {"open": "samedi"},
    ],
)
def test_nearest_first_pages_agree_with_a_full_sort(criteria):
    """More matches than a page: rows come nearest first from the location index (a compiled query)."""
    codes = ["31555", "31069", "31149", "31557", "31395", "31117", "31506", "31044", "31424", "31056"]
    for number in range(45):
        SiteFactory(
            name=f"Orientation {number}",
            commune=commune(codes[number % len(codes)]),
            kind=[SiteKind.RELAY_POINT, SiteKind.MEMBER_OFFICE][number % 2],
            audiences=["jeunes"] if number % 3 else ["cadres"],
            accessibility=[AccessibilityFeature.WHEELCHAIR] if number % 4 else [],
            opening_hours="Mo-Sa 09:00-12:00" if number % 5 else "Mo-Fr 09:00-12:00",
            latitude=43.5 + number / 200,
            longitude=1.3 + (number % 7) / 50,
        )
    if "audience_ids" in criteria:
        criteria["audience_ids"] = ids(Audience, *criteria["audience_ids"])
    filters = SiteFilters(point=TOULOUSE, radius_km=60, **criteria)
    expected = sorted(filtered_sites(filters), key=lambda site: (site.distance_km, site.pk))
    assert len(expected) > 20
    pages = [
        site_search(filters=filters, page=number).page for number in range(1, -(-len(expected) // 20) + 1)
    ]
    assert [site.pk for page in pages for site in page] == [site.pk for site in expected]
    if filters.effective_sort == SORT_DISTANCE:
        # Above the cap, the page comes from the nearest-first walk of ids, then its places by ids.
        for offset in (0, 20):
            rows = _page_rows(filtered_sites(filters), filters, offset, total=RESULT_CAP + 1)
            assert [site.pk for site in rows] == [site.pk for site in expected[offset : offset + 20]]
            assert [round(site.distance_km, 6) for site in rows] == [
                round(site.distance_km, 6) for site in expected[offset : offset + 20]
            ]
            assert all(site.member.name and site.commune.name for site in rows)


@pytest.mark.parametrize("sort", ["nom", "pertinence"])
def test_pages_below_the_cap_come_from_the_statistics_query_in_order(sort, django_assert_max_num_queries):
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F

    from structures.selectors.sites import _search_query

    for number in range(25):
        words = "orientation " * (number % 4 + 1)
        SiteFactory(name=f"Lieu {(number * 7) % 25:02d}", address=words.strip())
    filters = SiteFilters(q="orientation", sort=sort)
    expected = filtered_sites(filters)
    if sort == "pertinence":
        rank = SearchRank(F("search_vector"), _search_query("orientation"))
        expected = expected.annotate(rank=rank).order_by("-rank", "name", "pk")
    else:
        expected = expected.order_by("name", "pk")
    expected = [site.pk for site in expected]
    assert len(expected) == 25
    site_search(filters=filters, page=1)  # warm the cached lists
    with django_assert_max_num_queries(2):  # statistics and page ids, then the page's places
        first = site_search(filters=filters, page=1)
    second = site_search(filters=filters, page=2)
    assert [site.pk for site in [*first.page, *second.page]] == expected
    assert [site.pk for site in site_search(filters=filters, page=99).page] == expected[20:]  # the last page


@pytest.mark.parametrize(
    "criteria",
    [
        {},
        {"q": "cité des métiers", "sort": "pertinence"},
        {"q": "orientation", "point": TOULOUSE, "radius_km": 30, "audience_ids": ("jeunes", "cadres")},
        {"point": TOULOUSE, "radius_km": 12.5, "kinds": (SiteKind.RELAY_POINT,), "open": "samedi"},
        {"department": "31", "accessibility": (AccessibilityFeature.WHEELCHAIR,), "sort": "nom"},
        {"zone": "7611", "open": "soir", "scheme_ids": ("cep",), "project_ids": ("changer-de-metier",)},
        {"point": (-14.3, 179.9), "radius_km": 50},  # a box across the antimeridian: not compiled
        {"q": "!!", "point": TOULOUSE},  # words that fold to nothing: not compiled
        {"open": "maintenant"},  # a computed minute of the week: not compiled
    ],
)
def test_the_compiled_statistics_query_is_the_orms(criteria):
    """The statistics query's matches come from a query compiled once per shape: the same SQL and
    parameters as the ORM builds for the criteria."""
    from structures.selectors.sites import _matches_sql, _stats_columns

    for name, model in {"audience_ids": Audience, "scheme_ids": Scheme, "project_ids": Project}.items():
        if name in criteria:
            criteria[name] = ids(model, *criteria[name])
    filters = SiteFilters(**criteria)
    expected = _stats_columns(
        filtered_sites(filters), filters.effective_sort, filters.q, 1001
    ).query.sql_with_params()
    for _run in range(2):  # compiled at the first call, values swapped at the second
        sql, params = _matches_sql(filters, None)
        assert (sql, list(params)) == (expected[0], list(expected[1]))


def test_a_search_counts_its_matches_with_the_compiled_query():
    SiteFactory(name="Orientation Toulouse", commune=commune("31555"), audiences=["jeunes"])
    SiteFactory(name="Orientation Blagnac", commune=commune("31069"), audiences=["cadres"])
    SiteFactory(name="Orientation Paris", commune=commune("75056"), audiences=["jeunes"])
    for _run in range(2):
        result = site_search(filters=SiteFilters(q="orientation", point=TOULOUSE, radius_km=30))
        assert result.total == 2
        assert [site.name for site in result.page] == ["Orientation Toulouse", "Orientation Blagnac"]
        jeunes = ids(Audience, "jeunes")
        result = site_search(filters=SiteFilters(q="orientation", audience_ids=jeunes, sort="nom"))
        assert [site.name for site in result.page] == ["Orientation Paris", "Orientation Toulouse"]
