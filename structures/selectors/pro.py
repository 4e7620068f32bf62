"""Reads of the reserved space about members, their places and their teams."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ..models import Invitation, Member, Professional, Site

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
