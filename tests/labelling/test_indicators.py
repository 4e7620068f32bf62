"""Labelling indicators (labelling.selectors): applications of a year by state, decisions and the median
review time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from labelling.enums import ApplicationStatus
from labelling.models import LabellingApplication
from labelling.selectors import applications_by_status, labelling_review

TZ = ZoneInfo("Europe/Paris")


def _application(status, created, submitted=None, decided=None):
    application = LabellingApplication.objects.create(
        status=status, submitted_at=submitted, decided_at=decided
    )
    LabellingApplication.objects.filter(pk=application.pk).update(created_at=created)


def day(month, number=1, year=2025):
    return datetime(year, month, number, 10, tzinfo=TZ)


def test_an_application_counts_in_the_year_of_its_submission_or_else_of_its_creation(
    django_assert_num_queries,
):
    _application(ApplicationStatus.APPROVED, day(12, year=2024), day(1, 5), day(2))
    _application(ApplicationStatus.DRAFT, day(3))
    _application(ApplicationStatus.DRAFT, day(3, year=2024))
    _application(ApplicationStatus.SUBMITTED, day(12, 30, year=2025), day(1, 2, year=2026))
    with django_assert_num_queries(1):
        rows = {row.status: row for row in applications_by_status(year=2025)}
    assert rows["approuvee"].count == 1 and rows["approuvee"].label == "Approuvée"
    assert rows["brouillon"].count == 1
    assert rows["deposee"].count == 0
    assert len(rows) == len(ApplicationStatus)
    assert applications_by_status(year=2023) == []


def test_median_review_time_from_submission_to_decision_of_the_year(django_assert_num_queries):
    _application(ApplicationStatus.APPROVED, day(1), day(1), day(1, 11))  # 10 days
    _application(ApplicationStatus.REJECTED, day(1), day(1), day(1, 21))  # 20 days
    _application(ApplicationStatus.APPROVED, day(1), day(1), day(2, 10))  # 40 days
    _application(ApplicationStatus.APPROVED, day(1, year=2024), day(1, year=2024), day(2, year=2024))
    _application(ApplicationStatus.UNDER_REVIEW, day(1), day(1))
    with django_assert_num_queries(1):
        review = labelling_review(year=2025)
    assert (review.decided, review.approved, review.rejected) == (3, 2, 1)
    assert review.median_review == timedelta(days=20)
    assert labelling_review(year=2023) is None
