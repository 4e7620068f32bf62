import html
import json
from datetime import datetime
from unittest import mock

import pytest
from django.core.cache import cache

from structures.geo import distance_km
from structures.hours import TZ
from tests.factories import MemberFactory, PermanenceFactory, ServiceOfferFactory, SiteFactory, commune


def text(response):
    return html.unescape(response.content.decode())


def test_search_page_lists_results_with_distance_status_kind_and_member(client):
    SiteFactory(
        name="Point relais de Blagnac", relay_point=True, commune=commune("31069"), member__name="MCEF"
    )
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 7, 15, 10, 0, tzinfo=TZ)):
        response = client.get("/lieux/", {"commune": "Toulouse", "rayon": "30"})
    assert response.status_code == 200
    content = text(response)
    assert "Point relais de Blagnac" in content
    assert "Point relais</span> MCEF" in content
    assert " km</strong>" in content
    assert "Ouvert — ferme à 12:30" in content
    assert "à moins de 30 km de Toulouse" in content
    assert "classés du plus proche au plus éloigné" in content
    assert "ne dépend jamais de l'organisme" in content


def test_search_page_sets_no_cookie(client):
    SiteFactory()
    response = client.get("/lieux/", {"q": "lieu"})
    assert response.cookies == {}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"public": "martiens"}, "Public"),
        ({"rayon": "abc"}, "Rayon"),
        ({"rayon": "5000"}, "Rayon"),
        ({"lat": "999", "lon": "1"}, "Latitude"),
        ({"commune": "Xyzzyville"}, "Aucune commune ne correspond"),
        ({"zone": "0000"}, "Zone d'emploi"),
        ({"ouvert": "toujours"}, "Ouverture"),
        ({"tri": "membre"}, "Trier par"),
        ({"lat": "43.6"}, "Position incomplète"),
    ],
)
def test_bad_parameters_give_a_french_message_not_an_error(client, params, message):
    SiteFactory(name="Lieu visible")
    response = client.get("/lieux/", params)
    assert response.status_code == 200
    content = text(response)
    assert message in content
    assert "Ce critère n'a pas été appliqué" in content or message in (
        "Aucune commune ne correspond",
        "Position incomplète",
    )
    assert "Lieu visible" in content  # the other criteria still apply


def test_search_forms_share_their_fields_and_each_validates_its_own_query():
    from django.http import QueryDict

    from structures.filters import SiteFilterSet

    bad, good = SiteFilterSet(QueryDict("rayon=5000&public=martiens")), SiteFilterSet(QueryDict("rayon=12"))
    assert bad.form.fields is good.form.fields  # not deep-copied for each request
    assert bad.criteria().radius_km == 20 and len(bad.problems) == 2
    assert good.criteria().radius_km == 12 and good.problems == []


def test_page_out_of_range_shows_the_last_page(client):
    SiteFactory(name="Seul lieu")
    response = client.get("/lieux/", {"page": "9999"})
    assert response.status_code == 200
    assert "Seul lieu" in text(response)


def test_ambiguous_commune_offers_candidates_as_links(client):
    response = client.get("/lieux/", {"commune": "Beaulieu"})
    content = text(response)
    assert "Plusieurs communes correspondent" in content
    assert "commune=beaulieu-15020" in content


def test_empty_result_suggests_widening(client):
    SiteFactory(commune=commune("81004"), schemes=["vae"])
    response = client.get("/lieux/", {"commune": "Toulouse", "rayon": "20", "dispositif": "cep"})
    content = text(response)
    assert "Aucun lieu ne correspond" in content
    assert "Chercher dans un rayon de 50 km" in content
    assert "Retirer le critère « Dispositif »" in content


def test_facet_counts_are_shown_next_to_filters(client):
    SiteFactory(audiences=["jeunes"])
    SiteFactory(audiences=["jeunes"])
    content = text(client.get("/lieux/"))
    assert 'id="id_public_jeunes"' in content
    assert 'Jeunes de 16 à 25 ans <span class="count">(2' in content


