"""Reads of the labelling pages."""

from django.db.models import Max

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
