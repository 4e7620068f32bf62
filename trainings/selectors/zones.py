"""What the employment zone's page (`/zones/<code>/`, structures) shows of the regional programme and the
training offers: its priority sectors, its offers by sector (ROME domain) and the jobs they lead to.

structures must not import trainings nor events: the page reads this through the `zone_overview` Jinja
global (spro_portal.jinja2). Three queries whatever the number of offers, actions and sessions.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Subquery

from events.models import PrioritySector
from structures.catalog import Term, catalog

OFFERS_PER_SECTOR = 3
JOBS_SHOWN = 15

# Per offer with an action in the zone, its action whose next session comes first (the date stored on the
# action while still to come, trainings.dates); then per domain of the offers, how many there are and the
# first ones (next session first), each domain's found by a top-N sort of its own rather than by ranking
# every offer of the zone.
_OFFERS_BY_DOMAIN_SQL = """
WITH actions AS (
    SELECT a.id, a.offer_id, a.city,
           CASE WHEN a.upcoming_start >= %(today)s THEN a.upcoming_start
                WHEN a.last_start >= %(today)s THEN (SELECT min(s.start) FROM trainings_trainingsession s
                                                     WHERE s.action_id = a.id AND s.start >= %(today)s)
           END AS next_start
    FROM trainings_trainingaction a
    WHERE a.employment_zone_id = %(zone)s
), offers AS MATERIALIZED (
    SELECT DISTINCT ON (offer_id) offer_id, city, next_start, o.title, o.rome_domains
    FROM actions JOIN trainings_trainingoffer o ON o.id = actions.offer_id
    ORDER BY offer_id, next_start NULLS LAST, actions.id
), domains AS (
    SELECT domain, count(*) AS total FROM offers, unnest(offers.rome_domains) AS domain GROUP BY domain
)
SELECT d.domain, d.total, top.offer_id, top.title, top.city, top.next_start
FROM domains d CROSS JOIN LATERAL (
    SELECT offer_id, title, city, next_start FROM offers WHERE d.domain = ANY(offers.rome_domains)
    ORDER BY next_start NULLS LAST, title, offer_id LIMIT %(shown)s
) top
ORDER BY d.domain, top.next_start NULLS LAST, top.title, top.offer_id
"""

# The ROME codes of the offers with an action in the zone, most frequent first, with the jobs' titles.
_JOBS_SQL = """
WITH offers AS (
    SELECT DISTINCT o.id, o.rome_codes FROM trainings_trainingoffer o
    JOIN trainings_trainingaction a ON a.offer_id = o.id
    WHERE a.employment_zone_id = %(zone)s
), codes AS (
    SELECT code, count(*) AS offers FROM offers, unnest(offers.rome_codes) AS code GROUP BY code
)
SELECT codes.code, j.label, codes.offers, count(*) OVER () AS total
FROM codes JOIN structures_job j ON j.code = codes.code
ORDER BY codes.offers DESC, j.label, codes.code
LIMIT %(shown)s
"""


@dataclass
class ZoneOffer:
    pk: int
    title: str
    city: str
    next_start: date | None


@dataclass
class ZoneSector:
    sector: Term
    count: int
    offers: list[ZoneOffer] = field(default_factory=list)


@dataclass
class ZoneJob:
    code: str
    label: str
    offers: int


@dataclass
class ZoneOverview:
    priority_year: int | None  # the year of the priority sectors shown (this year, else the latest)
    priority_sectors: list[PrioritySector]
    sectors: list[ZoneSector]  # ROME domain order
    jobs: list[ZoneJob]  # most frequent first, at most JOBS_SHOWN
    job_total: int  # how many jobs the zone's offers lead to

    @property
    def offer_total(self) -> int:
        return sum(sector.count for sector in self.sectors)


def priority_sectors(zone_code: str, year: int) -> tuple[int | None, list[PrioritySector]]:
    """The zone's priority sectors of `year`, else of the latest earlier year that has some (one query)."""
    in_zone = PrioritySector.objects.filter(employment_zone_id=zone_code)
    latest = in_zone.filter(year__lte=year).order_by("-year").values("year")[:1]
    rows = list(
        in_zone.filter(year=Subquery(latest))
        .select_related("sector")
        .order_by("sector__position", "sector__label")
    )
    return (rows[0].year if rows else None), rows


def zone_overview(zone, *, today: date) -> ZoneOverview:
    """The zone's priority sectors, training offers by sector and the jobs they lead to."""
    year, priorities = priority_sectors(zone.code, today.year)
    sectors = {term.slug.upper(): term for term in catalog().sectors}
    by_domain: dict[str, ZoneSector] = {}
    with connection.cursor() as cursor:
        cursor.execute(_OFFERS_BY_DOMAIN_SQL, {"today": today, "zone": zone.code, "shown": OFFERS_PER_SECTOR})
        for domain, total, pk, title, city, next_start in cursor.fetchall():
            if domain not in sectors:
                continue
            group = by_domain.setdefault(domain, ZoneSector(sectors[domain], total))
            group.offers.append(ZoneOffer(pk, title, city, next_start))
        cursor.execute(_JOBS_SQL, {"zone": zone.code, "shown": JOBS_SHOWN})
        job_rows = cursor.fetchall()
    return ZoneOverview(
        priority_year=year,
        priority_sectors=priorities,
        sectors=[by_domain[letter] for letter in sorted(by_domain)],
        jobs=[ZoneJob(code, label, offers) for code, label, offers, _total in job_rows],
        job_total=job_rows[0][3] if job_rows else 0,
    )
