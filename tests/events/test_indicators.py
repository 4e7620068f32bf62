"""Agenda indicators (events.selectors.indicators): public events of a year by zone, sector and month,
with the share meeting the events charter; a constant number of queries."""

from datetime import datetime
from zoneinfo import ZoneInfo

from events.enums import AudienceScope, EventStatus
from events.selectors import indicators
from tests.events.factories import EventFactory, PrioritySectorFactory
from tests.factories import commune

TZ = ZoneInfo("Europe/Paris")


def at(month, day=10):
    return datetime(2025, month, day, 9, tzinfo=TZ)


def test_counts_published_public_events_of_the_year_only(django_assert_num_queries):
    EventFactory(start=at(2), meets_charter=True)
    EventFactory(start=at(2, 20))
    EventFactory(start=at(2), status=EventStatus.FULL)
    EventFactory(start=at(2), draft=True)
    EventFactory(start=at(2), status=EventStatus.SUBMITTED)
    EventFactory(start=at(2), status=EventStatus.CANCELLED)
    EventFactory(start=at(2), scope=AudienceScope.PROFESSIONALS)
    EventFactory(start=datetime(2024, 12, 31, 23, 30, tzinfo=TZ))  # the year before, Paris time
    with django_assert_num_queries(1):
        months = indicators.events_by_month(year=2025)
    february = months[1]
    assert (february.events, february.charter) == (3, 1)
    assert months[0].events == 0
    assert months[-1].month is None and months[-1].events == 3
    assert round(months[-1].charter_share, 3) == 0.333


def test_by_zone_with_online_events_apart(django_assert_num_queries):
    EventFactory(start=at(5), meets_charter=True)
    EventFactory(start=at(5), commune=commune("81004"))
    EventFactory(start=at(5), online=True)
    with django_assert_num_queries(2):
        rows = {row.key: row for row in indicators.events_by_zone(year=2025)}
    assert (rows["7625"].events, rows["7625"].charter_share) == (1, 1.0)
    assert (rows["7602"].events, rows["7602"].charter_share) == (1, 0.0)
    assert rows["7612"].events == 0 and rows["7612"].charter_share is None
    assert rows["autres"].events == 1
    assert rows[""].events == 3


def test_by_sector_with_priorities_of_the_year(django_assert_num_queries):
    PrioritySectorFactory(year=2025)  # F in the zone of Toulouse
    EventFactory(start=at(5), sectors=["f"])
    EventFactory(start=at(5), sectors=["f"], commune=commune("81004"), meets_charter=True)
    EventFactory(start=at(5), sectors=["f", "h"])
    with django_assert_num_queries(3):
        rows = {row.key: row for row in indicators.events_by_sector(year=2025)}
    assert (rows["f"].events, rows["f"].charter, rows["f"].priority_zones, rows["f"].in_priority_zones) == (
        3, 1, 1, 2,
    )  # fmt: skip
    assert (rows["h"].events, rows["h"].priority_zones) == (1, 0)
    assert rows["a"].events == 0
    assert "" not in rows  # every event has a sector


def test_a_year_without_events_has_no_rows():
    EventFactory(start=at(5))
    assert indicators.events_by_zone(year=2024) == []
    assert indicators.events_by_sector(year=2024) == []
    assert indicators.events_by_month(year=2024) == []
