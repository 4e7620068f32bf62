"""Finding the right interlocutor in a real browser: the orientation wizard, then a question asked on a
place's page and answered from the reserved space's inbox."""

import re

import pytest
from django.core import mail

from .test_pro import PASSWORD, REFERENT, axe_problems, log_in

pytestmark = pytest.mark.e2e

PERSON = "sami.haddad@exemple.invalid"


def test_a_salaried_person_in_castres_who_wants_to_change_jobs_is_sent_to_transitions_pro(portal, browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.goto(portal.url + "/")
    page.get_by_role("link", name=re.compile("interlocuteur", re.I)).first.click()
    page.wait_for_url("**/orientation/")
    page.get_by_label("Salarié du privé").check()
    page.get_by_label("Changer de métier").check()
    page.get_by_label("Commune ou code postal").fill("Castres")
    page.get_by_role("button", name="Voir mes interlocuteurs").click()
    # Two communes bear the name: the Tarn's comes first.
    page.get_by_role("link", name=re.compile(r"^Castres \(Tarn")).click()
    answer = page.locator("#reponse")
    assert "Vos interlocuteurs près de Castres" in answer.inner_text()
    first = answer.locator(".operator").first
    assert "Transitions Pro" in first.locator(".operator__title").inner_text()
    assert "conseil en évolution professionnelle" in first.locator(".operator__reason").inner_text()
    cards = first.locator(".site-card")
    assert cards.count() >= 1
    assert re.search(r"à [\d,]+ km", cards.first.inner_text())
    assert re.search(r"Ouvert|Fermé|Horaires non renseignés", cards.first.inner_text())
    assert "situation=salarie" in page.url and "projet=changer-de-metier" in page.url  # bookmarkable
    assert axe_problems(page) == []
    assert context.cookies() == []
    page.get_by_role("link", name="Voir tous les lieux correspondants").click()
    page.wait_for_url("**/lieux/?**")
    assert page.locator(".results-list .site-card").count() >= 1
    context.close()


def test_a_question_asked_on_a_place_is_answered_from_the_referents_inbox(portal, browser, django_db_blocker):
    from structures.models import Site

    with django_db_blocker.unblock():
        site = Site.objects.filter(member__identifier="demo-mission-locale").order_by("name").first()
    visitor = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = visitor.new_page()
    page.goto(portal.url + site.get_absolute_url())
    page.get_by_role("link", name="Poser une question en ligne").click()
    page.get_by_label("Votre adresse e-mail").fill(PERSON)
    page.get_by_label("Votre question").fill(
        "Bonjour, accompagnez-vous les jeunes qui veulent devenir boulanger ?"
    )
    page.get_by_label(re.compile("^J'accepte")).check()
    page.get_by_role("button", name="Envoyer ma question").click()
    assert page.locator("h1").inner_text() == "Votre question est envoyée"
    visitor.close()

    referent = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    inbox = referent.new_page()
    log_in(portal, inbox, REFERENT, PASSWORD)
    inbox.wait_for_url(portal.url + "/espace-pro/")
    inbox.get_by_role("link", name="Questions", exact=True).click()
    assert axe_problems(inbox) == []
    inbox.locator("main a", has_text="boulanger").first.click()
    inbox.get_by_label("Votre réponse").fill("Oui : venez mardi matin, un conseiller vous recevra.")
    inbox.get_by_role("button", name="Envoyer la réponse par e-mail").click()
    assert "Réponse envoyée" in inbox.locator("main").inner_text()
    referent.close()

    answers = [message for message in mail.outbox if PERSON in message.to and "mardi matin" in message.body]
    assert len(answers) == 1
