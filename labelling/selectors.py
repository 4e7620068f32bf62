"""Reads of the labelling pages."""

import time
from datetime import date

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from structures.models import Member

from .models import Criterion, Label


def labelling_overview() -> dict:
    """The criteria in force and the structures whose label is valid today (with its end). Three queries."""
    valid = Label.objects.valid().values("member_id").annotate(until=Max("valid_until"))
    until = {row["member_id"]: row["until"] for row in valid}
    members = Member.objects.filter(pk__in=until).only("pk", "name", "slug", "acronym").order_by("name")
    return {
        "criteria": list(Criterion.objects.active()),
        "labelled": [(member, until[member.pk]) for member in members],
    }


# The labels in force, by member, are read on every place's page: kept a minute per process (and in
# the shared cache), cleared on every write to labels (labelling.apps).
LABELS_KEY = "labelling:valid-labels:v1"
LABELS_SECONDS = 60
_local: dict = {}


def _valid_label_ends() -> dict[int, date]:
    rows = Label.objects.valid().values("member_id").annotate(until=Max("valid_until"))
    return {row["member_id"]: row["until"] for row in rows}


def label_end(member_id: int) -> date | None:
    """The end of a member's label in force today, if it has one."""
    today = timezone.localdate()
    now = time.monotonic()
    if _local.get("day") != today or _local.get("expires", 0) < now:
        _local["ends"] = cache.get_or_set(
            f"{LABELS_KEY}:{today.isoformat()}", _valid_label_ends, LABELS_SECONDS
        )
        _local.update(day=today, expires=now + LABELS_SECONDS)
    return _local["ends"].get(member_id)


def labels_invalidate(**kwargs) -> None:
    cache.delete(f"{LABELS_KEY}:{timezone.localdate().isoformat()}")
    _local.clear()
