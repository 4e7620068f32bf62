"""Indicators of the network for Region staff (`/espace-pro/pilotage/`): places by kind, associated
centres and relay points against the charter, data freshness and the online questions of a year.

Each function reads a constant number of queries whatever the size of the network and returns plain
rows; the page (spro_portal.pilotage) turns them into tables, charts and CSV files.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, Q
from django.utils import timezone

from ..enums import QuestionAction, SiteKind
from ..models import Commune, CommuneCoverage, Department, EmploymentZone, Question, QuestionEvent, Site
from .pro import STALE_AFTER

# The charter: one or two associated centres in every département served.
CENTRES_MIN, CENTRES_MAX = 1, 2
CENTRES_OK, CENTRES_MISSING, CENTRES_TOO_MANY = "ok", "manquant", "trop nombreux"


class Median(Aggregate):
    """The median of a column (PostgreSQL's ordered-set aggregate `percentile_cont`), nulls ignored;
    on an interval it gives an interval."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, output_field=None, **extra):
        super().__init__(expression, output_field=output_field or DurationField(), **extra)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of the year and of the next one, local time (Europe/Paris)."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(date(year, 1, 1), time(0, 0), tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time(0, 0), tzinfo=zone),
    )


def share(part: int, whole: int) -> float | None:
    """part / whole, None when there is nothing to divide."""
    return part / whole if whole else None


def served_departments() -> list[tuple[str, str]]:
    """(code, name) of the départements served (settings.PORTAL_DEPARTMENTS), names from the database."""
    return list(Department.objects.served().order_by("code").values_list("code", "name"))


# --- Network ---


