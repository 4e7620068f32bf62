"""The session dates that searches read from the actions themselves (`TrainingAction.upcoming_start`,
`last_start`, `permanent_entry`): a page sorting thousands of actions by their next session then reads one
column per action instead of looking up its sessions.

`upcoming_start` is the first start on or after the day it was computed, so it ages: `next_start(today)`
uses it while it is still to come and otherwise looks the sessions up again (the import and
`dates_refresh` bring it up to date).
"""

from datetime import date

from django.db.models import Case, Exists, F, Max, Min, OuterRef, Q, Subquery, When
from django.utils import timezone

from .models import TrainingAction, TrainingSession


def dates_of(sessions: list[dict], today: date) -> dict:
    """The stored dates of an action with these sessions (dicts with `start`), computed in Python."""
    starts = sorted(session["start"] for session in sessions if session["start"] is not None)
    return {
        "upcoming_start": next((start for start in starts if start >= today), None),
        "last_start": starts[-1] if starts else None,
        "permanent_entry": any(session["start"] is None for session in sessions),
    }


def dates_refresh(*, actions=None, stale_only: bool = False, today: date | None = None) -> int:
    """Recompute the stored dates of `actions` (a queryset; every action by default) in one UPDATE;
    `stale_only`: only those whose upcoming start has passed. Returns the number of rows updated."""
    today = today or timezone.localdate()
    actions = TrainingAction.objects.all() if actions is None else actions
    if stale_only:
        actions = actions.filter(upcoming_start__lt=today)
    sessions = TrainingSession.objects.filter(action=OuterRef("pk"))
    starts = sessions.filter(start__isnull=False).values("action")
    return actions.update(
        upcoming_start=Subquery(
            starts.filter(start__gte=today).annotate(first=Min("start")).values("first")[:1]
        ),
        last_start=Subquery(starts.annotate(last=Max("start")).values("last")[:1]),
        permanent_entry=Exists(sessions.filter(start__isnull=True)),
    )


def still_to_come(today: date) -> Q:
    """Actions with a session starting today or later, or a permanent entry."""
    return Q(permanent_entry=True) | Q(last_start__gte=today)


def next_start(today: date):
    """The first session start on or after `today`: the stored one while it has not passed, else read
    from the sessions."""
    looked_up = Subquery(
        TrainingSession.objects.filter(action=OuterRef("pk"), start__gte=today)
        .order_by("start")
        .values("start")[:1]
    )
    return Case(When(upcoming_start__gte=today, then=F("upcoming_start")), default=looked_up)
