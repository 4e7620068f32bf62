"""The open data page (/donnees/): each dataset, its format, size and licence."""

import html

from django.urls import reverse

from tests.events.factories import EventFactory
from tests.factories import SiteFactory

DOWNLOADS = [
    "/donnees/structures.json",
    "/donnees/services.json",
    "/donnees/lieux.csv",
    "/donnees/evenements.csv",
    "/agenda.ics",
]


def test_open_data_page_lists_each_dataset_with_its_licence(client):
    SiteFactory(audiences=["jeunes"])
    SiteFactory()
    EventFactory()
    response = client.get("/donnees/")
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "<h1>Données ouvertes</h1>" in content
    for url in DOWNLOADS:
        assert f'href="{url}"' in content, url
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in content
    assert "Licence Ouverte / Open Licence version 2.0" in content
    assert "Enregistrements : 2 lieux." in content
    assert "Enregistrements : 1 services." in content
    assert "Enregistrements : 1 événements." in content
    assert "sans marque d'ordre d'octets (BOM)" in content
    assert "<code>spro-76</code>" in content
    assert '<th scope="row">Collégiens et lycéens</th><td><code>jeunes</code></td>' in content


def test_open_data_page_sets_no_cookie_and_is_in_the_footer(client):
    response = client.get("/donnees/")
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert f'href="{reverse("portal:opendata")}"' in client.get("/").content.decode()


def test_open_data_page_is_audited():
    from spro_portal.accessibility import AUDITED_PAGES

    assert "/donnees/" in [path for _label, path in AUDITED_PAGES]


def test_open_data_page_counts_cheaply(client, django_assert_max_num_queries):
    client.get("/donnees/")  # counts are cached
    with django_assert_max_num_queries(1):
        client.get("/donnees/")
