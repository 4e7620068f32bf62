"""Reads of the jobs pages (`/metiers/`, `/metiers/<code ROME>/`): the ROME jobs by professional domain,
the search by title, and a job's training offers, events and places that help to choose or change jobs.

Each read is one query (two for the events), whatever the number of jobs, offers, events or places.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote, quote_plus

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from events.models import Event
from events.selectors.rows import ListEvent, events_by_ids
from structures import hours
from structures.catalog import Term, catalog
from structures.models import Job, Site
from structures.selectors.sites import SiteFilters, filtered_sites
from structures.text import fold

from ..dates import next_start
from ..models import TrainingAction
from .search import RESULT_FIELDS

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
ROME_CODE = re.compile(r"^[A-Na-n]\d{4}$")
NEARBY_TRAININGS_KM = 50
NEARBY_PLACES_KM = 50
TRAININGS_SHOWN = 10
EVENTS_SHOWN = 5
PLACES_SHOWN = 3
# The projects of the places that help to choose or change jobs (structures' seeded Project slugs).
JOB_PROJECTS = ("choisir-un-metier", "changer-de-metier")


@dataclass
class JobSearch:
    """What `/metiers/?q=` found: the matching jobs, or a message (in French) saying what to correct."""

    query: str = ""
    jobs: list[Job] = field(default_factory=list)
    error: str = ""
    exact: Job | None = None  # a ROME code typed in `q`: the page of that job


def job_search(q: str) -> JobSearch:
    """Jobs whose title holds every word of `q`, ignoring case and accents ("aide soignant" finds
    "Aide-soignant / Aide-soignante"); a ROME code ("j1501") gives that job. One query."""
    query = " ".join((q or "").split())
    if not query:
        return JobSearch()
    if len(query) > MAX_QUERY_LENGTH:
        return JobSearch(
            query[:MAX_QUERY_LENGTH],
            error=_("La recherche est trop longue (%(max)d caractères au plus).") % {"max": MAX_QUERY_LENGTH},
        )
    if ROME_CODE.match(query):
        job = Job.objects.select_related("sector").filter(code=query.upper()).first()
        if job is None:
            return JobSearch(
                query, error=_("Aucun métier n'a le code ROME « %(code)s ».") % {"code": query.upper()}
            )
        return JobSearch(query, jobs=[job], exact=job)
    words = fold(query).split()
    if not words:
        return JobSearch(query, error=_("Saisissez au moins un mot du métier recherché, ou un code ROME."))
    if len(words) > MAX_WORDS:
        return JobSearch(query, error=_("Saisissez %(max)d mots au plus.") % {"max": MAX_WORDS})
    jobs = Job.objects.select_related("sector")
    for word in words:
        jobs = jobs.filter(search_label__contains=word)
    return JobSearch(query, jobs=list(jobs.order_by("label", "code")))


def offer_counts() -> dict[str, int]:
    """The number of training offers that lead to each ROME code (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, count(*) FROM trainings_trainingoffer, unnest(rome_codes) AS code GROUP BY code"
        )
        return dict(cursor.fetchall())


@dataclass
class Domain:
    sector: Term
    letter: str
    jobs: list[Job]


def job_domains() -> list[Domain]:
    """The 14 ROME professional domains (A to N) with their jobs, in code order (one query)."""
    by_sector: dict[int, list[Job]] = {}
    for job in Job.objects.only("code", "label", "sector_id").order_by("code"):
        by_sector.setdefault(job.sector_id, []).append(job)
    return [
        Domain(sector, sector.slug.upper(), by_sector.get(sector.pk, []))
        for sector in sorted(catalog().sectors, key=lambda term: term.slug)
    ]


def job_by_code(code: str) -> Job | None:
    if not ROME_CODE.match(code or ""):
        return None
    return Job.objects.select_related("sector").filter(code=code.upper()).first()


def partner_sheets(job: Job) -> list[tuple[str, str]]:
    """(partner, URL) of the partners' sheets of the job, from settings.PORTAL_JOB_SHEETS, whose URL
    templates take `{code}` and `{label}` (URL-encoded: in a path for the code, a query for the label)."""
    return [
        (partner, template.format(code=quote(job.code, safe=""), label=quote_plus(job.label)))
        for partner, template in settings.PORTAL_JOB_SHEETS
    ]


def job_trainings(
    code: str,
    *,
    today: date,
    point: tuple[float, float] | None = None,
    radius_km: float = NEARBY_TRAININGS_KM,
) -> list[TrainingAction]:
    """The training actions of the offers leading to the job (one query): near `point`, the nearest
    within `radius_km` (annotated `distance_km`); else those whose next session starts first. Each has
    `next_start` (None: no session announced from today)."""
    actions = (
        TrainingAction.objects.filter(offer__rome_codes__contains=[code])
        .select_related("offer")
        .only(*RESULT_FIELDS)
        .annotate(next_start=next_start(today))
    )
    if point is not None:
        actions = actions.near(*point, radius_km).order_by("distance_km", "pk")
    else:
        actions = actions.filter(last_start__gte=today).order_by("next_start", "offer__title", "pk")
    return list(actions[:TRAININGS_SHOWN])


def job_events(job: Job, *, now: datetime, limit: int = EVENTS_SHOWN) -> list[ListEvent]:
    """The next public events about the job (`Event.jobs`) or its professional sector (two queries: their
    ids, then their rows)."""
    about_the_job = Event.jobs.through.objects.filter(job_id=job.code).values("event_id")
    ids = list(
        Event.objects.public()
        .upcoming(now)
        .filter(Q(pk__in=about_the_job) | Q(sector_ids__contains=[job.sector_id]))
        .order_by("start", "title", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return events_by_ids(ids)


def job_project_ids() -> tuple[int, ...]:
    return tuple(term.pk for term in catalog().projects if term.slug in JOB_PROJECTS)


def job_places(point: tuple[float, float], *, now: datetime) -> list[tuple[Site, hours.HoursStatus]]:
    """The PLACES_SHOWN nearest published places (within NEARBY_PLACES_KM) that help to choose or change
    jobs, with `distance_km` and whether they are open at `now` (one query)."""
    project_ids = job_project_ids()
    if not project_ids:  # the projects were renamed in the admin: no filter to apply
        return []
    filters = SiteFilters(project_ids=project_ids, point=point, radius_km=NEARBY_PLACES_KM)
    sites = filtered_sites(filters).for_list().order_by("distance_km", "pk")[:PLACES_SHOWN]
    return [(site, site.hours_status(now)) for site in sites]
