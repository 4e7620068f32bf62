"""`manage.py labels_expiring`: reminders 90 and 30 days before a label ends, unpublication at its end."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from labelling import services
from labelling.models import Label
from structures.models import Site
from tests.factories import MemberFactory, ProfessionalFactory, SiteFactory, commune

from .factories import with_opinion


@pytest.fixture
def approved(staff_user):
    """An approved application: its label and the relay point it published in Albi."""
    SiteFactory(associated_centre=True, commune=commune("81004"))
    application = with_opinion(staff_user)
    services.application_approve(application=application, user=staff_user)
    application.refresh_from_db()
    return application


def run(day, *options) -> str:
    out = StringIO()
    call_command("labels_expiring", "--date", day.isoformat(), *options, stdout=out)
    return out.getvalue()


def test_reminders_go_90_then_30_days_before_the_end_once_each(approved):
    label = approved.label
    run(label.valid_until - timedelta(days=91))
    assert mail.outbox == []
    run(label.valid_until - timedelta(days=90))
    run(label.valid_until - timedelta(days=89))
    assert len(mail.outbox) == 1
    assert "prend fin le" in mail.outbox[0].subject
    assert "/labellisation/candidater/" in mail.outbox[0].body
    assert approved.applicant.email in mail.outbox[0].to
    run(label.valid_until - timedelta(days=30))
    run(label.valid_until - timedelta(days=12))
    assert len(mail.outbox) == 2
    assert "(jours) : 30" in mail.outbox[1].body


def test_a_missed_day_still_sends_one_reminder_only(approved):
    label = approved.label
    output = run(label.valid_until - timedelta(days=20))
    assert "Rappel à 30 jours" in output
    assert len(mail.outbox) == 1
    label.refresh_from_db()
    assert label.reminded_90_on and label.reminded_30_on


def test_referents_of_the_member_are_reminded_too(approved):
    referent = ProfessionalFactory(referent=True, member=approved.member)
    run(approved.label.valid_until - timedelta(days=30))
    assert referent.user.email in mail.outbox[0].to


def test_at_the_end_the_places_the_label_brought_are_unpublished(approved):
    label = approved.label
    site = approved.sites.get().site
    own = SiteFactory(member=approved.member, name="Lieu ajouté par la Région")
    output = run(label.valid_until + timedelta(days=1))
    site.refresh_from_db()
    own.refresh_from_db()
    assert (site.published, own.published) == (False, True)
    assert "Label échu" in output and site.name in output
    assert "a pris fin" in mail.outbox[-1].subject
    run(label.valid_until + timedelta(days=2))
    assert sum("a pris fin" in message.subject for message in mail.outbox) == 1


def test_a_renewed_label_is_neither_reminded_nor_unpublished(approved):
    label = approved.label
    Label.objects.create(
        member=label.member,
        valid_from=label.valid_until + timedelta(days=1),
        valid_until=label.valid_until + timedelta(days=1096),
    )
    run(label.valid_until - timedelta(days=30))
    run(label.valid_until + timedelta(days=1))
    assert mail.outbox == []
    assert Site.objects.get(pk=approved.sites.get().site_id).published


def test_dry_run_sends_and_changes_nothing(approved):
    label = approved.label
    output = run(label.valid_until + timedelta(days=1), "--dry-run")
    assert "seraient dépubliés" in output and "(simulation)" in output
    assert mail.outbox == []
    label.refresh_from_db()
    assert label.expired_on is None
    assert Site.objects.get(pk=approved.sites.get().site_id).published


def test_a_label_granted_in_the_admin_without_application_reminds_its_referents():
    member = MemberFactory()
    referent = ProfessionalFactory(referent=True, member=member)
    today = timezone.localdate()
    Label.objects.create(
        member=member, valid_from=today - timedelta(days=1000), valid_until=today + timedelta(days=60)
    )
    run(today)
    assert mail.outbox[0].to == [referent.user.email]


def test_an_invalid_date_is_refused():
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("labels_expiring", "--date", "31/12/2026")


def test_renewal_starts_a_draft_prefilled_from_the_approved_application(approved):
    renewal = services.application_start(user=approved.applicant, renewal_of=approved.label)
    assert renewal.pk != approved.pk and renewal.renewal_of == approved.label
    assert (renewal.name, renewal.siret, renewal.member) == (approved.name, approved.siret, approved.member)
    proposed = renewal.sites.get()
    assert proposed.site == approved.sites.get().site
    assert renewal.answers.filter(commitment=True).count() == approved.answers.count()


def test_someone_else_cannot_renew_a_label(approved):
    other = ProfessionalFactory(referent=True)
    with pytest.raises(services.LabellingError, match="référents"):
        services.application_start(user=other.user, renewal_of=approved.label)
