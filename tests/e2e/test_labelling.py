"""Labelling in a real browser: a new organisation applies, a Region officer reviews it in the admin,
asks for a complement, records the CREFOP bureau's opinion and approves; the place then appears in the
public search with its badge. Every step leaves a history line and an e-mail."""

import re

import pytest
from django.core import mail

from .test_pro import PASSWORD as DEMO_PASSWORD
from .test_pro import axe_problems

pytestmark = pytest.mark.e2e

EMAIL = "jeanne.riviere@gaillac-avenir.invalid"
PASSWORD = "un-mot-de-passe-solide-2026"
ORGANISATION = "Association Gaillac Avenir"
PLACE = "Point relais Gaillac Avenir"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def field(page, label):
    """A field by its whole label (Django adds " :" to labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$"))


def log_in(portal, page, email, password):
    page.goto(portal.url + "/espace-pro/connexion/")
    field(page, "Adresse e-mail").fill(email)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def apply(portal, page, context):
    """The applicant's side: account, the four steps (with a wrong SIRET and a disguised file on the
    way), submission."""
    page.goto(portal.url + "/labellisation/")
    page.get_by_role("link", name="Déposer une candidature").click()
    assert context.cookies() == []  # nothing stored before the visitor chooses to create an account
    page.get_by_role("link", name="Créer un compte").click()
    field(page, "Nom").fill("Rivière")
    field(page, "Prénom").fill("Jeanne")
    field(page, "Adresse e-mail").fill(EMAIL)
    field(page, "Mot de passe").fill(PASSWORD)
    field(page, "Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()

    page.wait_for_url("**/labellisation/candidater/organisation/")
    field(page, "Nom de la structure").fill(ORGANISATION)
    field(page, "SIRET").fill("732 829 320 00075")  # checksum wrong
    field(page, "Forme juridique").select_option("association")
    field(page, "Adresse du siège").fill("5 place de la Libération")
    field(page, "Code postal").fill("81600")
    field(page, "Commune du siège").fill("Gaillac")
    field(page, "Activité et publics accueillis").fill("Information sur les métiers pour les jeunes.")
    field(page, "Personne à contacter").fill("Jeanne Rivière")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "clé de contrôle" in page.locator("main").inner_text()
    field(page, "SIRET").fill("732 829 320 00074")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/labellisation/candidater/lieux/")
    field(page, "Nom du lieu").fill(PLACE)
    page.get_by_label("Point relais").check()
    field(page, "Adresse").fill("5 place de la Libération")
    field(page, "Code postal").fill("81600")
    field(page, "Commune").fill("Gaillac")
    for day in range(5):
        page.locator(f"#id_horaires-d{day}_start1").fill("09:00")
        page.locator(f"#id_horaires-d{day}_end1").fill("12:30")
    page.get_by_label("Accueil et information").check()
    page.get_by_label("Jeunes de 16 à 25 ans").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/labellisation/candidater/criteres/")
    commitments = page.get_by_label("Nous nous engageons à respecter ce critère")
    explanations = page.get_by_label("Comment votre structure le met en œuvre")
    assert commitments.count() == 11
    for rank in range(commitments.count()):
        commitments.nth(rank).check()
        explanations.nth(rank).fill("Oui : c'est inscrit dans notre projet associatif.")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/labellisation/candidater/pieces/")
    for kind, name, content in [
        ("statuts", "statuts.pdf", PDF),
        ("rapport_activite", "rapport.pdf", b"MZ\x90\x00 un programme renomme"),
        ("rapport_activite", "rapport.pdf", PDF),
    ]:
        field(page, "Nature de la pièce").select_option(kind)
        field(page, "Fichier").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": content}
        )
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        if content != PDF:
            assert "ne correspond pas à son nom" in page.locator("main").inner_text()
    assert page.locator("#attachments-title").inner_text() == "Pièces de votre candidature (2)"

    page.get_by_role("link", name="Dépôt", exact=True).click()
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/espace-pro/labellisation/")
    assert "Déposée" in page.locator("main").inner_text()


def review_action(page, label, fields=None):
    """On the application's admin page: follow a transition's button, fill its form, confirm."""
    page.get_by_role("link", name=label, exact=True).click()
    for name, value in (fields or {}).items():
        page.get_by_label(name).fill(value)
    page.locator(f'input[type=submit][value="{label}"]').click()


def test_an_organisation_applies_and_the_region_labels_it(portal, browser, django_db_blocker):
    from labelling.models import LabellingApplication

    applicant = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = applicant.new_page()
    apply(portal, page, applicant)
    assert axe_problems(page) == []

    region = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    officer = region.new_page()
    log_in(portal, officer, "region@demo.invalid", DEMO_PASSWORD)
    officer.goto(portal.url + "/admin/labelling/labellingapplication/?q=Gaillac")
    officer.get_by_role("link", name=ORGANISATION).click()
    application_url = officer.url
    officer.get_by_role("button", name="Prendre en charge").click()
    assert "Vous instruisez désormais cette candidature" in officer.locator(".messagelist").inner_text()
    review_action(
        officer, "Demander des compléments", {"Message au candidat": "Précisez vos horaires d'été."}
    )
    assert "Compléments demandés" in officer.locator(".messagelist").inner_text()

    page.goto(portal.url + "/espace-pro/labellisation/")
    assert "Précisez vos horaires d'été." in page.locator("main").inner_text()
    field(page, "Votre réponse à l'instructeur").fill("Ouvert tout l'été, sauf la semaine du 15 août.")
    page.get_by_role("button", name="Transmettre mes compléments").click()
    assert "Compléments fournis" in page.locator("main").inner_text()

    officer.goto(application_url)
    assert "Ouvert tout l'été" in officer.locator("body").inner_text()  # the history
    officer.get_by_role("link", name="Enregistrer l'avis du bureau du CREFOP").click()
    officer.get_by_label("Favorable", exact=True).check()
    officer.locator('input[type=submit][value="Enregistrer l\'avis du bureau du CREFOP"]').click()
    review_action(officer, "Approuver")
    assert "le label est accordé" in officer.locator(".messagelist").inner_text()

    visitor = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    visitor.goto(portal.url + "/lieux/?commune=Gaillac&rayon=10")
    card = visitor.locator(".site-card", has_text=PLACE)
    assert "Structure labellisée SPRO jusqu'au" in card.inner_text()
    card.get_by_role("link", name=PLACE).click()
    assert "Structure labellisée SPRO jusqu'au" in visitor.locator("main").inner_text()

    with django_db_blocker.unblock():
        application = LabellingApplication.objects.get(name=ORGANISATION)
        steps = list(application.history.values_list("to_status", flat=True))
    assert steps == [
        "brouillon", "deposee", "en_instruction", "complements_demandes", "complements_fournis", "avis_rendu",
        "approuvee",
    ]  # fmt: skip
    to_applicant = [message for message in mail.outbox if EMAIL in message.to]
    assert len(to_applicant) == len(steps) - 1  # every transition after the draft
    assert "Précisez vos horaires d'été." in to_applicant[2].body
    for context in (applicant, region, visitor.context):
        context.close()
