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
    page.get_by_role("link", name="Mon équipe").click()
    assert "Inviter un professionnel" in page.locator("main").inner_text()
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(portal.url + "/espace-pro/")
    assert "/espace-pro/connexion/" in page.url


def test_a_wrong_password_is_said_in_french(portal, page):
    log_in(portal, page, password="pas-le-bon")
    assert "Adresse e-mail ou mot de passe incorrect" in page.locator("main").inner_text()


def test_pages_of_the_reserved_space_pass_axe(portal, browser, django_db_blocker):
    from structures.models import Site

    with django_db_blocker.unblock():
        site = Site.objects.filter(member__identifier="demo-mission-locale").order_by("name").first()
    problems = []
    for email, paths in [
        (
            "region@demo.invalid",
            [
                "/espace-pro/",
                "/espace-pro/equipe/?membre=demo-cio",
                "/espace-pro/lieux/?membre=demo-cio",
                "/espace-pro/pilotage/",
                "/espace-pro/pilotage/rapport/",
                "/espace-pro/questions/",
            ],
        ),
        ("candidat@demo.invalid", ["/espace-pro/labellisation/", "/labellisation/candidater/depot/"]),
        (
            REFERENT,
            [
                "/espace-pro/lieux/",
                f"/espace-pro/lieux/{site.slug}/modifier/",
                f"/espace-pro/lieux/{site.slug}/services/",
                "/espace-pro/evenements/",
                "/espace-pro/evenements/nouveau/",
                "/espace-pro/annuaire/?departement=31",
                "/espace-pro/profil/",
                "/espace-pro/mot-de-passe/changer/",
            ],
        ),
    ]:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(portal.url + "/espace-pro/connexion/")
        problems += axe_problems(page)
        log_in(portal, page, email=email)
        page.wait_for_url("**/espace-pro/**")  # the applicant lands on their application
        for path in paths:
            page.goto(portal.url + path)
            problems += axe_problems(page)
        context.close()
    assert not problems, "\n".join(problems)


def test_the_referent_opens_a_place_on_saturday_and_the_public_sees_it(portal, browser, django_db_blocker):
    from structures.models import Site

    with django_db_blocker.unblock():
        site = (
            Site.objects.filter(member__identifier="demo-mission-locale", open_saturday=False)
            .order_by("name")
            .first()
        )
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    log_in(portal, page)
    page.wait_for_url(portal.url + "/espace-pro/")
    page.get_by_role("link", name="Mes lieux").click()
    page.get_by_role("link", name=f"Modifier {site.name}").click()
    page.locator("#id_horaires-d5_start1").fill("09:00")
    page.locator("#id_horaires-d5_end1").fill("12:00")
    page.get_by_role("button", name="Voir la semaine sans enregistrer").click()
    assert "09:00–12:00" in page.locator(".hours-table").inner_text()
    page.get_by_role("button", name="Enregistrer et publier").click()
    assert "elles sont en ligne" in page.locator(".messages").inner_text()
    assert "Horaires" in page.locator(".history").inner_text()

    public = context.new_page()  # a visitor's view
    public.goto(portal.url + site.get_absolute_url())
    saturday = public.locator(".hours-table tr", has_text="samedi")
    assert "09:00" in saturday.first.inner_text()
    public.goto(portal.url + f"/lieux/?q={site.name}&ouvert=samedi")
    assert site.name in public.locator(".results-list").inner_text()
    context.close()

    other = browser.new_context(locale="fr-FR")
    page = other.new_page()
    log_in(portal, page, email="conseiller.cio@demo.invalid")
    page.wait_for_url(portal.url + "/espace-pro/")
    response = page.goto(portal.url + f"/espace-pro/lieux/{site.slug}/modifier/")
    assert response.status == 403
    assert "Accès refusé" in page.locator("h1").inner_text()
    other.close()


def test_a_region_officer_invites_a_professional_who_sets_a_password_and_logs_in(portal, browser):
    from django.core import mail

    officer = browser.new_context(locale="fr-FR")
    page = officer.new_page()
    log_in(portal, page, email="region@demo.invalid")
    page.wait_for_url(portal.url + "/espace-pro/")
    page.goto(portal.url + "/espace-pro/equipe/?membre=demo-cio")
    page.locator("#id_first_name").fill("Sacha")
    page.locator("#id_last_name").fill("Garnier")
    page.locator("#id_email").fill("sacha.garnier@demo.invalid")
    page.locator("#id_member").select_option(label="Centres d'information et d'orientation (CIO)")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert "Invitation envoyée" in page.locator(".messages").inner_text()
    officer.close()

    message = next(m for m in mail.outbox if m.to == ["sacha.garnier@demo.invalid"])
    link = next(word for word in message.body.split() if "/espace-pro/invitation/" in word)
    newcomer = browser.new_context(locale="fr-FR")
    page = newcomer.new_page()
    page.goto(link)
    page.locator("#id_password1").fill("une-phrase-de-passe-solide")
    page.locator("#id_password2").fill("une-phrase-de-passe-solide")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(portal.url + "/espace-pro/")
    assert "Centres d'information et d'orientation (CIO)" in page.locator("main").inner_text()
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(portal, page, email="sacha.garnier@demo.invalid", password="une-phrase-de-passe-solide")
    page.wait_for_url(portal.url + "/espace-pro/")
    newcomer.close()
