"""Labelling applications keep their contact person and documents for the label's duration plus two years
(the privacy page); `purge_personal_data` erases them after, deletes abandoned drafts and idle accounts of
organisations that applied."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from labelling import services
from labelling.models import Attachment, Label, LabellingApplication
from tests.factories import ProfessionalFactory, SiteFactory, UserFactory, commune
from tests.labelling.factories import draft, with_opinion

User = get_user_model()
NOW = timezone.now()


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def rejected(instructor, *, days_ago: int) -> LabellingApplication:
    application = with_opinion(instructor)
    services.application_reject(application=application, user=instructor, reason="Critères non remplis.")
    LabellingApplication.objects.filter(pk=application.pk).update(
        status_changed_at=NOW - timedelta(days=days_ago)
    )
    return LabellingApplication.objects.get(pk=application.pk)


def approved(instructor, *, label_ended_days_ago: int) -> LabellingApplication:
    SiteFactory(associated_centre=True, commune=commune("81004"))
    application = with_opinion(instructor)
    services.application_approve(application=application, user=instructor)
    application.refresh_from_db()
    end = timezone.localdate() - timedelta(days=label_ended_days_ago)
    label = Label.objects.filter(pk=application.label_id)
    label.update(valid_from=end - timedelta(days=1095), valid_until=end)
    return application


def stored(application) -> list[str]:
    return list(application.attachments.values_list("file", flat=True))


def test_two_years_after_a_refusal_the_contact_and_documents_are_erased(
    staff_user, django_capture_on_commit_callbacks
):
    old, recent = rejected(staff_user, days_ago=731), rejected(staff_user, days_ago=700)
    files = stored(old)
    storage = Attachment._meta.get_field("file").storage
    assert files and all(storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        output = purge()

    assert "Labellisation : 1 candidature(s) sans contact ni documents" in output
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert not old.attachments.exists()
    assert not any(storage.exists(name) for name in files)
    assert old.name == "Association Cap Avenir" and old.decision_reason == "Critères non remplis."
    assert old.history.exists()  # the record of the review stays
    recent.refresh_from_db()
    assert recent.contact_email == "claire.martin@cap-avenir.invalid" and recent.attachments.count() == 2
    assert "Labellisation : 0 candidature(s)" in purge()  # nothing left to erase


def test_an_approved_application_is_kept_until_two_years_after_its_label_ends(staff_user):
    in_force = approved(staff_user, label_ended_days_ago=-30)  # the label ends in 30 days
    ended = approved(staff_user, label_ended_days_ago=800)

    purge()

    in_force.refresh_from_db()
    ended.refresh_from_db()
    assert in_force.contact_email and in_force.attachments.exists()
    assert not ended.contact_email and not ended.attachments.exists()
    assert ended.label is not None  # the label itself stays


def test_a_file_a_later_application_still_uses_is_kept(staff_user, django_capture_on_commit_callbacks):
    old = rejected(staff_user, days_ago=800)
    kept = old.attachments.first()
    later = draft()
    Attachment.objects.create(
        application=later,
        kind=kept.kind,
        file=kept.file.name,
        original_name=kept.original_name,
        content_type=kept.content_type,
        size=kept.size,
    )  # fmt: skip  (as a renewal copies them)

    with django_capture_on_commit_callbacks(execute=True):
        purge()

    assert kept.file.storage.exists(kept.file.name)
    assert not old.attachments.exists()


def test_abandoned_drafts_and_idle_applicant_accounts_are_deleted(staff_user):
    idle = UserFactory(last_login=NOW - timedelta(days=800))
    abandoned = draft(idle, contact_name="Paul Durand")
    LabellingApplication.objects.filter(pk=abandoned.pk).update(updated_at=NOW - timedelta(days=800))
    refused_then_idle = rejected(staff_user, days_ago=800).applicant
    User.objects.filter(pk=refused_then_idle.pk).update(last_login=NOW - timedelta(days=800))
    recent_draft = draft(UserFactory(last_login=NOW - timedelta(days=800)))
    waiting = with_opinion(staff_user).applicant  # its application is under review: kept
    User.objects.filter(pk=waiting.pk).update(last_login=NOW - timedelta(days=800))
    professional = ProfessionalFactory(user__last_login=NOW - timedelta(days=800)).user
    staff = UserFactory(is_staff=True, last_login=NOW - timedelta(days=800))

    dry = purge("--dry-run")
    assert "1 brouillon(s) et 2 compte(s) de structure candidate à supprimer" in dry
    assert LabellingApplication.objects.filter(pk=abandoned.pk).exists()

    output = purge()

    assert "1 brouillon(s) abandonné(s) et 2 compte(s) de structure candidate inactif(s) supprimés" in output
    assert not LabellingApplication.objects.filter(pk=abandoned.pk).exists()
    assert not User.objects.filter(pk__in=[idle.pk, refused_then_idle.pk]).exists()
    assert LabellingApplication.objects.filter(pk=recent_draft.pk).exists()
    remaining = set(User.objects.values_list("pk", flat=True))
    assert {recent_draft.applicant_id, waiting.pk, professional.pk, staff.pk, staff_user.pk} <= remaining
