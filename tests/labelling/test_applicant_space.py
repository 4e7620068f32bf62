"""The applicant's follow-up in the reserved space (`/espace-pro/labellisation/`): status and timeline,
the instructor's messages, complements, withdrawal, the label granted; and the space's shell for an
account that is neither a member's professional nor Region staff."""

import pytest
from django.core import mail
from django.test import TestCase

from labelling import services
from labelling.enums import ApplicationStatus
from labelling.models import StatusChange
from tests.factories import PASSWORD, SiteFactory, UserFactory, commune

from .factories import complete_draft, draft, submitted, under_review, with_opinion
from .test_apply import grow

STATUS = "/espace-pro/labellisation/"


@pytest.fixture
def instructor():
    return UserFactory(is_staff=True, is_superuser=True, email="agent.instructeur@region.invalid")


def complements_requested(instructor, message="Précisez les horaires du samedi."):
    application = under_review(instructor)
    services.application_request_complements(application=application, user=instructor, message=message)
    application.refresh_from_db()
    return application


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(STATUS)
    assert response.status_code == 302
    assert response["Location"] == "/espace-pro/connexion/?next=/espace-pro/labellisation/"


def test_an_account_without_application_is_offered_to_apply(client):
    client.force_login(UserFactory())
    page = client.get(STATUS).content.decode()
    assert "Vous n'avez pas de candidature en cours." in page
    assert 'href="/labellisation/candidater/"' in page


def test_the_timeline_says_vous_or_la_region_and_never_the_officer(client, instructor):
    application = under_review(instructor)
    colleague = UserFactory(is_staff=True, is_superuser=True, email="collegue@region.invalid")
    services.application_assign(application=application, user=colleague)  # a takeover, with a comment
    client.force_login(application.applicant)
    page = client.get(STATUS).content.decode()
    assert '<ol class="history timeline">' in page
    assert "Brouillon → <strong>Déposée</strong>" in page
    assert "(par vous)" in page and "(par la Région)" in page
    assert "En instruction" in page
    assert "agent.instructeur@region.invalid" not in page and "collegue@region.invalid" not in page
    assert instructor.last_name not in page and "Reprise de l" not in page


def test_a_request_for_complements_is_shown_with_the_steps_and_what_is_missing(client, instructor):
    application = complements_requested(instructor)
    application.attachments.filter(kind="statuts").delete()
    client.force_login(application.applicant)
    page = client.get(STATUS).content.decode()
    assert "L'instructeur vous demande des compléments" in page
    assert page.count("Précisez les horaires du samedi.") == 2  # highlighted, and in the timeline
    assert 'href="/labellisation/candidater/lieux/"' in page
    assert '<a href="/labellisation/candidater/pieces/">La pièce « Statuts »</a>' in page
    assert "Transmettre mes compléments" in page


