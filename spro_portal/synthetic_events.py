"""Synthetic events of the agenda (see spro_portal.synthetic)."""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

from events.enums import AttendanceMode, AudienceScope, EventType
from events.models import Event
from structures.hours import TZ

from . import synthetic_data as data
from .synthetic_base import PREFIX, Place, References, folded, search_text, slug, weighted
from .synthetic_network import Members, Network, jitter
from .synthetic_sql import allocate_ids, copy_m2m, copy_model

M2M = ["audiences", "sectors", "projects", "schemes", "jobs", "co_organisers"]
TYPE_LABELS = {value: folded(str(label)) for value, label in EventType.choices}
# Share of the events held at a network site among those that have a place: about half of all events.
VENUE_SHARE = 0.57


class EventRow(NamedTuple):
    """A row of the events table: the primary key, then model fields in COPY order."""

    id: int
    identifier: str
    title: str
    slug: str
    type: str
    description: str
    start: datetime
    end: datetime
    venue: int | None
    venue_name: str
    address: str
    postcode: str
    commune: str | None
    latitude: float | None
    longitude: float | None
    employment_zone: str | None
    attendance_mode: str
    online_url: str
    organiser: int
    registration_required: bool
    registration_url: str
    capacity: int | None
    free: bool
    charter_free: bool
    charter_accessible: bool
    charter_branches: bool
    charter_companies: bool
    charter_demonstrations: bool
    status: str
    scope: str
    created_at: datetime
    updated_at: datetime
    search_text: str
    audience_ids: list[int]
    sector_ids: list[int]
    project_ids: list[int]


EVENT_FIELDS = list(EventRow._fields[1:])


class Template(NamedTuple):
    title: str
    sectors: tuple[int, ...]
    projects: tuple[int, ...]
    schemes: tuple[int, ...]
    audiences: tuple[int, ...]


@dataclass
class Agenda:
    counts: dict[str, int]


