"""Reads of the reserved space about events."""

from django.db.models import Q
from django.utils import timezone

from structures.models import Member

from ..enums import EventStatus
from ..models import Event


def member_upcoming_events(member: Member, *, limit: int = 10) -> list[Event]:
    """The events a member organises or co-organises that have not ended, drafts included, soonest
    first."""
    events = (
        Event.objects.filter(Q(organiser=member) | Q(co_organisers=member), end__gte=timezone.now())
        .distinct()
        .select_related("commune", "venue")
        .only(
            "pk", "slug", "title", "type", "start", "end", "status", "scope", "commune__name", "venue__name"
        )
        .order_by("start", "pk")
    )
    return list(events[:limit])


def events_awaiting_moderation(*, limit: int = 10) -> tuple[int, list[Event]]:
    """How many events wait for Region staff's moderation, and the first of them."""
    waiting = Event.objects.filter(status=EventStatus.SUBMITTED)
    first = list(waiting.select_related("organiser").order_by("start", "pk")[:limit])
    return waiting.count(), first


def member_events(member: Member, *, limit: int = 200) -> tuple[list[Event], list[Event]]:
    """The events a member organises, all statuses: those not ended (soonest first) and the past ones
    (latest first)."""
    events = Event.objects.filter(organiser=member).select_related("commune", "venue")
    now = timezone.now()
    coming = list(events.filter(end__gte=now).order_by("start", "pk")[:limit])
    past = list(events.filter(end__lt=now).order_by("-start", "-pk")[:limit])
    return coming, past
