"""Jobs and training offers in a real browser (issue "done when"): a person looks up "aide-soignant",
finds the training offers near Rodez that lead to it with their next sessions, and the zone page of
Rodez shows its priority sectors, places, events and trainings together."""

import json
import re

import pytest

from .test_pro import axe_problems

pytestmark = pytest.mark.e2e


def test_a_person_finds_the_aide_soignant_trainings_near_rodez_and_the_zone_page(portal, browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.goto(portal.url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Métiers").click()
    page.wait_for_url("**/metiers/")
    page.get_by_label("Un métier ou un code ROME").fill("aide soignant")
    page.locator("main").get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name=re.compile("^Aide-soignant")).first.click()
    page.wait_for_url("**/metiers/J1501/**")
    assert "J1501" in page.locator("main").inner_text()
    assert page.get_by_role("link", name=re.compile("France Travail")).count() >= 1

    page.get_by_label("Votre commune ou code postal").fill("Rodez")
    page.get_by_role("button", name="Chercher près de chez moi").click()
    page.wait_for_url("**commune=**")
    main = page.locator("main").inner_text()
    assert "Diplôme d'État d'aide-soignant" in main
    assert re.search(r"à [\d,]+ km", main)
    assert axe_problems(page) == []

    page.get_by_role("link", name=re.compile("Diplôme d'État d'aide-soignant")).first.click()
    page.wait_for_url("**/formations/*/")
    detail = page.locator("main").inner_text()
    assert "Rodez" in detail and "session" in detail.lower()
    course = json.loads(page.locator('script[type="application/ld+json"]').first.text_content())
    assert course["@type"] == "Course"
    assert course["hasCourseInstance"][0]["@type"] == "CourseInstance"
    assert axe_problems(page) == []

    page.goto(portal.url + "/formations/?q=aide-soignant&commune=Rodez")
    results = page.locator("main").inner_text()
    assert "Diplôme d'État d'aide-soignant" in results
    assert re.search(r"à [\d,]+ km", results)

    page.goto(portal.url + "/zones/7621/")
    zone = page.locator("main").inner_text()
    for section in ("Secteurs prioritaires", "Prochains événements", "Formations", "lieu", "Métiers"):
        assert section.lower() in zone.lower(), section
    assert page.locator("main a[href^='/formations/']").count() >= 1
    assert page.locator("main a[href^='/lieux/']").count() >= 1
    assert axe_problems(page) == []
    assert context.cookies() == []
    context.close()
