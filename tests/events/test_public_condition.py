"""The public condition is written into the SQL: prepared queries can then use the partial indexes."""

import copy
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from events.enums import AudienceScope, EventStatus
from events.models import Event
from structures.compiled import sql_constant
from tests.events.factories import EventFactory


def test_public_events_are_those_everyone_may_see():
    shown = [
        EventFactory(status=status, scope=AudienceScope.EVERYONE)
        for status in (EventStatus.PUBLISHED, EventStatus.FULL, EventStatus.CANCELLED)
    ]
    EventFactory(status=EventStatus.PUBLISHED, scope=AudienceScope.PROFESSIONALS)
    EventFactory(status=EventStatus.DRAFT, scope=AudienceScope.EVERYONE)
    assert set(Event.objects.public()) == set(shown)


def test_public_condition_is_in_the_sql_not_in_its_parameters():
    sql, params = Event.objects.public().filter(cell=7).values_list("pk").query.sql_with_params()
    assert "('tous')" in sql and "('publie')" in sql
    assert params == (7,)


def _events_over_a_region(count: int) -> None:
    """`count` public events spread over 20 × 20 cells and a year, then fresh statistics: the planner
    judges the indexes on data like an agenda's, not on what earlier tests left (an empty table, or an
    autovacuum's sample of rows they rolled back)."""
    model = EventFactory()
    events = []
    for number in range(count):
        event = copy.copy(model)
        event.pk = event.id = None
        event.identifier = event.slug = f"plan-{number}"
        event.latitude, event.longitude = 42.0 + (number % 20) * 0.25, -1.0 + (number // 20 % 20) * 0.35
        event.start = model.start + timedelta(days=number % 365)
        event.end = event.start + timedelta(hours=2)
        events.append(event)
    Event.objects.bulk_create(events)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Event._meta.db_table}")


def test_a_generic_plan_walks_the_partial_cell_index():
    # A plan made for any value of the cell and the date (what PostgreSQL keeps for a prepared query
    # run often) can use the (cell, start) index, whose condition is the public one.
    _events_over_a_region(800)
    since = datetime(2000, 1, 1, tzinfo=UTC)
    query = Event.objects.public().filter(cell=-1, start__gte=since).order_by("start")
    sql, params = query.values_list("pk").query.sql_with_params()
    for number in range(len(params)):
        sql = sql.replace("%s", f"${number + 1}", 1)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small enough to scan
        cursor.execute(f"PREPARE public_cell AS {sql}")
        try:
            cursor.execute("EXPLAIN EXECUTE public_cell(7, '2026-01-01')")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE public_cell")
    assert "event_cell_start_idx" in plan


@pytest.mark.parametrize("value", ["50%", "a\\b", "nul\0"])
def test_sql_constants_are_plain_words(value):
    with pytest.raises(ValueError):
        sql_constant(value)


def test_a_quote_in_a_sql_constant_is_doubled():
    assert sql_constant("l'agenda").sql == "'l''agenda'"
