"""How long the portal keeps personal data other than the online questions' (see
`selectors.questions.questions_past_retention`), and what is past that: read by `purge_personal_data`."""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import Invitation

# An invitation (e-mail address and name of the person invited) is kept 30 days after it was accepted or
# expired: the team page and the link's explanation (used, expired) need it meanwhile.
INVITATION_RETENTION = timedelta(days=30)
# django-axes: failed logins (address typed, IP address, browser) 30 days; the log of successful logins
# (account, IP address, browser) 6 months, the CNIL's recommended minimum for connection logs.
LOGIN_FAILURE_RETENTION = timedelta(days=30)
LOGIN_LOG_RETENTION = timedelta(days=180)
# A professional's account (name, e-mail, profile, registrations) is kept while they belong to the network,
# then a year after the account was deactivated (the privacy page); Region staff's accounts are not touched.
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
    """Professionals' user accounts deactivated more than ACCOUNT_RETENTION ago (and still inactive)."""
    return get_user_model().objects.filter(
        is_active=False,
        is_staff=False,
        is_superuser=False,
        professional__deactivated_at__lt=now - ACCOUNT_RETENTION,
    )
