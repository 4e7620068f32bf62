"""Region staff's review of labelling applications in the admin: the queue (filters, days waiting, query
count), the application's page (answers beside assessments, completeness, history), the transitions
through their admin pages (each calling its service), the documents, and the export of decisions."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from labelling import services
from labelling.enums import ApplicationStatus, Assessment, AttachmentKind
from labelling.models import Criterion, Label, LabellingApplication, StatusChange
from labelling.resources import DECISION_COLUMNS
from structures.models import Site
from tests.factories import SiteFactory, UserFactory, commune

from .factories import PDF, complete_draft, draft, pdf, submitted, under_review, with_opinion

QUEUE = reverse("admin:labelling_labellingapplication_changelist")
EXPORT = reverse("admin:labelling_labellingapplication_export")


def change_url(application):
    return reverse("admin:labelling_labellingapplication_change", args=[application.pk])


def transition_url(application, name):
    return reverse(f"admin:labelling_labellingapplication_{name}", args=[application.pk])


def listed(response):
    return [application.pk for application in response.context["cl"].result_list]


def queued(status=ApplicationStatus.SUBMITTED, *, days=0, commune_code="81004", instructor=None, **values):
    """An application row in a given state, `days` after its last change (for the queue's tests only;
    the workflow's tests build them through the services)."""
    values.setdefault("name", "Structure candidate")
    application = LabellingApplication.objects.create(
        applicant=UserFactory(),
        status=status,
        commune=commune(commune_code),
        instructor=instructor,
        submitted_at=None if status == ApplicationStatus.DRAFT else timezone.now(),
        **values,
    )
    LabellingApplication.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.now() - timedelta(days=days)
    )
    return application


def status_of(application):
    application.refresh_from_db()
    return application.status


def page(response):
    return response.content.decode()


