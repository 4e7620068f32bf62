"""The labelling workflow's services: who may move an application, from which state, what each move
records and sends, and what approval publishes."""

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from labelling import services
from labelling.enums import ApplicationStatus
from labelling.models import Label, LabellingApplication, StatusChange
from structures.enums import MembershipBasis, SiteKind
from structures.models import Member, Professional, Site
from tests.factories import SiteFactory, UserFactory, commune

from .factories import complete_draft, draft, submitted, under_review, with_opinion


@pytest.fixture
def centre_in_tarn():
    return SiteFactory(associated_centre=True, name="Centre associé d'Albi", commune=commune("81004"))


@pytest.fixture
def instructor(staff_user):
    return staff_user


def statuses(application):
    return list(application.history.values_list("from_status", "to_status"))


def test_submission_is_refused_while_the_page_lists_what_is_missing():
    application = draft(name="Association incomplète")
    with pytest.raises(services.LabellingError) as error:
        services.application_submit(application=application, user=application.applicant)
    assert "un SIRET valide" in str(error.value)
    assert "au moins un lieu proposé" in str(error.value)
    assert "la pièce « Statuts »" in str(error.value)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_full_journey_records_every_step_and_emails_the_applicant(instructor, centre_in_tarn):
    application = complete_draft()
    applicant = application.applicant
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.application_submit(application=application, user=applicant)
        services.application_assign(application=application, user=instructor)
        services.application_request_complements(
            application=application, user=instructor, message="Précisez les horaires du samedi."
        )
        services.application_provide_complements(
            application=application, user=applicant, message="Ouvert le samedi matin."
        )
        services.application_record_opinion(
            application=application, user=instructor, opinion="favorable", opinion_date=timezone.localdate()
        )
        services.application_approve(application=application, user=instructor)
    application.refresh_from_db()
    assert statuses(application) == [
        ("", "brouillon"),
        ("brouillon", "deposee"),
        ("deposee", "en_instruction"),
        ("en_instruction", "complements_demandes"),
        ("complements_demandes", "complements_fournis"),
        ("complements_fournis", "avis_rendu"),
        ("avis_rendu", "approuvee"),
    ]
    assert len(mail.outbox) == 6
    assert "Précisez les horaires du samedi." in mail.outbox[2].body
    assert set(mail.outbox[0].to) == {applicant.email, "claire.martin@cap-avenir.invalid"}
    member = application.member
    assert member.basis == MembershipBasis.LABELLED and member.siret == "73282932000074"
    label = application.label
    assert label.valid_from == timezone.localdate()
    assert (label.valid_until - label.valid_from).days in (1094, 1095)
    site = Site.objects.get(member=member)
    assert (site.kind, site.parent, site.published) == (SiteKind.RELAY_POINT, centre_in_tarn, True)
    assert site.services.count() == 1 and site.search_text
    assert Professional.objects.get(user=applicant).member == member
    assert "Label valable jusqu'au" in mail.outbox[-1].body


def test_applicant_cannot_approve_their_own_application(centre_in_tarn):
    officer = UserFactory(is_staff=True, is_superuser=True)
    application = with_opinion(UserFactory(is_staff=True, is_superuser=True))
    application.applicant = officer
    application.save()
    with pytest.raises(services.LabellingError, match="votre propre candidature"):
        services.application_approve(application=application, user=officer)
    assert not Label.objects.exists()


def test_a_draft_cannot_be_approved(instructor):
    application = complete_draft()
    with pytest.raises(services.LabellingError):
        services.application_approve(application=application, user=instructor)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not Member.objects.filter(siret=application.siret).exists()


def test_deciding_needs_an_instructor(instructor):
    application = submitted()
    with pytest.raises(services.LabellingError, match="Aucun instructeur"):
        services.application_reject(application=application, user=instructor, reason="Hors champ.")
    with pytest.raises(services.LabellingError, match="Aucun instructeur"):
        services.application_request_complements(application=application, user=instructor, message="?")
    assert StatusChange.objects.filter(application=application).count() == 2


def test_only_the_assigned_instructor_acts_until_a_colleague_takes_over(instructor):
    application = under_review(instructor)
    colleague = UserFactory(is_staff=True, is_superuser=True)
    with pytest.raises(services.LabellingError, match="instruite par"):
        services.application_request_complements(application=application, user=colleague, message="Pièce ?")
    services.application_assign(application=application, user=colleague)
    services.application_request_complements(application=application, user=colleague, message="Pièce ?")
    application.refresh_from_db()
    assert application.instructor == colleague
    assert application.status == ApplicationStatus.COMPLEMENTS_REQUESTED


def test_a_professional_who_is_not_region_staff_cannot_review(professional):
    application = submitted()
    with pytest.raises(services.LabellingError, match="agents de la Région"):
        services.application_assign(application=application, user=professional.user)


def test_rejection_requires_a_reason(instructor):
    application = with_opinion(instructor)
    with pytest.raises(services.LabellingError, match="motif"):
        services.application_reject(application=application, user=instructor, reason="  ")
    services.application_reject(application=application, user=instructor, reason="Public non couvert.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reason == "Public non couvert."


def test_withdrawal_before_decision_only(instructor, centre_in_tarn):
    application = under_review(instructor)
    services.application_withdraw(application=application, user=application.applicant)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(services.LabellingError, match="ne peut plus être retirée"):
        services.application_withdraw(application=application, user=application.applicant)


def test_a_submitted_application_cannot_be_edited():
    application = submitted()
    with pytest.raises(services.LabellingError, match="ne peut plus être modifiée"):
        services.application_update(application=application, user=application.applicant, values={"name": "X"})


def test_relay_point_needs_an_associated_centre_in_its_departement(instructor):
    application = with_opinion(instructor)
    with pytest.raises(services.LabellingError, match="pas de centre associé"):
        services.application_approve(application=application, user=instructor)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OPINION_RECORDED
    assert not Member.objects.filter(siret=application.siret).exists()
    assert not Label.objects.exists()


def test_one_application_in_progress_per_account():
    application = draft()
    assert services.application_start(user=application.applicant) == application
    assert LabellingApplication.objects.count() == 1
