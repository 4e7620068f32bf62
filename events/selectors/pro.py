"""Reads of the reserved space about events."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from structures.models import Member, Professional

from ..enums import AudienceScope, EventStatus, RegistrationStatus
from ..models import Event, Registration
from .agenda import TZ


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


PROGRAMMING_LIMIT = 500  # events a month view shows; beyond, narrow to a zone or a département


@dataclass
class ProgrammingEvent:
    event: Event
    own: bool  # organised by the viewer's member: editable
    overlaps: bool = False  # another event of the same zone at the same time


@dataclass(frozen=True)
class ProgrammingMonth:
    first_day: date
    events: list[ProgrammingEvent]
    weeks: list[list[tuple[date, list[ProgrammingEvent]]]]  # Monday-first weeks covering the month
    truncated: bool


def programming_month(
    *,
    month: date,
    member: Member | None,
    zone: str = "",
    department: str = "",
    organiser: Member | None = None,
) -> ProgrammingMonth:
    """Every member's events of a month (drafts and submitted ones included: the common programming),
    with, for each, whether the viewer's member organises it and whether it overlaps another event of
    its employment zone. One query."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=TZ)
    end = datetime.combine(following, datetime.min.time(), tzinfo=TZ)
    events = Event.objects.filter(start__lt=end, end__gte=start).select_related(
        "organiser", "commune", "venue"
    )
    if zone:
        events = events.filter(employment_zone_id=zone)
    if department:
        events = events.filter(commune__department_id=department)
    if organiser is not None:
        events = events.filter(organiser=organiser)
    rows = list(events.order_by("start", "pk")[: PROGRAMMING_LIMIT + 1])
    truncated = len(rows) > PROGRAMMING_LIMIT
    items = [
        ProgrammingEvent(event, member is not None and event.organiser_id == member.pk)
        for event in rows[:PROGRAMMING_LIMIT]
    ]
    _mark_overlaps(items)
    by_day: dict[date, list[ProgrammingEvent]] = {}
    for item in items:
        day = max(item.event.start.astimezone(TZ).date(), first)
        last = min(item.event.end.astimezone(TZ).date(), following - timedelta(days=1))
        while day <= last:
            by_day.setdefault(day, []).append(item)
            day += timedelta(days=1)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday < following:
        weeks.append(
            [(monday + timedelta(days=n), by_day.get(monday + timedelta(days=n), [])) for n in range(7)]
        )
        monday += timedelta(days=7)
    return ProgrammingMonth(first, items, weeks, truncated)


def _mark_overlaps(items: list[ProgrammingEvent]) -> None:
    """Flag the events that share time with another of the same employment zone (cancelled ones
    left out): what the common programming helps to avoid."""
    by_zone: dict[str, list[ProgrammingEvent]] = {}
    for item in items:
        if item.event.employment_zone_id and item.event.status != EventStatus.CANCELLED:
            by_zone.setdefault(item.event.employment_zone_id, []).append(item)
    for zone_items in by_zone.values():
        zone_items.sort(key=lambda item: item.event.start)
        latest_end, latest = None, None
        for item in zone_items:
            if latest_end is not None and item.event.start < latest_end:
                item.overlaps = latest.overlaps = True
            if latest_end is None or item.event.end > latest_end:
                latest_end, latest = item.event.end, item


@dataclass
class Session:
    event: Event
    confirmed: int
    waiting: int
    mine: str | None  # my registration's status, if any (not cancelled)
    registrants: list  # for the organiser's professionals: the registrations, in order

    @property
    def places_left(self) -> int | None:
        return None if self.event.capacity is None else max(0, self.event.capacity - self.confirmed)


def professional_sessions(professional: Professional | None, *, limit: int = 100) -> list[Session]:
    """The coming professionalisation sessions (events for professionals, published or full), each with
    its confirmed and waiting registrations, mine, and — for its organiser's professionals — who is
    registered. Three queries."""
    events = list(
        Event.objects.filter(
            scope=AudienceScope.PROFESSIONALS,
            status__in=[EventStatus.PUBLISHED, EventStatus.FULL, EventStatus.CANCELLED],
            end__gte=timezone.now(),
        )
        .select_related("organiser", "commune", "venue")
        .order_by("start", "pk")[:limit]
    )
    counts = {
        (row["event_id"], row["status"]): row["n"]
        for row in Registration.objects.filter(event__in=events)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("event_id", "status")
        .annotate(n=Count("pk"))
    }
    mine, registrants = {}, {}
    if professional is not None:
        rows = Registration.objects.filter(event__in=events).exclude(status=RegistrationStatus.CANCELLED)
        rows = rows.filter(Q(professional=professional) | Q(event__organiser=professional.member))
        for registration in rows.select_related("professional__user", "professional__member").order_by(
            "registered_at", "pk"
        ):
            if registration.professional_id == professional.pk:
                mine[registration.event_id] = registration.status
            registrants.setdefault(registration.event_id, []).append(registration)
    return [
        Session(
            event,
            counts.get((event.pk, RegistrationStatus.CONFIRMED), 0),
            counts.get((event.pk, RegistrationStatus.WAITING), 0),
            mine.get(event.pk),
            registrants.get(event.pk, [])
            if professional and event.organiser_id == professional.member_id
            else [],
        )
        for event in events
    ]