def notices(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def instructor(staff_user):
    return staff_user


@pytest.fixture
def centre_in_tarn():
    return SiteFactory(associated_centre=True, name="Centre associé d'Albi", commune=commune("81004"))


@pytest.fixture
def staff_without_labelling(client):
    """A staff account with no group: no permission on labelling."""
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return client


# --- the queue -------------------------------------------------------------------------------------


def test_queue_leaves_drafts_out_unless_the_status_filter_asks_for_them(staff_client):
    waiting = queued(ApplicationStatus.SUBMITTED)
    brouillon = queued(ApplicationStatus.DRAFT)
    assert listed(staff_client.get(QUEUE)) == [waiting.pk]
    assert listed(staff_client.get(QUEUE, {"etat": ApplicationStatus.DRAFT})) == [brouillon.pk]
    assert set(listed(staff_client.get(QUEUE, {"etat": "tous"}))) == {waiting.pk, brouillon.pk}


def test_queue_filters_by_status(staff_client):
    queued(ApplicationStatus.SUBMITTED)
    approved = queued(ApplicationStatus.APPROVED)
    response = staff_client.get(QUEUE, {"etat": ApplicationStatus.APPROVED})
    assert response.status_code == 200
    assert listed(response) == [approved.pk]


def test_queue_filters_by_department_of_the_organisation(staff_client):
    albi = queued(commune_code="81004")
    toulouse = queued(commune_code="31555")
    assert listed(staff_client.get(QUEUE, {"departement": "81"})) == [albi.pk]
    assert listed(staff_client.get(QUEUE, {"departement": "31"})) == [toulouse.pk]
    assert "Tarn (81)" in page(staff_client.get(QUEUE))


def test_queue_filters_applications_assigned_to_me_or_to_nobody(staff_client, instructor):
    mine = queued(ApplicationStatus.UNDER_REVIEW, instructor=instructor)
    queued(ApplicationStatus.UNDER_REVIEW, instructor=UserFactory(is_staff=True))
    nobody = queued(ApplicationStatus.SUBMITTED)
    assert listed(staff_client.get(QUEUE, {"instruction": "moi"})) == [mine.pk]
    assert listed(staff_client.get(QUEUE, {"instruction": "personne"})) == [nobody.pk]


def test_queue_filters_applications_waiting_for_the_region_for_more_than_30_days(staff_client):
    old = queued(ApplicationStatus.COMPLEMENTS_PROVIDED, days=31)
    queued(ApplicationStatus.SUBMITTED, days=29)
    queued(ApplicationStatus.COMPLEMENTS_REQUESTED, days=60)  # waiting for the applicant
    queued(ApplicationStatus.APPROVED, days=90)
    assert listed(staff_client.get(QUEUE, {"attente": "plus_30", "etat": "tous"})) == [old.pk]


def test_days_waiting_counts_from_the_last_change_only_while_waiting_for_the_region(staff_client):
    waiting = queued(ApplicationStatus.UNDER_REVIEW, days=45)
    queued(ApplicationStatus.COMPLEMENTS_REQUESTED, days=12)
    response = staff_client.get(QUEUE)
    rows = {application.pk: application for application in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert admin.days_waiting(rows[waiting.pk]) == 45
    assert [admin.days_waiting(row) for pk, row in rows.items() if pk != waiting.pk] == [""]
    assert '<td class="field-days_waiting">45</td>' in page(response)


def test_queue_lists_the_oldest_waiting_first(staff_client):
    recent = queued(ApplicationStatus.SUBMITTED, days=2)
    oldest = queued(ApplicationStatus.OPINION_RECORDED, days=40)
    with_applicant = queued(ApplicationStatus.COMPLEMENTS_REQUESTED, days=90)
    assert listed(staff_client.get(QUEUE)) == [oldest.pk, recent.pk, with_applicant.pk]


def test_queue_searches_by_siret_and_contact_email(staff_client):
    found = queued(siret="73282932000074", contact_email="accueil@cap.invalid")
    queued(siret="11111111111111", contact_email="autre@exemple.invalid")
    assert listed(staff_client.get(QUEUE, {"q": "73282932000074"})) == [found.pk]
    assert listed(staff_client.get(QUEUE, {"q": "accueil@cap"})) == [found.pk]


def test_queue_query_count_does_not_grow_with_the_rows(
    staff_client, instructor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queued(ApplicationStatus.UNDER_REVIEW, instructor=instructor)
    with CaptureQueriesContext(connection) as one_row:
        assert staff_client.get(QUEUE).status_code == 200
    for index in range(19):
        queued(ApplicationStatus.UNDER_REVIEW, instructor=instructor, days=index, renewal_of=None)
    with django_assert_max_num_queries(len(one_row)):
        response = staff_client.get(QUEUE)
    assert len(listed(response)) == 20


def test_queue_offers_neither_adding_nor_deleting_to_staff(staff_client):
    application = queued()
    response = staff_client.get(QUEUE)
    assert response.context["has_add_permission"] is False
    assert "delete_selected" not in response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert staff_client.get(reverse("admin:labelling_labellingapplication_add")).status_code == 403
    delete = reverse("admin:labelling_labellingapplication_delete", args=[application.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert LabellingApplication.objects.filter(pk=application.pk).exists()


def test_staff_without_labelling_permission_gets_403(staff_without_labelling):
    application = submitted()
    assert staff_without_labelling.get(QUEUE).status_code == 403
    assert staff_without_labelling.get(change_url(application)).status_code == 403
    assert staff_without_labelling.post(transition_url(application, "assign")).status_code == 403
    assert status_of(application) == ApplicationStatus.SUBMITTED


# --- the application's page ------------------------------------------------------------------------


def test_change_page_shows_each_answer_and_its_evidence_beside_its_assessment(staff_client):
    application = complete_draft()
    criterion = Criterion.objects.active().first()
    services.attachment_add(
        application=application,
        user=application.applicant,
        upload=pdf("charte-gratuite.pdf"),
        kind=AttachmentKind.EVIDENCE,
        criterion=criterion,
    )
    services.application_submit(application=application, user=application.applicant)
    response = staff_client.get(change_url(application))
    assert response.status_code == 200
    content = page(response)
    assert criterion.title in content
    assert f"Engagement : {criterion.title}." in content
    assert "La structure s&#x27;engage." in content or "La structure s'engage." in content
    assert "charte-gratuite.pdf" in content
    assert 'name="answers-0-assessment"' not in content  # submitted, not yet under review: read-only
    assert "Dossier complet" in content
    assert "Point relais Cap Avenir" in content and "Accueil et information" in content
    assert "Mo-Fr 09:00-12:00,14:00-17:00; PH off" in content
    assert "statuts.pdf" in content and "rapport.pdf" in content
    assert "Brouillon → Déposée" in content  # the history
    assert 'name="_save"' not in content


def test_change_page_lists_what_is_missing(staff_client):
    application = draft(name="Association incomplète")
    content = page(staff_client.get(change_url(application)))
    assert "Dossier complet" not in content
    assert "Un SIRET valide" in content
    assert "Au moins un lieu proposé" in content


def test_change_page_keeps_the_applicants_content_read_only(staff_client, instructor):
    application = under_review(instructor)
    form = staff_client.get(change_url(application)).context["adminform"].form
    assert list(form.fields) == []


def test_assessments_are_saved_during_review(staff_client, instructor):
    application = under_review(instructor)
    answers = list(application.answers.order_by("criterion__position", "criterion__pk"))
    data = {
        "answers-TOTAL_FORMS": str(len(answers)),
        "answers-INITIAL_FORMS": str(len(answers)),
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
        "_save": "Enregistrer",
    }
    for index, answer in enumerate(answers):
        data[f"answers-{index}-id"] = str(answer.pk)
        data[f"answers-{index}-application"] = str(application.pk)
        data[f"answers-{index}-assessment"] = Assessment.MET
        data[f"answers-{index}-assessment_note"] = ""
    data["answers-0-assessment"] = Assessment.INCOMPLETE
    data["answers-0-assessment_note"] = "Le tarif des ateliers n'est pas précisé."
    data["answers-0-commitment"] = ""  # the applicant's fields cannot be changed here
    response = staff_client.post(change_url(application), data)
    assert response.status_code == 302
    first = answers[0]
    first.refresh_from_db()
    assert (first.assessment, first.assessment_note, first.commitment) == (
        Assessment.INCOMPLETE,
        "Le tarif des ateliers n'est pas précisé.",
        True,
    )
    assert application.answers.filter(assessment=Assessment.MET).count() == len(answers) - 1
    assert status_of(application) == ApplicationStatus.UNDER_REVIEW


def test_assessments_cannot_be_posted_once_decided(staff_client, instructor, centre_in_tarn):
    application = with_opinion(instructor)
    services.application_reject(application=application, user=instructor, reason="Hors champ.")
    answer = application.answers.first()
    data = {
        "answers-TOTAL_FORMS": "1",
        "answers-INITIAL_FORMS": "1",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-id": str(answer.pk),
        "answers-0-application": str(application.pk),
        "answers-0-assessment": Assessment.NOT_MET,
    }
    staff_client.post(change_url(application), data)
    answer.refresh_from_db()
    assert answer.assessment == ""


def test_transition_buttons_are_those_open_to_the_officer_now(staff_client, instructor):
    application = submitted()
    content = page(staff_client.get(change_url(application)))
    assert transition_url(application, "assign") in content
    assert transition_url(application, "approve") not in content
    services.application_assign(application=application, user=instructor)
    content = page(staff_client.get(change_url(application)))
    assert transition_url(application, "assign") not in content
    assert transition_url(application, "request_complements") in content
    assert transition_url(application, "record_opinion") in content
    assert transition_url(application, "reject") not in content


# --- transitions -----------------------------------------------------------------------------------


def test_assign_puts_the_application_under_review_records_it_and_emails_the_applicant(
    staff_client, instructor
):
    application = submitted()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(transition_url(application, "assign"))
    assert response.status_code == 302 and response["Location"] == change_url(application)
    application.refresh_from_db()
    assert (application.status, application.instructor) == (ApplicationStatus.UNDER_REVIEW, instructor)
    step = application.history.last()
    assert (step.actor, step.from_status, step.to_status) == (
        instructor,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
    )
    assert len(mail.outbox) == 1 and "En instruction" in mail.outbox[0].subject
    assert "Vous instruisez désormais cette candidature." in notices(
        staff_client.get(change_url(application))
    )


def test_get_on_a_transition_shows_its_form_and_changes_nothing(staff_client, instructor):
    application = under_review(instructor)
    response = staff_client.get(transition_url(application, "request_complements"))
    assert response.status_code == 200
    assert 'name="message"' in page(response) and "csrfmiddlewaretoken" in page(response)
    assert status_of(application) == ApplicationStatus.UNDER_REVIEW
    assert staff_client.get(transition_url(application, "approve")).status_code == 302  # not open now


def test_transitions_are_csrf_protected(staff_user):
    application = submitted()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert client.post(transition_url(application, "assign")).status_code == 403
    assert status_of(application) == ApplicationStatus.SUBMITTED


def test_request_complements_requires_a_message(staff_client, instructor):
    application = under_review(instructor)
    response = staff_client.post(transition_url(application, "request_complements"), {"message": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert status_of(application) == ApplicationStatus.UNDER_REVIEW


def test_request_complements_sends_the_message_to_the_applicant(staff_client, instructor):
    application = under_review(instructor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(
            transition_url(application, "request_complements"), {"message": "Précisez les horaires."}
        )
    assert response.status_code == 302
    assert status_of(application) == ApplicationStatus.COMPLEMENTS_REQUESTED
    assert application.history.last().comment == "Précisez les horaires."
    assert "Précisez les horaires." in mail.outbox[-1].body


def test_record_opinion_stores_the_crefop_opinion_and_its_date(staff_client, instructor):
    application = under_review(instructor)
    today = timezone.localdate()
    response = staff_client.post(
        transition_url(application, "record_opinion"),
        {"opinion": "reserve", "opinion_date": today.isoformat(), "comment": "Réserve sur les horaires."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.opinion, application.opinion_date) == (
        ApplicationStatus.OPINION_RECORDED,
        "reserve",
        today,
    )
    assert "Réserve sur les horaires." in application.history.last().comment


def test_record_opinion_in_the_future_is_refused_with_the_services_message(staff_client, instructor):
    application = under_review(instructor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = staff_client.post(
        transition_url(application, "record_opinion"),
        {"opinion": "favorable", "opinion_date": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert "ne peut pas être dans le futur" in " ".join(notices(response))
    assert status_of(application) == ApplicationStatus.UNDER_REVIEW


def test_approve_grants_the_label_and_publishes_the_site(staff_client, instructor, centre_in_tarn):
    application = with_opinion(instructor)
    assert "Point relais Cap Avenir" in page(staff_client.get(transition_url(application, "approve")))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(transition_url(application, "approve"), {"comment": "Bienvenue."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.label.member == application.member
    site = Site.objects.get(member=application.member)
    assert site.published and site.parent == centre_in_tarn
    assert "Bienvenue." in application.history.last().comment
    assert "Label valable jusqu'au" in mail.outbox[-1].body


def test_approval_where_no_centre_can_take_the_relay_point_is_refused_and_rolled_back(
    staff_client, instructor
):
    application = with_opinion(instructor)
    response = staff_client.post(transition_url(application, "approve"), {"comment": ""})
    assert response.status_code == 200
    assert "n'a pas de centre associé" in " ".join(notices(response))
    assert status_of(application) == ApplicationStatus.OPINION_RECORDED
    assert not Label.objects.exists()
    assert not Site.objects.filter(name="Point relais Cap Avenir").exists()


def test_reject_requires_a_reason(staff_client, instructor):
    application = with_opinion(instructor)
    response = staff_client.post(transition_url(application, "reject"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert status_of(application) == ApplicationStatus.OPINION_RECORDED


def test_reject_with_a_reason_records_it(staff_client, instructor):
    application = with_opinion(instructor)
    response = staff_client.post(transition_url(application, "reject"), {"reason": "Public non couvert."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        ApplicationStatus.REJECTED,
        "Public non couvert.",
    )
    assert application.decided_at is not None


def test_forged_approval_of_a_draft_is_refused_and_changes_nothing(staff_client, instructor):
    application = complete_draft()
    LabellingApplication.objects.filter(pk=application.pk).update(instructor=instructor)  # even so
    response = staff_client.post(transition_url(application, "approve"), {"comment": ""})
    assert response.status_code == 200
    assert "approuver une candidature « Brouillon »" in " ".join(notices(response))
    assert status_of(application) == ApplicationStatus.DRAFT
    assert not Label.objects.exists()
    assert application.history.count() == 1


def test_an_officer_cannot_approve_their_own_application(client, centre_in_tarn):
    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name="Région — instruction"))
    application = with_opinion(UserFactory(is_staff=True, is_superuser=True))
    LabellingApplication.objects.filter(pk=application.pk).update(applicant=officer, instructor=officer)
    client.force_login(officer)
    assert transition_url(application, "approve") not in page(client.get(change_url(application)))
    response = client.post(transition_url(application, "approve"), {"comment": ""})
    assert "votre propre candidature" in " ".join(notices(response))
    assert status_of(application) == ApplicationStatus.OPINION_RECORDED
    assert not Label.objects.exists()


def test_deciding_without_an_instructor_is_refused(staff_client):
    application = submitted()
    LabellingApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.OPINION_RECORDED)
    response = staff_client.post(transition_url(application, "reject"), {"reason": "Hors champ."})
    assert "Aucun instructeur" in " ".join(notices(response))
    assert status_of(application) == ApplicationStatus.OPINION_RECORDED
    assert not StatusChange.objects.filter(application=application, to_status=ApplicationStatus.REJECTED)


# --- documents -------------------------------------------------------------------------------------


def test_staff_download_an_attachment_under_its_original_name(staff_client):
    application = submitted()
    attachment = application.attachments.get(kind=AttachmentKind.STATUTES)
    url = reverse("admin:labelling_labellingapplication_attachment", args=[application.pk, attachment.pk])
    assert url in page(staff_client.get(change_url(application)))
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def attachment_download_url(application):
    attachment = application.attachments.first()
    return reverse("admin:labelling_labellingapplication_attachment", args=[application.pk, attachment.pk])


def test_attachments_are_refused_to_non_staff(pro_client):
    response = pro_client.get(attachment_download_url(submitted()))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_attachments_are_refused_to_staff_without_labelling_permission(staff_without_labelling):
    assert staff_without_labelling.get(attachment_download_url(submitted())).status_code == 403


# --- export of decisions ---------------------------------------------------------------------------


def export(client, file_format="0", **filters):
    data = {"format": file_format, "resource": "0"}
    data.update({f"decisionresource_{column}": "on" for column in DECISION_COLUMNS})
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return client.post(f"{EXPORT}?{query}" if query else EXPORT, data)


@pytest.fixture
def decisions(instructor, centre_in_tarn):
    approved = with_opinion(instructor, name="Association Cap Avenir")
    services.application_approve(application=approved, user=instructor)
    rejected = with_opinion(instructor, name="Mission Hors Champ", commune_code="31555")
    services.application_reject(application=rejected, user=instructor, reason="Public non couvert.")
    under_review(instructor, name="Toujours en instruction")
    approved.refresh_from_db()
    return approved, rejected


def test_csv_export_contains_the_decided_rows(staff_client, decisions, instructor):
    approved, _rejected = decisions
    response = export(staff_client)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="decisions-labellisation-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(DECISION_COLUMNS)
    assert len(lines) == 3
    today = timezone.localdate().isoformat()
    label = approved.label
    name = instructor.get_full_name()
    assert (
        f"Association Cap Avenir;73282932000074;81;Albi;Approuvée;{today};Favorable;{today};{today};{name};"
        f"{label.valid_from.isoformat()};{label.valid_until.isoformat()};"
    ) in lines
    assert any(line.startswith("Mission Hors Champ;") and "Public non couvert." in line for line in lines)
    assert "Toujours en instruction" not in response.content.decode("utf-8-sig")


def test_export_follows_the_queues_filters(staff_client, decisions):
    response = export(staff_client, departement="31")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["Mission Hors Champ"]


def test_xlsx_export_is_offered_and_gives_a_valid_workbook(staff_client, decisions):
    response = staff_client.get(EXPORT)
    assert "Le fichier contiendra les décisions" in page(response)
    form = response.context["form"]
    assert [label for _value, label in form.fields["format"].choices][1:] == ["csv", "xlsx"]
    response = export(staff_client, file_format="1")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == DECISION_COLUMNS
    assert {row[0] for row in rows[1:]} == {"Association Cap Avenir", "Mission Hors Champ"}


# --- labels ----------------------------------------------------------------------------------------


def test_label_list_links_to_the_application_that_obtained_it(staff_client, decisions):
    approved, _rejected = decisions
    response = staff_client.get(reverse("admin:labelling_label_changelist"))
    assert response.status_code == 200
    assert change_url(approved) in page(response)
