"""How long the labelling applications keep their personal data (the privacy page: "la durée du label plus
deux ans"), and what is past it: read and applied by `purge_personal_data`.

Two years after its label ends (or after it was refused, withdrawn, or approved without a label in force),
an application loses its contact person (name, e-mail, phone) and its documents; the organisation's facts,
answers, decision and history stay for the network's records. A draft untouched for two years, by an
applicant who has not logged in since, is deleted. An account without professional profile (an
organisation that applied) is deleted once it has not logged in for two years and has no application
still within its period.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .enums import FINAL, ApplicationStatus
from .models import LabellingApplication
from .services import attachment_files_delete_unused

APPLICATION_RETENTION = timedelta(days=730)

_HOLDS_PERSONAL_DATA = (
    ~Q(contact_name="") | ~Q(contact_email="") | ~Q(contact_phone="") | Q(attachments__isnull=False)
)


def _ended(now: datetime) -> Q:
    """Final applications whose period is over: their label ended two years ago, or, without a label,
    their last change of state is two years old."""
    limit = now - APPLICATION_RETENTION
    final = Q(status__in=sorted(status.value for status in FINAL))
    label_ended = Q(label__valid_until__lt=timezone.localdate(limit))
    return final & (label_ended | Q(label__isnull=True, status_changed_at__lt=limit))


def applications_past_retention(*, now: datetime) -> QuerySet:
    """Final applications past their period that still hold a contact person or documents."""
    holding = LabellingApplication.objects.filter(_HOLDS_PERSONAL_DATA).values("pk")
    return LabellingApplication.objects.filter(_ended(now), pk__in=holding)


def drafts_past_retention(*, now: datetime) -> QuerySet:
    """Drafts untouched for two years whose applicant has not logged in for two years either."""
    limit = now - APPLICATION_RETENTION
    return LabellingApplication.objects.filter(status=ApplicationStatus.DRAFT, updated_at__lt=limit).exclude(
        applicant__last_login__gte=limit
    )


def applicant_accounts_past_retention(*, now: datetime) -> QuerySet:
    """Accounts of organisations (no professional profile, not Region staff) idle for two years whose
    applications are all past their period (or that have none)."""
    limit = now - APPLICATION_RETENTION
    abandoned = Q(status=ApplicationStatus.DRAFT, updated_at__lt=limit)  # the applicant is idle too
    kept = LabellingApplication.objects.filter(applicant=OuterRef("pk")).exclude(_ended(now) | abandoned)
    return (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False, professional__isnull=True)
        .filter(Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit))
        .exclude(Exists(kept))
    )


def application_personal_data_erase(application: LabellingApplication) -> bool:
    """Erase the contact person and the documents of a final application past its period (locked, in its
    own transaction); False if it holds none any more. A file that a later renewal copied is kept."""
    with transaction.atomic():
        application = LabellingApplication.objects.select_for_update().get(pk=application.pk)
        names = list(application.attachments.values_list("file", flat=True))
        if not (names or application.contact_name or application.contact_email or application.contact_phone):
            return False
        application.contact_name = application.contact_email = application.contact_phone = ""
        application.save(update_fields=["contact_name", "contact_email", "contact_phone", "updated_at"])
        application.attachments.all().delete()
        attachment_files_delete_unused(names)
    return True


def draft_delete(application: LabellingApplication) -> None:
    with transaction.atomic():
        names = list(application.attachments.values_list("file", flat=True))
        application.delete()
        attachment_files_delete_unused(names)
