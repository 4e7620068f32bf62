"""How long the portal keeps personal data other than the online questions' (see
`selectors.questions.questions_past_retention`), and what is past that: read by `purge_personal_data`."""

from datetime import date, datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Invitation

# An invitation (e-mail address and name of the person invited) is kept 30 days after it was accepted or
# expired: the team page and the link's explanation (used, expired) need it meanwhile.
INVITATION_RETENTION = timedelta(days=30)
# django-axes: failed logins (address typed, IP address, browser) 30 days; the log of successful logins
# (account, IP address, browser) 6 months, the CNIL's recommended minimum for connection logs.
LOGIN_FAILURE_RETENTION = timedelta(days=30)
LOGIN_LOG_RETENTION = timedelta(days=180)
# A professional's account (name, e-mail, profile, registrations) is kept while they belong to the network,
# then a year after the account was deactivated or their member left the network (the privacy page);
# Region staff's accounts are not touched.
ACCOUNT_RETENTION = timedelta(days=365)


def invitations_past_retention(*, now: datetime) -> QuerySet:
    limit = now - INVITATION_RETENTION
    return Invitation.objects.filter(
        Q(accepted_at__lt=limit) | Q(accepted_at__isnull=True, expires_at__lt=limit)
    )


def login_records_past_retention(*, now: datetime) -> list[QuerySet]:
    return [
        AccessAttempt.objects.filter(attempt_time__lt=now - LOGIN_FAILURE_RETENTION),
        AccessFailureLog.objects.filter(attempt_time__lt=now - LOGIN_FAILURE_RETENTION),
        AccessLog.objects.filter(attempt_time__lt=now - LOGIN_LOG_RETENTION),
    ]


def accounts_past_retention(*, now: datetime) -> QuerySet:
    """Professionals' user accounts deactivated more than ACCOUNT_RETENTION ago (and still inactive), or
    whose member left the network that long ago (and has not come back)."""
    limit = now - ACCOUNT_RETENTION
    return get_user_model().objects.filter(
        Q(is_active=False, professional__deactivated_at__lt=limit)
        | Q(professional__member__active=False, professional__member__deactivated_at__lt=limit),
        is_staff=False,
        is_superuser=False,
    )


def account_deletion_date(professional) -> date | None:
    """The day `purge_personal_data` deletes this professional's account (None: not planned)."""
    starts = []
    if not professional.user.is_active and professional.deactivated_at:
        starts.append(professional.deactivated_at)
    if not professional.member.active and professional.member.deactivated_at:
        starts.append(professional.member.deactivated_at)
    return timezone.localdate(min(starts) + ACCOUNT_RETENTION) if starts else None
