import html
import json
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


def test_home_presents_the_service_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Service public régional de l'orientation" in content
    assert "Aller au contenu" in content  # skip link
    assert 'id="contenu"' in content


def test_anonymous_visit_sets_no_cookie(client):
    for url in ["/", "/sante/", "/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"]:
        response = client.get(url)
        assert response.cookies == {}, url
        assert "Set-Cookie" not in response.headers, url


def test_navigation_shows_only_pages_that_exist(client):
    content = client.get("/").content.decode()
    navigation = content.split('aria-label="Menu principal"')[1].split("</nav>")[0]
    assert 'href="/lieux/"' in navigation
    assert 'href="/agenda/"' in navigation
    assert 'href="/espace-pro/"' in navigation
    assert 'href="/labellisation/"' in navigation
    assert 'href="/orientation/"' in navigation


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/mentions-legales/", "Mentions légales"),
        ("/accessibilite/", "Déclaration d'accessibilité"),
        ("/donnees-personnelles/", "Données personnelles et cookies"),
    ],
)
def test_legal_pages_have_real_content(client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{title}</h1>" in content
    assert "Hôtel de Région" in content or "Défenseur des droits" in content or "CNIL" in content


def test_footer_links_to_legal_pages(client):
    content = client.get("/").content.decode()
    for name in ["portal:legal_notice", "portal:accessibility", "portal:privacy"]:
        assert f'href="{reverse(name)}"' in content
    assert "Accessibilité : non conforme" in content


def test_health_reports_database_ok(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_health_reports_unavailable_database_with_503(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "error"


def test_theme_stylesheet_carries_the_region_colours(client, settings):
    settings.PORTAL_COLOR_PRIMARY = "#003366"
    response = client.get("/theme.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--color-primary: #003366;" in response.content.decode()


def test_unknown_page_is_a_404(client):
    assert client.get("/nulle-part/").status_code == 404


def test_home_query_count_is_small(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # publics, projects, upcoming events, demo flag (cached)
        client.get("/")


def test_accessibility_statement_reports_what_was_measured_and_no_more(client):
    from spro_portal.accessibility import AUDITED_PAGES

    content = html.unescape(client.get("/accessibilite/").content.decode())
    assert "29 novembre 2026" in content
    assert "axe-core" in content and "Nu Html Checker" in content
    for label, _path in AUDITED_PAGES:
        assert f"<li>{label}</li>" in content
    assert "non conforme" in content
    assert "ne remplacent pas" in content
