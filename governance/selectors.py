"""Reads of the governance: the committees' meetings, the alerts of the staff dashboard, the yearly overview.

The charter (section 4): the regional steering committee meets at least once a year; each departmental
follow-up committee meets at least once a year *before* the regional one, to review the actions and
propose new ones to it.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from structures.models import Department

from .enums import CommitteeScope
from .models import Committee, Meeting


def year_before(day: datetime.date) -> datetime.date:
    """The same day twelve months earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def with_meeting_dates(committees: QuerySet, *, today: datetime.date) -> QuerySet:
    """Annotate `last_meeting` (the latest meeting held, on or before `today`, or None) and `next_meeting`
    (the first one planned after `today`, or None), in the same query."""
    return committees.annotate(
        last_meeting=Max("meetings__date", filter=Q(meetings__date__lte=today)),
        next_meeting=Min("meetings__date", filter=Q(meetings__date__gt=today)),
    )


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# --- Alerts of the staff dashboard ------------------------------------------------------------------


class AlertKind(StrEnum):
    NO_RECENT_MEETING = "sans-reunion"  # no meeting in the last 12 months (or never)
    REGIONAL_BEFORE_DEPARTMENTAL = "regional-avant-departemental"
    MISSING_DEPARTMENTAL_COMMITTEE = "departement-sans-comite"
    MISSING_REGIONAL_COMMITTEE = "sans-comite-regional"


@dataclass(frozen=True)
class CommitteeAlert:
    kind: AlertKind
    committee: Committee | None  # None: the committee is missing
    message: str  # in French, for the dashboard
    url: str  # the admin's change page of the committee, or its add page (pre-filled) when missing
    link_text: str  # what the link says (distinct for each alert: accessible out of context)


def _change_url(committee: Committee) -> str:
    return reverse("admin:governance_committee_change", args=[committee.pk])


def _add_url(**initial) -> str:
    return f"{reverse('admin:governance_committee_add')}?{urlencode(initial)}"


def committee_alerts(today: datetime.date | None = None) -> list[CommitteeAlert]:
    """What a Region officer must see about the committees, on `today` (default: today, Europe/Paris).

    - No regional steering committee is recorded.
    - A committee has held no meeting in the last 12 months (from the same day a year ago to today), or
      never; meetings planned after today do not count.
    - The current cycle, "the departmental committees before the regional one": the cycle ends with the
      regional committee's latest meeting held in the last 12 months (none: no cycle, the alert above
      says so); every departmental committee must have met in the 12 months before that meeting (from
      the same day a year earlier, included, to the day before it). The alert names the départements
      whose committee had not. A rolling 12 months rather than the calendar year: a regional meeting in
      January prepared by departmental meetings of the previous autumn is in order, and a departmental
      meeting held after the regional one does not count for it.
    - A served département (settings.PORTAL_DEPARTMENTS) has no departmental committee.

    Three queries at most, whatever the number of committees and meetings.
    """
    today = today or timezone.localdate()
    cutoff = year_before(today)
    committees = list(with_meeting_dates(Committee.objects.select_related("department"), today=today))
    regional = next((c for c in committees if c.scope == CommitteeScope.REGIONAL), None)
    departmental = [c for c in committees if c.scope == CommitteeScope.DEPARTMENTAL]
    alerts = []
    if regional is None:
        alerts.append(
            CommitteeAlert(
                kind=AlertKind.MISSING_REGIONAL_COMMITTEE,
                committee=None,
                message=_("Aucun comité régional de pilotage n'est enregistré."),
                url=_add_url(scope=CommitteeScope.REGIONAL),
                link_text=_("Créer le comité régional de pilotage"),
            )
        )
    for committee in ([regional] if regional else []) + departmental:
        if committee.last_meeting is not None and committee.last_meeting >= cutoff:
            continue
        if committee.last_meeting is None:
            message = _("« %(name)s » ne s'est jamais réuni.") % {"name": committee.name}
        else:
            message = _("« %(name)s » ne s'est pas réuni depuis le %(date)s, il y a plus de 12 mois.") % {
                "name": committee.name,
                "date": _day(committee.last_meeting),
            }
        if committee.next_meeting is not None:
            message += " " + _("Prochaine réunion prévue le %(date)s.") % {
                "date": _day(committee.next_meeting)
            }
        alerts.append(
            CommitteeAlert(
                kind=AlertKind.NO_RECENT_MEETING,
                committee=committee,
                message=message,
                url=_change_url(committee),
                link_text=_("Ouvrir « %(name)s »") % {"name": committee.name},
            )
        )
    if (
        regional is not None
        and regional.last_meeting is not None
        and regional.last_meeting >= cutoff
        and departmental
    ):
        held = regional.last_meeting
        prepared = set(
            Meeting.objects.filter(
                committee__scope=CommitteeScope.DEPARTMENTAL, date__gte=year_before(held), date__lt=held
            )
            .values_list("committee_id", flat=True)
            .distinct()
        )
        late = [c for c in departmental if c.pk not in prepared]
        if late:
            alerts.append(
                CommitteeAlert(
                    kind=AlertKind.REGIONAL_BEFORE_DEPARTMENTAL,
                    committee=regional,
                    message=_(
                        "Le comité régional de pilotage s'est réuni le %(date)s sans que le comité de suivi "
                        "de ces départements se soit réuni dans les 12 mois précédents : %(departments)s."
                    )
                    % {
                        "date": _day(held),
                        "departments": ", ".join(str(c.department) for c in late),
                    },
                    url=_change_url(regional),
                    link_text=_("Ouvrir les réunions de « %(name)s »") % {"name": regional.name},
                )
            )
    covered = {c.department_id for c in departmental}
    missing = [code for code in settings.PORTAL_DEPARTMENTS if code not in covered]
    if missing:
        for department in Department.objects.filter(code__in=missing).order_by("code"):
            alerts.append(
                CommitteeAlert(
                    kind=AlertKind.MISSING_DEPARTMENTAL_COMMITTEE,
                    committee=None,
                    message=_("%(department)s n'a pas de comité départemental de suivi.")
                    % {"department": department},
                    url=_add_url(scope=CommitteeScope.DEPARTMENTAL, department=department.code),
                    link_text=_("Créer le comité de suivi de %(department)s") % {"department": department},
                )
            )
    return alerts


# --- The yearly overview (indicators, annual report) ------------------------------------------------


@dataclass(frozen=True)
class CommitteeRow:
    committee: Committee
    meetings: list[Meeting]  # the meetings dated in the year, planned ones included, by date
    last_meeting: datetime.date | None  # the latest meeting held by the end of the year (or today)
    met_this_year: bool  # a meeting of the year was held (on or before today)


def committee_overview(*, year: int, today: datetime.date | None = None) -> list[CommitteeRow]:
    """Every committee (the regional one first, then by département) with its meetings of `year` and its
    last meeting held by the end of `year` (by `today` for the current year). Two queries."""
    today = today or timezone.localdate()
    end = min(today, datetime.date(year, 12, 31))
    committees = (
        Committee.objects.select_related("department")
        .order_by("-scope", "department", "name")  # "regional" > "departemental": the regional one first
        .annotate(last_meeting=Max("meetings__date", filter=Q(meetings__date__lte=end)))
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(date__year=year)
                .select_related("minutes")
                .order_by("date", "pk"),
                to_attr="year_meetings",
            )
        )
    )
    return [
        CommitteeRow(
            committee=committee,
            meetings=committee.year_meetings,
            last_meeting=committee.last_meeting,
            met_this_year=any(meeting.date <= today for meeting in committee.year_meetings),
        )
        for committee in committees
    ]