def test_search_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    SiteFactory(audiences=["jeunes"])
    params = {"commune": "31000", "rayon": "30", "public": "jeunes", "q": "lieu"}
    client.get("/lieux/", params)  # warm the cached lists (taxonomies, territory, members)
    with django_assert_max_num_queries(8) as one:
        client.get("/lieux/", params)
    for _ in range(49):
        SiteFactory(audiences=["jeunes"])
    client.get("/lieux/", params)  # new members: the cached lists are read again once
    with django_assert_max_num_queries(8) as fifty:
        response = client.get("/lieux/", params)
    assert "50 lieux trouvés" in text(response)
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_geojson_has_the_same_filters(client):
    SiteFactory(name="Jeunesse", audiences=["jeunes"], phone="01 99 00 11 22")
    SiteFactory(name="Cadres", audiences=["cadres"])
    response = client.get("/lieux.geojson", {"public": "jeunes"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert [feature["properties"]["name"] for feature in collection["features"]] == ["Jeunesse"]
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    longitude, latitude = feature["geometry"]["coordinates"]
    assert 43 < latitude < 44 and 1 < longitude < 2
    assert set(feature["properties"]) >= {"name", "url", "kind", "member", "address", "open_now"}
    assert feature["properties"]["url"].startswith("/lieux/")


def test_site_page_shows_every_fact(client):
    central = SiteFactory(central=True, name="Cité des métiers")
    site = SiteFactory(
        associated_centre=True,
        name="Centre associé d'Albi",
        commune=commune("81004"),
        parent=central,
        phone="01 99 00 12 34",
        free_phone="0 805 00 00 00",
        email="contact@demo.invalid",
        chat_url="https://chat.example.org/",
        appointment_url="https://rdv.example.org/",
        accessibility=["fauteuil-roulant"],
        hours_note="Sur rendez-vous le jeudi.",
        audiences=["jeunes"],
        schemes=["cep"],
    )
    relay = SiteFactory(
        relay_point=True, parent=site, name="Point relais de Gaillac", commune=commune("81099")
    )
    PermanenceFactory(site=site, member=MemberFactory(name="Apec"), opening_hours="Tu 14:00-17:00")
    ServiceOfferFactory(site=site, level="cep_conseil", description="Conseil personnalisé.")
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 7, 13, 10, 0, tzinfo=TZ)):
        response = client.get(site.get_absolute_url())
    assert response.status_code == 200
    content = text(response)
    for expected in [
        "Centre associé d'Albi",
        'href="tel:0199001234"',
        "Numéro vert (appel gratuit)",
        "mailto:contact@demo.invalid",
        "Discuter en ligne",
        "Prendre rendez-vous en ligne",
        "mardi 14 juillet",
        "jour férié",
        "Ouvert — ferme à 12:30",
        "Apec</a> :",
        "mardi 14:00–17:00",
        "CEP niveau 2 : conseil personnalisé",
        "Accessible en fauteuil roulant",
        "Sur rendez-vous le jeudi.",
        relay.get_absolute_url(),
        central.get_absolute_url(),
        "Fiche mise à jour le",
        '<script type="application/ld+json">',
    ]:
        assert expected in content, expected
    json_ld = content.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(json_ld)
    assert data["name"] == "Centre associé d'Albi"
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"


