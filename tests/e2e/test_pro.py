"""The reserved space in a real browser: logging in as a demo account, its pages' accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.e2e

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REFERENT = "referent.missionlocale@demo.invalid"
PASSWORD = "demo-spro-2026"


def log_in(portal, page, email=REFERENT, password=PASSWORD):
    page.goto(portal.url + "/espace-pro/")  # asks to log in first
    page.wait_for_url("**/espace-pro/connexion/?next=/espace-pro/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def axe_problems(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    return [
        f"{page.url} — {violation['id']} : {', '.join(map(str, node['target']))}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def test_the_demo_referent_logs_in_sees_their_dashboard_and_team_then_logs_out(portal, page):
    log_in(portal, page)
    page.wait_for_url(portal.url + "/espace-pro/")
    assert page.locator("h1").inner_text() == "Tableau de bord"
    assert "Missions locales d'Occitanie" in page.locator("main").inner_text()
    page.get_by_role("link", name="Équipe").click()
    assert "Inviter un professionnel" in page.locator("main").inner_text()
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(portal.url + "/espace-pro/")
    assert "/espace-pro/connexion/" in page.url


def test_a_wrong_password_is_said_in_french(portal, page):
    log_in(portal, page, password="pas-le-bon")
    assert "Adresse e-mail ou mot de passe incorrect" in page.locator("main").inner_text()


def test_pages_of_the_reserved_space_pass_axe(portal, page):
    page.goto(portal.url + "/espace-pro/connexion/")
    problems = axe_problems(page)
    log_in(portal, page, email="region@demo.invalid")
    for path in ["/espace-pro/", "/espace-pro/equipe/?membre=demo-cio", "/espace-pro/mot-de-passe/changer/"]:
        page.goto(portal.url + path)
        problems += axe_problems(page)
    assert not problems, "\n".join(problems)
