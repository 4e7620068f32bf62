"""Synthetic members, sites, services and permanences (see spro_portal.synthetic)."""

import itertools
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.utils import timezone

from structures.enums import ServiceLevel, SiteKind
from structures.fields import MinuteRangesField
from structures.models import Member, Permanence, ServiceOffer, Site

from . import synthetic_data as data
from .synthetic_base import PREFIX, Place, References, folded, of, search_text, slug, weighted
from .synthetic_sql import allocate_ids, copy_m2m, copy_model

KM_PER_DEGREE = 111.195
SERVICE_FIELDS = ["site", "level", "modes", "free", "description"]
PERMANENCE_FIELDS = ["site", "member", "opening_hours", "note"]
KIND_LABELS = {value: folded(str(label)) for value, label in SiteKind.choices}
LEVEL_LABELS = {value: folded(str(label)) for value, label in ServiceLevel.choices}


class MemberInfo(NamedTuple):
    id: int
    network: str
    name: str  # folded, for search texts
    acronym: str  # folded


@dataclass
class Members:
    all: list[MemberInfo]
    by_area: dict[tuple[str, str], MemberInfo]  # (network, département or région code) -> member

    def of(self, network: str, place: Place) -> MemberInfo:
        scope = data.NETWORKS[network][3]
        return self.by_area[network, place.department if scope == "departement" else place.region]


def members_create(references: References) -> Members:
    """One member per network and département or région (a few hundred), with bulk_create. Their names
    come from the territory (its name or its most populated commune): no random draw."""
    capitals: dict[tuple[str, str], Place] = {}  # (scope, département or région code) -> largest commune
    for place in references.places:
        for area in (("departement", place.department), ("region", place.region)):
            if area not in capitals or place.population > capitals[area].population:
                capitals[area] = place
    members, keys, slugs = [], [], set()
    for network, (network_slug, category, basis, scope, pattern, acronym, *_rest) in data.NETWORKS.items():
        scope = "departement" if scope == "departement" else "region"
        for kind, area in sorted(key for key in capitals if key[0] == scope):
            capital = capitals[kind, area].name
            name = pattern.format(
                dept=references.department_names.get(area, ""),
                region=references.region_names.get(area, ""),
                of_capital=of(capital),
                of_city=of(capital),
            )
            member_slug = base = f"{PREFIX}{slug(name)}"
            for number in itertools.count(2):
                if member_slug not in slugs:
                    break
                member_slug = f"{base}-{number}"
            slugs.add(member_slug)
            members.append(
                Member(
                    identifier=f"{PREFIX}{network}-{area.lower()}",
                    name=name,
                    slug=member_slug,
                    acronym=acronym,
                    category=category,
                    basis=basis,
                    network=network_slug,
                    website=f"https://www.{data.DOMAIN}/membres/{network}-{area.lower()}",
                    description="Membre fictif des données synthétiques (essais de charge).",
                    active=True,
                )
            )
            keys.append((network, area))
    Member.objects.bulk_create(members, batch_size=1000)
    infos = [
        MemberInfo(m.pk, key[0], folded(m.name), folded(m.acronym))
        for m, key in zip(members, keys, strict=True)
    ]
    return Members(all=infos, by_area=dict(zip(keys, infos, strict=True)))


class SiteInfo(NamedTuple):
    """What events need of a site to use it as their venue."""

    id: int
    member: MemberInfo
    place: Place
    latitude: float
    longitude: float
    address: str
    postcode: str
    name: str  # folded


class SiteRow(NamedTuple):
    """A row of the sites table: the primary key, then model fields in COPY order."""

    id: int
    identifier: str
    member: int
    name: str
    slug: str
    kind: str
    parent: int | None
    address: str
    postcode: str
    commune: str
    latitude: float
    longitude: float
    coordinates_approximate: bool
    phone: str
    free_phone: str
    email: str
    website: str
    chat_url: str
    appointment_url: str
    opening_hours: str
    hours_note: str
    accessibility: list[str]
    published: bool
    created_at: datetime
    updated_at: datetime
    week_open: str | None
    open_saturday: bool
    open_evening: bool
    closed_on_public_holidays: bool
    search_name: str
    search_text: str
    department_code: str
    zone_code: str
    audience_ids: list[int]
    scheme_ids: list[int]
    project_ids: list[int]


SITE_FIELDS = list(SiteRow._fields[1:])


