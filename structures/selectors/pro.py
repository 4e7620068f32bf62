"""Reads of the reserved space about members, their places and their teams."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import hours
from ..enums import AccessibilityFeature, labels
from ..models import Invitation, Member, Professional, Site, SiteChange
from ..rendering import WEEKDAY_NAMES

STALE_AFTER = timedelta(days=183)  # six months: a place's data should be checked at least that often


@dataclass(frozen=True)
class SiteFreshness:
    site: Site
    updated_at: datetime
    stale: bool


def sites_of(professional: Professional) -> list[Site]:
    """The places a professional looks after: their member's, or the few they are limited to."""
    sites = Site.objects.filter(member=professional.member).select_related("commune")
    limited = list(professional.sites.values_list("pk", flat=True))
    if limited:
        sites = sites.filter(pk__in=limited)
    return list(sites.order_by("name"))


def sites_freshness(sites: list[Site]) -> list[SiteFreshness]:
    """Each place with its last update and whether it is older than STALE_AFTER."""
    limit = timezone.now() - STALE_AFTER
    return [SiteFreshness(site, site.updated_at, site.updated_at < limit) for site in sites]


def team_of(member: Member) -> tuple[list[Professional], list[Invitation]]:
    """A member's professionals and its pending invitations."""
    team = list(Professional.objects.filter(member=member).select_related("user").prefetch_related("sites"))
    team.sort(key=lambda p: (p.user.last_name.lower(), p.user.first_name.lower()))
    return team, list(Invitation.objects.pending().filter(member=member).order_by("email"))


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    author: str
    fields: list[FieldChange]


# History keys that are not a field of the place (services.site_services_update).
_HISTORY_LABELS = {"services": _lazy("services et permanences")}


def _shown(name: str, value) -> str:
    if name == "services":
        return " ; ".join(value) or "—"
    if name == "accessibility":
        names = labels(AccessibilityFeature)
        return ", ".join(str(names.get(item, item)) for item in value) or "—"
    return str(value) if value not in (None, "") else "—"


def site_history(site: Site, *, limit: int = 20) -> list[HistoryEntry]:
    """The latest changes of a place, newest first: who, when, and each field before and after."""
    entries = []
    for change in SiteChange.objects.filter(site=site).select_related("user")[:limit]:
        fields = []
        for name, (before, after) in change.changes.items():
            label = str(_HISTORY_LABELS.get(name) or Site._meta.get_field(name).verbose_name)
            fields.append(
                FieldChange(label[:1].upper() + label[1:], _shown(name, before), _shown(name, after))
            )
        author = change.user.get_full_name() or change.user.email if change.user else _("compte supprimé")
        entries.append(HistoryEntry(change.changed_at, author, fields))
    return entries


def typical_week_rows(expression: str) -> list[tuple[str, str]]:
    """(day, its hours as "09:00–12:30, 13:30–17:00" or "fermé") for a usual week of `expression`."""
    rows = []
    for day, intervals in hours.typical_week(expression or ""):
        shown = ", ".join(f"{start}–{end}" for start, end in intervals) if intervals else _("fermé")
        rows.append((str(WEEKDAY_NAMES[day]).capitalize(), shown))
    return rows


DIRECTORY_LIMIT = 50  # rows per kind: a directory search is narrowed rather than paged


@dataclass(frozen=True)
class DirectoryResult:
    professionals: list[Professional]
    sites: list[Site]
    members: list[Member]
    more: dict  # kind → True when there were more than DIRECTORY_LIMIT


def directory_search(
    *, q: str = "", member: Member | None = None, department: str = "", zone: str = ""
) -> DirectoryResult:
    """Members, places and professionals of the network, by words (names, job titles), member,
    département and employment zone (a member or a professional is there when one of the member's
    places is). Three queries whatever the number of results."""
    professionals = Professional.objects.filter(user__is_active=True, member__active=True)
    sites = Site.objects.published()
    members = Member.objects.active()
    if member is not None:
        professionals = professionals.filter(member=member)
        sites = sites.filter(member=member)
        members = members.filter(pk=member.pk)
    for code, column in ((department, "department_code"), (zone, "zone_code")):
        if code:
            sites = sites.filter(**{column: code})
            located = Site.objects.filter(**{column: code}).values("member_id")
            professionals = professionals.filter(member_id__in=located)
            members = members.filter(pk__in=located)
    for word in q.split():
        professionals = professionals.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(member__name__icontains=word)
        )
        sites = sites.filter(Q(name__icontains=word) | Q(member__name__icontains=word))
        members = members.filter(Q(name__icontains=word) | Q(acronym__icontains=word))
    found = {
        "professionals": list(
            professionals.select_related("user", "member").order_by(
                "user__last_name", "user__first_name", "pk"
            )[: DIRECTORY_LIMIT + 1]
        ),
        "sites": list(
            sites.select_related("member", "commune").order_by("name", "pk")[: DIRECTORY_LIMIT + 1]
        ),
        "members": list(members.order_by("name", "pk")[: DIRECTORY_LIMIT + 1]),
    }
    more = {kind: len(rows) > DIRECTORY_LIMIT for kind, rows in found.items()}
    return DirectoryResult(**{kind: rows[:DIRECTORY_LIMIT] for kind, rows in found.items()}, more=more)