def test_complements_are_sent_with_a_message_and_the_applicant_edits_meanwhile(client, instructor):
    application = complements_requested(instructor)
    client.force_login(application.applicant)
    response = client.post(
        "/labellisation/candidater/organisation/",
        {
            "name": "Association Cap Avenir et Territoires",
            "siret": application.siret,
            "legal_form": application.legal_form,
            "address": application.address,
            "postcode": application.postcode,
            "commune_text": "Albi 81004",
            "website": "",
            "presentation": application.presentation,
            "contact_name": application.contact_name,
            "contact_email": application.contact_email,
            "contact_phone": "",
        },
    )
    assert response.status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            STATUS, {"action": "complements", "complements-message": "Ouvert le samedi matin."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLEMENTS_PROVIDED
    assert application.name == "Association Cap Avenir et Territoires"
    change = application.history.last()
    assert (change.actor, change.comment) == (application.applicant, "Ouvert le samedi matin.")
    assert len(mail.outbox) == 1


def test_complements_without_a_message_are_refused_and_change_nothing(client, instructor):
    application = complements_requested(instructor)
    client.force_login(application.applicant)
    response = client.post(STATUS, {"action": "complements", "complements-message": "  "})
    assert response.status_code == 200
    assert "Répondez à la demande de l&#39;instructeur en quelques mots." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLEMENTS_REQUESTED


def test_complements_of_an_incomplete_application_are_refused_with_what_is_missing(client, instructor):
    application = complements_requested(instructor)
    application.attachments.filter(kind="statuts").delete()
    client.force_login(application.applicant)
    response = client.post(STATUS, {"action": "complements", "complements-message": "Voilà."})
    assert "La candidature est incomplète : la pièce « Statuts »" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLEMENTS_REQUESTED


def test_withdrawal_asks_for_confirmation_then_withdraws(client):
    application = submitted()
    client.force_login(application.applicant)
    response = client.post(STATUS, {"action": "retirer", "retrait-comment": "Projet reporté."})
    assert "Cochez la case pour confirmer le retrait" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            STATUS, {"action": "retirer", "retrait-confirm": "on", "retrait-comment": "Projet reporté."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.history.last().comment == "Projet reporté."
    page = client.get(STATUS).content.decode()
    assert "Vous n'avez pas de candidature en cours." in page and "Retirée" in page


def test_a_decided_application_cannot_be_withdrawn(client, instructor):
    application = with_opinion(instructor)
    services.application_reject(application=application, user=instructor, reason="Hors champ.")
    client.force_login(application.applicant)
    response = client.post(STATUS, {"action": "retirer", "retrait-confirm": "on"}, follow=True)
    assert "Vous n&#39;avez pas de candidature en cours." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert "Hors champ." in response.content.decode()  # the reason, in the timeline


def test_after_approval_the_label_dates_and_the_member_page_are_shown(client, instructor):
    SiteFactory(associated_centre=True, commune=commune("81004"))
    application = with_opinion(instructor)
    services.application_approve(application=application, user=instructor)
    application.refresh_from_db()
    client.force_login(application.applicant)
    page = client.get(STATUS).content.decode()
    assert "Label accordé du" in page
    assert f'href="{application.member.get_absolute_url()}"' in page
    assert "Renouveler le label" in page


def test_the_dashboard_sends_an_applicant_to_their_application(client):
    application = draft()
    client.force_login(application.applicant)
    response = client.get("/espace-pro/")
    assert response.status_code == 302 and response["Location"] == STATUS


def test_an_applicant_logging_in_lands_on_their_application(client):
    application = draft()
    response = client.post(
        "/espace-pro/connexion/", {"username": application.applicant.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == STATUS


def test_an_applicant_sees_only_their_application_password_and_logout_in_the_bar(client):
    application = draft()
    client.force_login(application.applicant)
    page = client.get(STATUS).content.decode()
    assert "Ma candidature" in page and 'href="/espace-pro/mot-de-passe/changer/"' in page
    assert 'href="/espace-pro/profil/"' not in page and 'href="/espace-pro/lieux/"' not in page
    assert client.get("/espace-pro/mot-de-passe/changer/").status_code == 200


def test_an_applicant_changes_their_password(client):
    application = draft()
    client.force_login(application.applicant)
    response = client.post(
        "/espace-pro/mot-de-passe/changer/",
        {
            "old_password": PASSWORD,
            "new_password1": "une nouvelle phrase secrète",
            "new_password2": "une nouvelle phrase secrète",
        },
    )
    assert response.status_code == 302
    application.applicant.refresh_from_db()
    assert application.applicant.check_password("une nouvelle phrase secrète")


def test_the_bar_of_a_professional_links_to_labelling(pro_client):
    page = pro_client.get(STATUS).content.decode()
    assert 'href="/espace-pro/labellisation/" aria-current="page">Labellisation' in page
    assert 'href="/espace-pro/lieux/"' in page and 'href="/espace-pro/profil/"' in page


def test_a_professional_who_applies_keeps_their_dashboard(pro_client, professional):
    draft(professional.user)
    assert pro_client.get("/espace-pro/").status_code == 200


def test_the_status_page_runs_a_constant_number_of_queries(client, instructor, django_assert_max_num_queries):
    application = complements_requested(instructor)
    client.force_login(application.applicant)
    client.get(STATUS)
    with django_assert_max_num_queries(12) as small:
        assert client.get(STATUS).status_code == 200
    grow(application, 4)  # places, documents and history lines
    for rank in range(4):
        StatusChange.objects.create(
            application=application, actor=instructor, from_status="complements_demandes",
            to_status="complements_demandes", comment=f"Relance {rank}",
        )  # fmt: skip
    complete_draft()  # another account's application
    with django_assert_max_num_queries(12) as large:
        assert client.get(STATUS).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