@dataclass
class Network:
    sites: list[SiteInfo]
    counts: dict[str, int]


class Service(NamedTuple):
    level: str
    audiences: tuple[int, ...]
    schemes: tuple[int, ...]
    projects: tuple[int, ...]
    modes: list[str]
    description: str
    text: str  # folded search text of the service


def _services(references: References) -> dict[str, list[Service]]:
    profiles = {}
    for name, templates in data.PROFILES.items():
        profiles[name] = []
        for level, audiences, schemes, projects, modes, description in templates:
            audience_ids = references.audiences.pick(audiences)
            scheme_ids = references.schemes.pick(schemes)
            project_ids = references.projects.pick(projects)
            text = search_text([
                LEVEL_LABELS[level], folded(description), references.audiences.text(audience_ids),
                references.schemes.text(scheme_ids), references.projects.text(project_ids),
            ])  # fmt: skip
            profiles[name].append(
                Service(level, audience_ids, scheme_ids, project_ids, list(modes), description, text)
            )
    return profiles


def jitter(rng: random.Random, latitude: float, longitude: float, km: float = data.JITTER_KM):
    """A point within `km` of the given one, uniformly spread over the disc."""
    angle, distance = rng.random() * 2 * math.pi, km * math.sqrt(rng.random())
    dlat = distance * math.cos(angle) / KM_PER_DEGREE
    dlon = distance * math.sin(angle) / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return round(latitude + dlat, 6), round(longitude + dlon, 6)


class _SiteMaker:
    """Draws the sites one by one, with their services and permanence."""

    def __init__(self, references: References, members: Members, rng: random.Random):
        self.references, self.members, self.rng = references, members, rng
        self.now = timezone.now()
        self.profiles = _services(references)
        network_kinds = [(None, 100 - sum(share for _k, share, *_ in data.NETWORK_KINDS))]
        self.kind = weighted(rng, network_kinds + [(row, row[1]) for row in data.NETWORK_KINDS])
        self.network = weighted(rng, [(key, row[8]) for key, row in data.NETWORKS.items()])
        self.hours = weighted(rng, data.SITE_HOURS)
        field = MinuteRangesField()
        self.schedules = {
            expression: (field.get_prep_value(s.ranges) if expression else None, *_flags(s))
            for expression, s in references.schedules.items()
        }
        self.names: dict[tuple[str, str], int] = {}

    def site(self, number: int, site_id: int, place: Place):
        rng = self.rng
        kind_row = self.kind()
        if kind_row is None:
            kind, network = SiteKind.MEMBER_OFFICE, self.network()
            base, profile = data.NETWORKS[network][6], data.NETWORKS[network][7]
            town = of(place.name)
        else:
            kind, _share, hosts, base, profile = kind_row
            network, town = rng.choice(hosts), place.name
        member = self.members.of(network, place)
        street, street_number = rng.choice(data.STREETS), int(rng.random() * 120) + 1
        address = f"{street_number} {street}"
        name_parts = [base, town]
        seen = self.names.get((base, place.code), 0)
        self.names[base, place.code] = seen + 1
        if seen:
            name_parts.append(f"— {street}")
        name = " ".join(name_parts)
        postcode = rng.choice(place.postcodes) if place.postcodes else ""
        latitude, longitude = jitter(rng, place.latitude, place.longitude)
        opening_hours = self.hours()
        week_open, saturday, evening, holidays = self.schedules[opening_hours]
        templates = self.profiles[profile]
        chosen = sorted(rng.sample(range(len(templates)), rng.randint(1, min(3, len(templates)))))
        services = [templates[index] for index in chosen]
        audiences, schemes, projects = set(), set(), set()
        for service in services:
            audiences.update(service.audiences)
            schemes.update(service.schemes)
            projects.update(service.projects)
        permanence = None
        if rng.random() < 0.05:
            partner = self.members.of(rng.choice(data.PERMANENCE_NETWORKS), place)
            permanence = (partner, rng.choice(data.PERMANENCE_HOURS))
        parts = [
            KIND_LABELS[kind], member.name, member.acronym, folded(place.name), postcode,
            f"{street_number} {folded(street)}", *(service.text for service in services),
        ]  # fmt: skip
        if permanence:
            parts.extend([permanence[0].name, permanence[0].acronym])
        created = self.now - timedelta(seconds=int(rng.random() * 400 * 86400))
        row = SiteRow(
            id=site_id,
            identifier=f"{PREFIX}lieu-{number:06d}",
            member=member.id,
            name=name,
            slug=f"{PREFIX}{slug(base)}-{slug(town)}-{number}",
            kind=kind,
            parent=None,
            address=address,
            postcode=postcode,
            commune=place.code,
            latitude=latitude,
            longitude=longitude,
            coordinates_approximate=False,
            phone=f"{data.FICTION_PHONE} {number // 100 % 100:02d} {number % 100:02d}",
            free_phone="",  # no free-phone range is reserved for fiction
            email=f"lieu-{number}@{data.DOMAIN}",
            website=f"https://www.{data.DOMAIN}/lieux/{number}" if rng.random() < 0.3 else "",
            chat_url=f"https://discussion.{data.DOMAIN}/{number}" if rng.random() < 0.03 else "",
            appointment_url=f"https://rendez-vous.{data.DOMAIN}/{number}" if rng.random() < 0.2 else "",
            opening_hours=opening_hours,
            hours_note=rng.choice(data.HOURS_NOTES),
            accessibility=self._accessibility(),
            published=True,
            created_at=created,
            updated_at=created + (self.now - created) * rng.random(),
            week_open=week_open,
            open_saturday=saturday,
            open_evening=evening,
            closed_on_public_holidays=holidays,
            search_name=search_text(folded(part) for part in name_parts),
            search_text=search_text(parts),
            department_code=place.department,
            zone_code=place.zone or "",
            audience_ids=self.references.audience_ids(audiences),
            scheme_ids=sorted(schemes),
            project_ids=sorted(projects),
        )
        info = SiteInfo(site_id, member, place, latitude, longitude, address, postcode, row.search_name)
        return row, services, permanence, info

    def _accessibility(self) -> list[str]:
        if self.rng.random() >= 0.45:
            return []
        features = zip(data.ACCESSIBILITY, data.ACCESSIBILITY_WEIGHTS, strict=True)
        return [str(feature) for feature, weight in features if self.rng.random() * 100 < weight]