@dataclass(frozen=True)
class DepartmentSites:
    code: str
    name: str
    by_kind: dict[str, int]  # SiteKind value -> published places

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def sites_by_department(departments: list[tuple[str, str]] | None = None) -> list[DepartmentSites]:
    """The published places of each département served (`departments`, default `served_departments()`),
    by kind (every kind present, zeros included). Two queries (one with `departments`)."""
    departments = served_departments() if departments is None else departments
    counts: dict[tuple[str, str], int] = {
        (row["department_code"], row["kind"]): row["count"]
        for row in Site.objects.published()
        .filter(department_code__in=[code for code, _ in departments])
        .values("department_code", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return [
        DepartmentSites(code, name, {kind: counts.get((code, kind), 0) for kind in SiteKind.values})
        for code, name in departments
    ]


@dataclass(frozen=True)
class DepartmentCentres:
    code: str
    name: str
    centres: list[str]  # names of its published associated centres

    @property
    def count(self) -> int:
        return len(self.centres)

    @property
    def state(self) -> str:
        if self.count < CENTRES_MIN:
            return CENTRES_MISSING
        return CENTRES_TOO_MANY if self.count > CENTRES_MAX else CENTRES_OK

    @property
    def is_ok(self) -> bool:
        return self.state == CENTRES_OK


def associated_centres(departments: list[tuple[str, str]] | None = None) -> list[DepartmentCentres]:
    """Each département served with its published associated centres, and the charter's verdict: ok
    (one or two), manquant (none), trop nombreux (more than two). Two queries (one with `departments`)."""
    departments = served_departments() if departments is None else departments
    names: dict[str, list[str]] = {}
    centres = (
        Site.objects.published()
        .filter(kind=SiteKind.ASSOCIATED_CENTRE, department_code__in=[code for code, _ in departments])
        .order_by("name")
        .values_list("department_code", "name")
    )
    for code, name in centres:
        names.setdefault(code, []).append(name)
    return [DepartmentCentres(code, name, names.get(code, [])) for code, name in departments]


@dataclass(frozen=True)
class ZoneRelays:
    code: str
    name: str
    relay_points: int
    associated_centres: int


def served_zones() -> list[tuple[str, str]]:
    """(code, name) of the employment zones of the territory, by name."""
    return list(EmploymentZone.objects.served().order_by("name").values_list("code", "name"))


def relay_points_by_zone(zones: list[tuple[str, str]] | None = None) -> list[ZoneRelays]:
    """Each employment zone of the territory (`zones`, default `served_zones()`) with its published relay
    points and associated centres (a zone may span several départements). Two queries (one with
    `zones`)."""
    zones = served_zones() if zones is None else zones
    counts = {
        (row["zone_code"], row["kind"]): row["count"]
        for row in Site.objects.published()
        .filter(
            zone_code__in=[code for code, _ in zones],
            kind__in=[SiteKind.RELAY_POINT, SiteKind.ASSOCIATED_CENTRE],
        )
        .values("zone_code", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return [
        ZoneRelays(
            code,
            name,
            counts.get((code, SiteKind.RELAY_POINT.value), 0),
            counts.get((code, SiteKind.ASSOCIATED_CENTRE.value), 0),
        )
        for code, name in zones
    ]


@dataclass(frozen=True)
class Freshness:
    code: str  # "" for the whole territory
    name: str
    sites: int
    fresh: int  # updated within STALE_AFTER (six months)

    @property
    def share(self) -> float | None:
        return share(self.fresh, self.sites)


def data_freshness(
    departments: list[tuple[str, str]] | None = None, now: datetime | None = None
) -> list[Freshness]:
    """Per département served, then for the territory (last row, code ""): the published places and
    those whose data was updated in the last six months (STALE_AFTER). Two queries (one with
    `departments`)."""
    since = (now or timezone.now()) - STALE_AFTER
    departments = served_departments() if departments is None else departments
    rows = {
        row["department_code"]: (row["sites"], row["fresh"])
        for row in Site.objects.published()
        .filter(department_code__in=[code for code, _ in departments])
        .values("department_code")
        .annotate(sites=Count("pk"), fresh=Count("pk", filter=Q(updated_at__gte=since)))
        .order_by()
    }
    result = [Freshness(code, name, *rows.get(code, (0, 0))) for code, name in departments]
    result.append(Freshness("", "", sum(row.sites for row in result), sum(row.fresh for row in result)))
    return result


# --- Online questions ---


@dataclass(frozen=True)
class QuestionMonth:
    month: date | None  # the first day of the month; None for the year
    received: int
    answered: int  # received that month and answered since (at least one answer sent)
    median_delay: timedelta | None  # from receipt to the first answer, over those answered

    @property
    def answered_share(self) -> float | None:
        return share(self.answered, self.received)


_QUESTIONS_SQL = """
WITH asked AS (
    SELECT date_trunc('month', q.created_at AT TIME ZONE %(tz)s)::date AS month,
           (SELECT min(e.at) FROM {events} e WHERE e.question_id = q.id AND e.action = %(answered)s)
             - q.created_at AS delay
    FROM {questions} q
    WHERE q.created_at >= %(start)s AND q.created_at < %(end)s
)
SELECT month, count(*), count(delay), percentile_cont(0.5) WITHIN GROUP (ORDER BY delay)
FROM asked GROUP BY ROLLUP (month) ORDER BY month NULLS LAST
"""


def questions_by_month(*, year: int) -> list[QuestionMonth]:
    """The questions received each month of the year, how many were answered, and the median time to
    the first answer; the last row (month None) is the year. Every month of the year when any question
    was received, none otherwise. One query."""
    start, end = year_bounds(year)
    sql = _QUESTIONS_SQL.format(events=QuestionEvent._meta.db_table, questions=Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "tz": str(timezone.get_default_timezone()),
                "answered": QuestionAction.ANSWERED.value,
                "start": start,
                "end": end,
            },
        )
        rows = cursor.fetchall()
    if not rows or not rows[-1][1]:
        return []
    found = {
        month: QuestionMonth(month, received, answered, delay) for month, received, answered, delay in rows
    }
    months = [date(year, number, 1) for number in range(1, 13)]
    return [found.get(month) or QuestionMonth(month, 0, 0, None) for month in months] + [found[None]]


# --- Equal access: every commune (the CSV export; the page reads structures.selectors.coverage) ---


@dataclass(frozen=True)
class CommuneAccess:
    code: str
    name: str
    department: str
    population: int
    reception_km: float | None
    reception_site: str
    cep_km: float | None
    cep_site: str


def commune_access() -> list[CommuneAccess]:
    """Every commune of the territory with its distances to the nearest first-reception place and CEP
    place (as last computed: structures.models.CommuneCoverage), by département and name. One query."""
    rows = (
        CommuneCoverage.objects.filter(commune__in=Commune.objects.served())
        .order_by("commune__department_id", "commune__name", "commune_id")
        .values_list(
            "commune_id",
            "commune__name",
            "commune__department_id",
            "commune__population",
            "reception_km",
            "reception_site__name",
            "cep_km",
            "cep_site__name",
        )
    )
    return [
        CommuneAccess(
            code, name, department, population or 0, reception_km, reception or "", cep_km, cep or ""
        )
        for code, name, department, population, reception_km, reception, cep_km, cep in rows
    ]
