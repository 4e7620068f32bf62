"""Shared pieces of the synthetic data (spro_portal.synthetic): what is read once from the database
(communes, territories, taxonomies), weighted draws, and the folded texts of the search columns."""

import bisect
import functools
import itertools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.utils.text import slugify

from structures import hours
from structures.models import Audience, Commune, Department, Job, Project, Scheme, Sector
from structures.services import ALL_PUBLICS
from structures.text import fold

from . import synthetic_data as data

PREFIX = data.PREFIX


@functools.cache
def folded(text: str) -> str:
    """structures.text.fold, remembered: the same labels and names come back millions of times."""
    return fold(text)


@functools.cache
def slug(text: str) -> str:
    return slugify(text)


def search_text(parts: Iterable[str]) -> str:
    """fold(" ".join(parts)) from the parts' folded forms: folding works word by word, so it is the same."""
    return " ".join(part for part in parts if part)


def of(town: str) -> str:
    """ "de Toulouse", "d'Albi", "du Mans", "des Sables-d'Olonne"."""
    if town.startswith("Le "):
        return f"du {town[3:]}"
    if town.startswith("Les "):
        return f"des {town[4:]}"
    return f"d'{town}" if town[0] in "AEIOUYÂÊÎÔÉÈ" else f"de {town}"


class Place(NamedTuple):
    code: str
    name: str
    postcodes: tuple[str, ...]
    latitude: float
    longitude: float
    department: str
    region: str
    zone: str | None
    population: int


class Terms:
    """One taxonomy: ids by slug, folded labels, display order (position, label) as in prefetches."""

    def __init__(self, rows: list[tuple[int, str, str]]):
        self.ids = {slug: pk for pk, slug, _label in rows}
        self.rank = {pk: rank for rank, (pk, _slug, _label) in enumerate(rows)}
        self.label = {pk: folded(label) for pk, _slug, label in rows}
        self.all = sorted(self.rank)

    @classmethod
    def of(cls, model) -> "Terms":
        return cls(list(model.objects.order_by("position", "label").values_list("pk", "slug", "label")))

    def pick(self, slugs: Iterable[str]) -> tuple[int, ...]:
        return self.ordered(self.ids[slug] for slug in slugs if slug in self.ids)

    def ordered(self, ids: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(set(ids), key=self.rank.__getitem__))

    def text(self, ids: Iterable[int]) -> str:
        return " ".join(self.label[pk] for pk in ids)


@dataclass
class References:
    """What the generation reads from the database once: communes, territories, taxonomies, hours."""

    places: list[Place]
    cum_weights: list[float]
    department_names: dict[str, str]
    region_names: dict[str, str]
    audiences: Terms
    schemes: Terms
    projects: Terms
    sectors: Terms
    jobs: dict[int, list[tuple[str, str]]]  # sector id -> [(ROME code, folded label)]
    schedules: dict[str, hours.WeekSchedule] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "References":
        departments = {d.code: d for d in Department.objects.select_related("region")}
        rows = (
            Commune.objects.filter(latitude__isnull=False, longitude__isnull=False)
            .order_by("code")
            .values_list(
                "code", "name", "postcodes", "latitude", "longitude", "department_id", "employment_zone_id",
                "population",
            )
        )  # fmt: skip
        served = set(settings.PORTAL_DEPARTMENTS)
        places, cum_weights, total = [], [], 0.0
        for code, name, postcodes, latitude, longitude, department, zone, population in rows:
            region = departments[department].region_id
            places.append(
                Place(code, name, tuple(postcodes), latitude, longitude, department, region, zone, population)
            )
            total += max(population, 1) * (data.SERVED_WEIGHT if department in served else 1)
            cum_weights.append(total)
        if not places:
            raise SyntheticDataError(
                "Aucune commune avec coordonnées : chargez d'abord les données de référence "
                "(manage.py load_reference_data)."
            )
        jobs: dict[int, list[tuple[str, str]]] = {}
        for code, label, sector in Job.objects.order_by("code").values_list("code", "label", "sector_id"):
            jobs.setdefault(sector, []).append((code, folded(label)))
        return cls(
            places=places,
            cum_weights=cum_weights,
            department_names={code: d.name for code, d in departments.items()},
            region_names={d.region_id: d.region.name for d in departments.values()},
            audiences=Terms.of(Audience),
            schemes=Terms.of(Scheme),
            projects=Terms.of(Project),
            sectors=Terms.of(Sector),
            jobs=jobs,
            schedules={expression: hours.week_schedule(expression) for expression, _ in data.SITE_HOURS},
        )

    def draw_places(self, rng: random.Random, count: int) -> list[Place]:
        return rng.choices(self.places, cum_weights=self.cum_weights, k=count)

    def audience_ids(self, audiences: Iterable[int]) -> list[int]:
        """The public ids stored on a site or event: "tous publics" stands for every public."""
        audiences = set(audiences)
        if self.audiences.ids.get(ALL_PUBLICS) in audiences:
            return self.audiences.all
        return sorted(audiences)


class SyntheticDataError(Exception):
    """The synthetic data cannot be generated; nothing was written."""


def weighted(rng: random.Random, pairs: list[tuple[object, float]]) -> Callable[[], object]:
    """A function drawing one value of `pairs` (value, weight) with `rng` (faster than rng.choices)."""
    values = [value for value, _weight in pairs]
    cum = list(itertools.accumulate(weight for _value, weight in pairs))
    total, last, draw = cum[-1], len(values) - 1, rng.random
    return lambda: values[min(bisect.bisect(cum, draw() * total), last)]