class _EventMaker:
    def __init__(self, references: References, members: Members, network: Network, rng: random.Random):
        self.references, self.members, self.sites, self.rng = references, members, network.sites, rng
        self.now = timezone.now()
        today = timezone.localdate()
        self.days = {
            offset: datetime.combine(today + timedelta(days=offset), time(0, 0), tzinfo=TZ)
            for offset in range(-data.DAYS_BEFORE, data.DAYS_AFTER + 10)
        }
        self.type = weighted(rng, list(data.EVENT_TYPE_WEIGHTS.items()))
        self.network = weighted(rng, [(key, row[8]) for key, row in data.NETWORKS.items()])
        self.status = weighted(rng, data.EVENT_STATUSES)
        self.hour = weighted(rng, data.EVENT_HOURS)
        r = references
        self.templates = {
            kind: [
                Template(title, r.sectors.pick(sectors), r.projects.pick(projects), r.schemes.pick(schemes),
                         r.audiences.pick(audiences))
                for title, sectors, projects, schemes, audiences in rows
            ]
            for kind, rows in data.EVENT_TITLES.items()
        }  # fmt: skip

    def event(self, number: int, event_id: int, drawn):
        rng, r = self.rng, self.references
        kind = self.type()
        template = rng.choice(self.templates[kind])
        draw = rng.random()
        if kind == EventType.WEBINAR or draw < 0.05:
            mode = AttendanceMode.ONLINE
        else:
            mode = AttendanceMode.MIXED if draw < 0.15 else AttendanceMode.ON_SITE
        venue, place, venue_name, address, postcode, latitude, longitude = self._where(mode, drawn)
        organiser = venue.member if venue and rng.random() < 0.8 else self.members.of(self.network(), drawn)
        if mode == AttendanceMode.ONLINE:  # no place, or only the commune of the organiser
            place = place if rng.random() < 0.5 else None
            title, title_text, title_slug = template.title, folded(template.title), slug(template.title)
        else:
            title = f"{template.title} — {place.name}"
            title_text = f"{folded(template.title)} {folded(place.name)}"
            title_slug = f"{slug(template.title)}-{slug(place.name)}"
        start, end = self._dates(kind)
        audiences, sectors, projects, jobs = self._terms(kind, template)
        description = rng.choice(data.EVENT_DESCRIPTIONS)
        free = rng.random() < 0.93
        charter = [True] * 5 if free and rng.random() < 0.25 else [rng.random() < 0.5 for _ in range(5)]
        charter[0] = charter[0] and free
        registration = rng.random() < 0.4
        created = min(self.now, start) - timedelta(seconds=int(rng.random() * 90 * 86400))
        parts = [
            title_text, TYPE_LABELS[kind], folded(description), folded(venue_name), organiser.name,
            organiser.acronym, venue.name if venue else "", folded(place.name) if place else "",
            r.audiences.text(audiences), r.sectors.text(sectors), r.projects.text(projects),
            r.schemes.text(template.schemes), " ".join(label for _code, label in jobs),
        ]  # fmt: skip
        row = EventRow(
            id=event_id,
            identifier=f"{PREFIX}evenement-{number:07d}",
            title=title,
            slug=f"{PREFIX}{title_slug}-{number}",
            type=kind,
            description=description,
            start=start,
            end=end,
            venue=venue.id if venue else None,
            venue_name=venue_name,
            address=address,
            postcode=postcode,
            commune=place.code if place else None,
            latitude=latitude,
            longitude=longitude,
            employment_zone=place.zone if place else None,
            attendance_mode=mode,
            online_url=""
            if mode == AttendanceMode.ON_SITE
            else f"https://visio.{data.DOMAIN}/evenements/{number}",
            organiser=organiser.id,
            registration_required=registration,
            registration_url=f"https://inscription.{data.DOMAIN}/evenements/{number}" if registration else "",
            capacity=int(rng.random() * 290) + 10 if rng.random() < 0.5 else None,
            free=free,
            charter_free=charter[0],
            charter_accessible=charter[1],
            charter_branches=charter[2],
            charter_companies=charter[3],
            charter_demonstrations=charter[4],
            status=self.status(),
            scope=AudienceScope.EVERYONE if rng.random() < 0.92 else AudienceScope.PROFESSIONALS,
            created_at=created,
            updated_at=created + (self.now - created) * rng.random(),
            search_text=search_text(parts),
            audience_ids=r.audience_ids(audiences),
            sector_ids=sorted(sectors),
            project_ids=sorted(projects),
        )
        co_organiser = rng.choice(self.members.all).id if rng.random() < 0.1 else None
        links = {
            "audiences": audiences, "sectors": sectors, "projects": projects, "schemes": template.schemes,
            "jobs": [code for code, _label in jobs],
            "co_organisers": [co_organiser] if co_organiser and co_organiser != organiser.id else [],
        }  # fmt: skip
        return row, links

    def _where(self, mode: str, drawn: Place):
        """(venue site, commune, venue name, address, postcode, latitude, longitude) of an event."""
        rng = self.rng
        if mode == AttendanceMode.ONLINE:
            return None, drawn, "", "", "", None, None
        if self.sites and rng.random() < VENUE_SHARE:
            venue = rng.choice(self.sites)
            return venue, venue.place, "", venue.address, venue.postcode, venue.latitude, venue.longitude
        address = f"{int(rng.random() * 80) + 1} {rng.choice(data.STREETS)}"
        postcode = rng.choice(drawn.postcodes) if drawn.postcodes else ""
        latitude, longitude = jitter(rng, drawn.latitude, drawn.longitude)
        return None, drawn, rng.choice(data.VENUE_NAMES), address, postcode, latitude, longitude

    def _dates(self, kind: str) -> tuple[datetime, datetime]:
        rng = self.rng
        offset = int(rng.random() * (data.DAYS_BEFORE + data.DAYS_AFTER + 1)) - data.DAYS_BEFORE
        hour, minute = self.hour(), rng.choice((0, 0, 15, 30))
        low, high = data.EVENT_DURATIONS[kind]
        share, days = data.EVENT_EXTRA_DAYS.get(kind, (0.01, 1))
        extra = rng.randint(1, days) if rng.random() < share else 0
        end_hour = hour + rng.randint(low, high)
        end_minute = minute if end_hour < 21 else 0
        start = self.days[offset] + timedelta(hours=hour, minutes=minute)
        return start, self.days[offset + extra] + timedelta(hours=min(end_hour, 21), minutes=end_minute)

    def _terms(self, kind: str, template: Template):
        rng, r = self.rng, self.references
        audiences, sectors, projects = template.audiences, template.sectors, template.projects
        if rng.random() < 0.2:
            audiences = r.audiences.ordered((*audiences, rng.choice(r.audiences.all)))
        if not sectors and kind in data.SECTOR_TYPES and rng.random() < 0.3:
            sectors = r.sectors.ordered(rng.sample(r.sectors.all, rng.randint(1, 2)))
        if rng.random() < 0.15:
            projects = r.projects.ordered((*projects, rng.choice(r.projects.all)))
        jobs = []
        if sectors and kind in data.JOB_TYPES and r.jobs.get(sectors[0]):
            candidates = r.jobs[sectors[0]]
            jobs = sorted(rng.sample(candidates, min(len(candidates), rng.randint(1, 2))))
        return audiences, sectors, projects, jobs


def events_create(cursor, references, members, network, rng, *, count: int, batch: int, bars) -> Agenda:
    """`count` events over the communes (weighted by population), about half at a synthetic site."""
    maker = _EventMaker(references, members, network, rng)
    counts = {"events": 0, **{f"event_{name}": 0 for name in M2M}}
    with bars.bar(count, "Événements") as bar:
        for start in range(0, count, batch):
            size = min(batch, count - start)
            places = references.draw_places(rng, size)
            ids = allocate_ids(cursor, Event, size)
            links: list[dict] = []  # filled while the events stream to PostgreSQL
            made = (
                maker.event(start + n + 1, pk, place)
                for n, (pk, place) in enumerate(zip(ids, places, strict=True))
            )
            counts["events"] += copy_model(cursor, Event, EVENT_FIELDS, stream(made, links))
            for name in M2M:
                pairs = ((pk, term) for pk, link in zip(ids, links, strict=True) for term in link[name])
                counts[f"event_{name}"] += copy_m2m(cursor, Event, name, pairs)
            bar.update(size)
    return Agenda(counts=counts)


def stream(made, links: list):
    for row, link in made:
        links.append(link)
        yield row