def _flags(schedule) -> tuple[bool, bool, bool]:
    return schedule.open_saturday, schedule.open_evening, schedule.closed_on_public_holidays


def sites_create(cursor, references, members, rng, *, count: int, batch: int, bars) -> Network:
    """`count` sites over the communes (weighted by population), 1 to 3 services each, a few permanences."""
    maker = _SiteMaker(references, members, rng)
    places = references.draw_places(rng, count)
    infos, counts = [], {"sites": 0, "services": 0, "permanences": 0}
    with bars.bar(count, "Lieux") as bar:
        for start in range(0, count, batch):
            chunk = places[start : start + batch]
            ids = allocate_ids(cursor, Site, len(chunk))
            made = []  # (site id, services, permanence), filled while the sites stream to PostgreSQL
            sites = (
                maker.site(start + n + 1, pk, place)
                for n, (pk, place) in enumerate(zip(ids, chunk, strict=True))
            )
            counts["sites"] += copy_model(cursor, Site, SITE_FIELDS, stream(sites, made, infos))
            services = [(site, service) for site, services, _p in made for service in services]
            service_ids = allocate_ids(cursor, ServiceOffer, len(services))
            rows = (
                (pk, site, s.level, s.modes, True, s.description)
                for pk, (site, s) in zip(service_ids, services, strict=True)
            )
            counts["services"] += copy_model(cursor, ServiceOffer, SERVICE_FIELDS, rows)
            for name in ("audiences", "schemes", "projects"):
                pairs = (
                    (pk, term)
                    for pk, (_site, s) in zip(service_ids, services, strict=True)
                    for term in getattr(s, name)
                )
                copy_m2m(cursor, ServiceOffer, name, pairs)
            permanences = [(site, *permanence) for site, _s, permanence in made if permanence]
            permanence_ids = allocate_ids(cursor, Permanence, len(permanences))
            rows = (
                (pk, site, member.id, hours, "")
                for pk, (site, member, hours) in zip(permanence_ids, permanences, strict=True)
            )
            counts["permanences"] += copy_model(cursor, Permanence, PERMANENCE_FIELDS, rows)
            bar.update(len(chunk))
    return Network(sites=infos, counts=counts)


def stream(made, details: list, infos: list):
    """Yield the rows to COPY while keeping what the dependent tables need (PostgreSQL works meanwhile)."""
    for row, services, permanence, info in made:
        details.append((row[0], services, permanence))
        infos.append(info)
        yield row