def test_site_page_lists_the_nearest_other_places_in_distance_order(client):
    site = SiteFactory(name="Mission locale de Toulouse", commune=commune("31555"))
    SiteFactory(name="Lieu masqué", commune=commune("31555"), published=False)
    names = {
        "75056": "Lieu de Paris",
        "81004": "Lieu d'Albi",
        "31069": "Lieu de Blagnac",
        "82121": "Lieu de Montauban",
        "31395": "Lieu de Muret",
        "31149": "Lieu de Colomiers",
    }
    others = {name: SiteFactory(name=name, commune=commune(code)) for code, name in names.items()}

    def km_to(other):
        return distance_km(site.latitude, site.longitude, other.latitude, other.longitude)

    by_distance = sorted(others, key=lambda name: km_to(others[name]))
    response = client.get(site.get_absolute_url())
    content = text(response)
    nearby = content.split('id="nearby-title"')[1].split("</section>")[0]
    items = nearby.split("<li>")[1:]
    # The five nearest, nearest first, each linked, with its commune and its distance the French way.
    assert [item.split(">", 1)[1].split("</a>")[0] for item in items] == by_distance[:5]
    assert by_distance[5] == "Lieu de Paris"
    blagnac = others["Lieu de Blagnac"]
    km = km_to(blagnac)
    blagnac_item = next(item for item in items if "Lieu de Blagnac" in item)
    assert f'href="{blagnac.get_absolute_url()}"' in blagnac_item
    assert f"Blagnac ({f'{km:.1f}'.replace('.', ',')} km)" in blagnac_item
    assert "Lieu masqué" not in nearby and "Mission locale de Toulouse" not in nearby
    # The map shows the place, then the same neighbours in the same order.
    data = content.split('<script id="map-data" type="application/json">')[1].split("</script>")[0]
    features = [feature["properties"] for feature in json.loads(data)]
    assert [feature["name"] for feature in features] == ["Mission locale de Toulouse", *by_distance[:5]]
    assert features[by_distance.index("Lieu de Blagnac") + 1]["url"] == blagnac.get_absolute_url()


def test_unpublished_site_is_not_found(client):
    site = SiteFactory(published=False)
    assert client.get(site.get_absolute_url()).status_code == 404


def test_member_pages(client):
    member = MemberFactory(name="Mission locale Haute-Garonne", category="operateur_cep")
    SiteFactory(member=member, name="Antenne de Muret", commune=commune("31395"))
    listing = text(client.get("/membres/"))
    assert "Opérateur du conseil en évolution professionnelle" in listing
    assert "Mission locale Haute-Garonne" in listing
    detail = client.get(member.get_absolute_url())
    assert detail.status_code == 200
    assert "Antenne de Muret" in text(detail)
    assert client.get("/membres/inconnu/").status_code == 404


def test_zone_pages(client):
    SiteFactory(name="Lieu toulousain", commune=commune("31555"))
    listing = text(client.get("/zones/"))
    assert "/zones/7625/" in listing
    assert "Arles" not in listing  # outside the served territory
    detail = client.get("/zones/7625/")
    assert detail.status_code == 200
    assert "Lieu toulousain" in text(detail)
    assert "?zone=7625" in text(detail)
    assert client.get("/zones/0052/").status_code == 404


def test_navigation_and_home_search_now_point_to_places(client):
    content = text(client.get("/"))
    assert 'href="/lieux/"' in content
    assert 'action="/lieux/"' in content
    assert "/lieux/?public=jeunes" in content
    assert "/lieux/?projet=se-former" in content


def test_demo_notice_appears_only_with_demo_data(client):
    assert "Données de démonstration" not in text(client.get("/"))
    MemberFactory(demo=True)
    cache.clear()  # the flag is cached for a minute
    assert "Données de démonstration" in text(client.get("/"))


def test_site_page_query_count_is_small_and_constant(client, django_assert_max_num_queries):
    central = SiteFactory(central=True, audiences=["jeunes", "cadres"], schemes=["cep"])
    # One attached place from the start: a place without any skips that query.
    SiteFactory(associated_centre=True, parent=central, commune=commune("31555"), name="Centre initial")
    client.get(central.get_absolute_url())  # warm the cached lists
    with django_assert_max_num_queries(8) as few:
        client.get(central.get_absolute_url())
    for number in range(10):
        ServiceOfferFactory(site=central)
        SiteFactory(associated_centre=True, parent=central, commune=commune("31555"), name=f"Centre {number}")
        PermanenceFactory(site=central)
    client.get(central.get_absolute_url())  # new members: the cached lists are read again once
    with django_assert_max_num_queries(8) as many:
        response = client.get(central.get_absolute_url())
    assert "Centre 9" in text(response)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_site_page_without_attached_places_skips_their_query(client, django_assert_num_queries):
    office = SiteFactory()
    client.get(office.get_absolute_url())  # warm the cached lists
    # The place (with its member and commune), services, permanences, nearby places, events.
    with django_assert_num_queries(5):
        response = client.get(office.get_absolute_url())
    assert "Lieux rattachés" not in text(response)


