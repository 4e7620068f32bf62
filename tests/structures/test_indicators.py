"""Network indicators (structures.selectors.indicators): a constant number of queries, hand-checked."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from structures.catalog import catalog
from structures.enums import QuestionAction
from structures.models import Question, QuestionEvent, Site
from structures.selectors import indicators
from tests.factories import SiteFactory, commune

TZ = ZoneInfo("Europe/Paris")


def _question(site, created, answered=None):
    question = Question.objects.create(site=site, member=site.member, text="Une question ?")
    Question.objects.filter(pk=question.pk).update(created_at=created)
    if answered:
        event = QuestionEvent.objects.create(question=question, action=QuestionAction.ANSWERED)
        QuestionEvent.objects.filter(pk=event.pk).update(at=answered)


def test_departement_without_associated_centre_is_missing_and_three_are_too_many(
    django_assert_num_queries,
):
    central = SiteFactory(central=True)
    for _number in range(3):
        SiteFactory(associated_centre=True, parent=central, commune=commune("31555"))
    SiteFactory(associated_centre=True, parent=central, commune=commune("81004"), published=False)
    catalog()  # cached for every page (the inactive members that published() leaves out)
    with django_assert_num_queries(2):
        rows = {row.code: row for row in indicators.associated_centres()}
    assert rows["31"].count == 3 and rows["31"].state == indicators.CENTRES_TOO_MANY
    assert rows["81"].count == 0 and rows["81"].state == indicators.CENTRES_MISSING  # unpublished
    assert rows["09"].name == "Ariège" and not rows["09"].is_ok


def test_relay_points_are_counted_in_the_employment_zone_of_their_commune(django_assert_num_queries):
    SiteFactory(relay_point=True, commune=commune("31069"))  # Blagnac: zone of Toulouse
    SiteFactory(relay_point=True, commune=commune("81004"))  # Albi
    SiteFactory(commune=commune("81004"))  # a member's office: not a relay point
    catalog()
    with django_assert_num_queries(2):
        rows = {row.code: row for row in indicators.relay_points_by_zone()}
    assert rows["7625"].relay_points == 1 and rows["7625"].associated_centres == 1  # the factory's centre
    assert rows["7602"].relay_points == 1


def test_freshness_is_the_share_of_published_places_updated_in_six_months():
    fresh, stale = SiteFactory(), SiteFactory()
    Site.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=190))
    rows = indicators.data_freshness()
    garonne = next(row for row in rows if row.code == "31")
    assert (garonne.sites, garonne.fresh, garonne.share) == (2, 1, 0.5)
    assert rows[-1].code == "" and rows[-1].sites == 2
    assert next(row for row in rows if row.code == "09").share is None
    assert fresh.pk


def test_questions_by_month_with_the_median_delay_to_the_first_answer(django_assert_num_queries):
    site = SiteFactory()
    _question(site, datetime(2025, 3, 1, 9, tzinfo=TZ), datetime(2025, 3, 1, 11, tzinfo=TZ))  # 2 h
    _question(site, datetime(2025, 3, 2, 9, tzinfo=TZ), datetime(2025, 3, 3, 9, tzinfo=TZ))  # 24 h
    _question(site, datetime(2025, 3, 31, 23, 30, tzinfo=TZ))  # 31 March in Paris (UTC: 21:30)
    with django_assert_num_queries(1):
        rows = indicators.questions_by_month(year=2025)
    assert len(rows) == 13
    march = rows[2]
    assert march.month == date(2025, 3, 1)
    assert (march.received, march.answered, march.median_delay) == (3, 2, timedelta(hours=13))
    assert rows[3].received == 0 and rows[3].median_delay is None
    assert rows[-1].month is None and rows[-1].received == 3


def test_a_year_without_questions_has_no_rows():
    assert indicators.questions_by_month(year=2025) == []
