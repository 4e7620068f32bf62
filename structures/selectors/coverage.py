"""Equal access, as last computed (`structures.coverage`, `CommuneCoverage`): the share of the
population within 10, 20 and 30 km of a first-reception place and of a CEP operator's place, per
département and for the served territory; the most populated of the far communes; every commune's
point for a map, with the projection of the territory onto an SVG drawing. Two queries."""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _

from ..geo import KM_PER_DEGREE
from ..models import CommuneCoverage, Department

THRESHOLDS_KM = (10, 20, 30)
# "The 20 most populated communes that are farthest": among the communes whose nearest first-reception
# place lies beyond FARTHEST_KM (or that have none), the FARTHEST_COUNT most populated.
FARTHEST_KM = 20
FARTHEST_COUNT = 20


@dataclass(frozen=True)
class AreaCoverage:
    """A département (or the territory: code ""): its communes computed, their population, and the
    shares of that population (percent, one decimal; None without population) within 10, 20 and 30 km
    of a first-reception place (`reception_…`) and of a CEP operator's place (`cep_…`)."""

    code: str
    name: str
    communes: int
    population: int
    reception_10: float | None
    reception_20: float | None
    reception_30: float | None
    cep_10: float | None
    cep_20: float | None
    cep_30: float | None

    @property
    def reception_shares(self) -> tuple[tuple[int, float | None], ...]:
        """(km, share) for each of THRESHOLDS_KM."""
        return tuple((km, getattr(self, f"reception_{km}")) for km in THRESHOLDS_KM)

    @property
    def cep_shares(self) -> tuple[tuple[int, float | None], ...]:
        return tuple((km, getattr(self, f"cep_{km}")) for km in THRESHOLDS_KM)


@dataclass(frozen=True)
class FarCommune:
    code: str  # INSEE
    name: str
    department: str  # code
    population: int
    reception_km: float | None  # None: no first-reception place at all
    reception_site: str  # the nearest first-reception place's name ("" when none)


class MapPoint(NamedTuple):
    code: str
    name: str
    latitude: float
    longitude: float
    reception_km: float | None


@dataclass(frozen=True)
class CoverageFigures:
    computed_at: datetime | None  # None: never computed (`manage.py compute_coverage`)
    territory: AreaCoverage
    departments: list[AreaCoverage]  # the served départements, by code
    farthest: list[FarCommune]  # most populated first
    points: list[MapPoint]  # every commune computed, by code


class _Totals:
    __slots__ = ("communes", "population", "reception", "cep")

    def __init__(self):
        self.communes = self.population = 0
        self.reception = [0] * len(THRESHOLDS_KM)
        self.cep = [0] * len(THRESHOLDS_KM)

    def add(self, population: int, reception_km: float | None, cep_km: float | None) -> None:
        self.communes += 1
        self.population += population
        for index, km in enumerate(THRESHOLDS_KM):
            if reception_km is not None and reception_km <= km:
                self.reception[index] += population
            if cep_km is not None and cep_km <= km:
                self.cep[index] += population

    def area(self, code: str, name: str) -> AreaCoverage:
        def share(within: int) -> float | None:
            return round(100 * within / self.population, 1) if self.population else None

        reception = [share(within) for within in self.reception]
        cep = [share(within) for within in self.cep]
        return AreaCoverage(code, name, self.communes, self.population, *reception, *cep)


def coverage_figures() -> CoverageFigures:
    """The figures of the served territory's communes, from their stored coverage. Two queries."""
    served = settings.PORTAL_DEPARTMENTS
    names = dict(Department.objects.filter(code__in=served).order_by("code").values_list("code", "name"))
    rows = (
        CommuneCoverage.objects.filter(commune__department_id__in=served)
        .order_by("commune_id")
        .values_list(
            "commune_id",
            "commune__name",
            "commune__department_id",
            "commune__population",
            "commune__latitude",
            "commune__longitude",
            "reception_km",
            "reception_site__name",
            "cep_km",
            "computed_at",
        )
    )
    territory, by_department = _Totals(), {code: _Totals() for code in names}
    computed_at, far, points = None, [], []
    for code, name, department, population, lat, lon, reception_km, site, cep_km, at in rows:
        population = population or 0
        territory.add(population, reception_km, cep_km)
        by_department.setdefault(department, _Totals()).add(population, reception_km, cep_km)
        computed_at = at if computed_at is None else max(computed_at, at)
        if reception_km is None or reception_km > FARTHEST_KM:
            far.append(FarCommune(code, name, department, population, reception_km, site or ""))
        points.append(MapPoint(code, name, lat, lon, reception_km))
    far.sort(key=lambda commune: (-commune.population, -(commune.reception_km or math.inf), commune.code))
    return CoverageFigures(
        computed_at=computed_at,
        territory=territory.area("", _("Ensemble du territoire")),
        departments=[
            totals.area(code, names.get(code, code)) for code, totals in sorted(by_department.items())
        ],
        farthest=far[:FARTHEST_COUNT],
        points=points,
    )


@dataclass(frozen=True)
class SvgProjection:
    """Latitude and longitude to the x, y of an SVG drawing `width` wide, its height following the
    territory's shape (equirectangular, longitudes shortened by the cosine of the middle latitude),
    `margin` around; y grows southwards."""

    west: float
    north: float
    scale: float  # SVG units per degree of latitude
    x_factor: float  # cos(middle latitude)
    width: float
    height: float
    margin: float

    @classmethod
    def fit(cls, points, width: float = 600.0, margin: float = 10.0) -> "SvgProjection":
        """The projection of the bounding box of `points` (objects with `latitude` and `longitude`,
        such as `MapPoint`s; those without coordinates are left out)."""
        located = [point for point in points if point.latitude is not None and point.longitude is not None]
        if not located:
            return cls(0.0, 0.0, 1.0, 1.0, width, width / 2, margin)
        south, north = min(p.latitude for p in located), max(p.latitude for p in located)
        west, east = min(p.longitude for p in located), max(p.longitude for p in located)
        x_factor = math.cos(math.radians((south + north) / 2))
        scale = (width - 2 * margin) / max((east - west) * x_factor, 0.01)
        height = (north - south) * scale + 2 * margin
        return cls(west, north, scale, x_factor, width, round(height, 1), margin)

    def xy(self, latitude: float, longitude: float) -> tuple[float, float]:
        """The SVG coordinates (one decimal) of a point."""
        x = self.margin + (longitude - self.west) * self.x_factor * self.scale
        y = self.margin + (self.north - latitude) * self.scale
        return round(x, 1), round(y, 1)

    def km(self, km: float) -> float:
        """A distance on the ground in SVG units (radius of a circle of `km` around a point)."""
        return km / KM_PER_DEGREE * self.scale

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"