def test_geojson_pages_are_bounded_with_a_next_link(client, monkeypatch):
    monkeypatch.setattr("structures.views.public.GEOJSON_PAGE", 2)
    for number in range(5):
        SiteFactory(name=f"Lieu {number}")
    first = json.loads(client.get("/lieux.geojson", {"departement": "31"}).content)
    assert len(first["features"]) == 2
    (link,) = first["links"]
    assert link["rel"] == "next"
    assert "page=2" in link["href"] and "departement=31" in link["href"]
    last = json.loads(client.get("/lieux.geojson", {"departement": "31", "page": "3"}).content)
    assert len(last["features"]) == 1
    assert last["links"] == []
    pages = [client.get("/lieux.geojson", {"departement": "31", "page": str(page)}) for page in (1, 2, 3)]
    seen = {f["properties"]["name"] for page in pages for f in json.loads(page.content)["features"]}
    assert len(seen) == 5


def test_large_results_are_capped_without_facet_counts(client, monkeypatch):
    monkeypatch.setattr("structures.selectors.sites.RESULT_CAP", 3)
    for number in range(5):
        SiteFactory(name=f"Lieu {number}", audiences=["jeunes"])
    content = text(client.get("/lieux/", {"public": "jeunes"}))
    assert "Plus de 1 000 lieux trouvés" in content
    assert 'class="count"' not in content  # no partial counts
    assert "Lieu 0" in content


def test_pagination_links_keep_the_query(client):
    for number in range(45):
        SiteFactory(name=f"Lieu {number:02d}", audiences=["jeunes"])
    content = text(client.get("/lieux/", {"public": "jeunes", "page": "2"}))
    assert "Page 2 sur 3" in content
    assert 'href="?public=jeunes&page=1" rel="prev"' in content
    assert 'href="?public=jeunes&page=3" rel="next"' in content
    assert '<ol class="results-list" start="21">' in content


def test_result_cards_escape_what_they_show(client):
    SiteFactory(
        name='Lieu <b>"gras"</b> & cie',
        address="1 rue <i>",
        phone="05 61 00 00 00",
        member__name="Membre <u>",
    )
    content = client.get("/lieux/", {"q": "lieu"}).content.decode()
    assert "Lieu &lt;b&gt;&#34;gras&#34;&lt;/b&gt; &amp; cie" in content
    assert "1 rue &lt;i&gt;" in content and "Membre &lt;u&gt;" in content
    assert '<a href="tel:0561000000">05 61 00 00 00</a>' in content
    assert "<b>" not in content and "<i>" not in content and "<u>" not in content


def test_distances_are_written_the_french_way():
    from django.utils import translation

    from structures.rendering import decimal_label

    with translation.override("fr"):
        assert decimal_label(12.345, 1, "fr") == "12,3"
        assert decimal_label(0.04, 1, "fr") == "0,0"
        assert decimal_label(7, 1, "fr") == "7,0"


def test_nearby_rows_carry_the_map_feature_columns_in_their_order():
    from structures.selectors.site_page import _NEARBY_COLUMNS, NearbySite
    from structures.views.presenters import FEATURE_COLUMNS

    assert tuple(_NEARBY_COLUMNS[1:12]) == FEATURE_COLUMNS
    row = NearbySite(*range(len(_NEARBY_COLUMNS)))
    assert row.feature_row == tuple(range(1, 12))
