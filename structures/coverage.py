"""Equal access to the network: for every commune of the served territory, the nearest published
first-reception place and the nearest published place of a CEP operator, with their great-circle
distances (`CommuneCoverage`). Written by `coverage_compute` (`manage.py compute_coverage`), and again
after each write that changes where the published places are (`coverage_refresh_later`); read by
`structures.selectors.coverage`.

The nearest place is found without comparing every commune with every place: the places of each kind
are put in a grid of cells (`SiteGrid`: 0.25° a side, halved until an occupied cell holds about four
places on average), and each commune looks at the rings of cells around its own, outward, until no
place beyond the rings looked at can be nearer than the best one found (a place outside a square of
cells lies at least as far as the square's nearest edge: a difference of latitude is a meridian arc, a
difference of longitude at least the distance to that meridian's great circle). Longitudes do not wrap
around ±180° (no French commune lies near it).
"""

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .enums import MemberCategory, SiteKind
from .geo import distance_km
from .models import Commune, CommuneCoverage, Site

logger = logging.getLogger(__name__)

# The places where anyone is welcomed first: the Cité des métiers network.
RECEPTION_KINDS = frozenset({SiteKind.CENTRAL, SiteKind.ASSOCIATED_CENTRE, SiteKind.RELAY_POINT})
# The places of the members whose charter category is "opérateur du CEP" (France Travail, the missions
# locales, Cap emploi, Apec, Transitions Pro…), whatever their kind and the services they list.
CEP_CATEGORIES = frozenset({MemberCategory.CEP_OPERATOR})

MAX_CELL_DEGREES = 0.25
MIN_CELL_DEGREES = 0.01
PLACES_PER_CELL = 4  # at most this many places in an occupied cell on average
PROGRESS_STEP = 250  # communes between two progress calls
# A margin on the bound of the places not yet looked at, against rounding (equal distances go on).
SAFETY = 1 - 1e-9


def served_communes() -> QuerySet:
    """The communes whose coverage is computed: those of the served territory with coordinates (all of
    them in the INSEE files)."""
    return Commune.objects.served().filter(latitude__isnull=False, longitude__isnull=False)


def published_sites() -> QuerySet:
    """The places that count: published, of an active member (what `Site.objects.published()` keeps,
    read from the members' table rather than the cached catalog), with coordinates. Places outside the
    served territory count too: people cross borders."""
    return Site.objects.filter(
        published=True, member__active=True, latitude__isnull=False, longitude__isnull=False
    )


@dataclass(frozen=True)
class Nearest:
    site_id: int
    km: float


class SiteGrid:
    """Places (id, latitude, longitude) bucketed in square cells of latitude and longitude, for nearest
    searches that read only the cells near a point."""

    def __init__(self, places: Iterable[tuple[int, float, float]]):
        places = list(places)
        self.size = len(places)
        self.cell = _cell_degrees(places)
        cell = self.cell
        cells: dict[tuple[int, int], list] = {}
        for site_id, latitude, longitude in places:
            phi = math.radians(latitude)
            key = (math.floor(latitude / cell), math.floor(longitude / cell))
            cells.setdefault(key, []).append(
                (phi, math.radians(longitude), math.cos(phi), site_id, latitude, longitude)
            )
        self.cells = cells
        rows = [key[0] for key in cells] or [0]
        columns = [key[1] for key in cells] or [0]
        self.bounds = (min(rows), max(rows), min(columns), max(columns))

    def nearest(self, latitude: float, longitude: float) -> Nearest | None:
        """The nearest place to the point (the lowest id among equally near ones), None without places."""
        if not self.cells:
            return None
        cell, cells = self.cell, self.cells
        row, column = math.floor(latitude / cell), math.floor(longitude / cell)
        phi, lam = math.radians(latitude), math.radians(longitude)
        cos_phi = math.cos(phi)
        sin = math.sin
        min_row, max_row, min_column, max_column = self.bounds
        last_ring = max(row - min_row, max_row - row, column - min_column, max_column - column)
        best_a, best = math.inf, None  # a = the haversine's sin²(d / 2R), increasing with the distance d
        ring = 0
        while True:
            for key in _ring(row, column, ring, self.bounds):
                for place in cells.get(key, ()):
                    site_phi, site_lam, site_cos, site_id, _lat, _lon = place
                    a = (
                        sin((site_phi - phi) * 0.5) ** 2
                        + cos_phi * site_cos * sin((site_lam - lam) * 0.5) ** 2
                    )
                    if a < best_a or (a == best_a and site_id < best[3]):
                        best_a, best = a, place
            if ring >= last_ring or (
                best is not None and best_a < self._outside_bound(latitude, longitude, cos_phi, ring) * SAFETY
            ):
                break
            ring += 1
        if best is None:
            return None
        return Nearest(best[3], distance_km(latitude, longitude, best[4], best[5]))

    def _outside_bound(self, latitude: float, longitude: float, cos_phi: float, ring: int) -> float:
        """The haversine's `a` of the nearest point outside the square of cells `ring` around the
        point's cell: a difference of latitude Δφ is a meridian arc; a point at a difference of
        longitude Δλ ≤ 90° lies at least asin(sin Δλ · cos φ) from the point (its distance to that
        meridian's great circle)."""
        cell = self.cell
        row, column = math.floor(latitude / cell), math.floor(longitude / cell)
        lat_gap = min(latitude - (row - ring) * cell, (row + ring + 1) * cell - latitude)
        lon_gap = min(longitude - (column - ring) * cell, (column + ring + 1) * cell - longitude, 90.0)
        a_lat = math.sin(math.radians(lat_gap) / 2) ** 2
        angle = math.asin(min(1.0, math.sin(math.radians(lon_gap)) * cos_phi))
        return min(a_lat, math.sin(angle / 2) ** 2)


def _cell_degrees(places: list) -> float:
    """The largest cell size (MAX_CELL_DEGREES halved as needed, down to MIN_CELL_DEGREES) whose
    occupied cells hold at most PLACES_PER_CELL places on average: dense networks get small cells."""
    size = MAX_CELL_DEGREES
    while size / 2 >= MIN_CELL_DEGREES:
        occupied = {
            (math.floor(latitude / size), math.floor(longitude / size)) for _id, latitude, longitude in places
        }
        if len(places) <= PLACES_PER_CELL * len(occupied):
            break
        size /= 2
    return size


def _ring(row: int, column: int, ring: int, bounds: tuple[int, int, int, int]):
    """The cells at Chebyshev distance `ring` from (row, column), clipped to the grid's bounds."""
    min_row, max_row, min_column, max_column = bounds
    if ring == 0:
        yield (row, column)
        return
    first_column, last_column = max(column - ring, min_column), min(column + ring, max_column)
    for edge_row in (row - ring, row + ring):
        if min_row <= edge_row <= max_row:
            for cell_column in range(first_column, last_column + 1):
                yield (edge_row, cell_column)
    first_row, last_row = max(row - ring + 1, min_row), min(row + ring - 1, max_row)
    for edge_column in (column - ring, column + ring):
        if min_column <= edge_column <= max_column:
            for cell_row in range(first_row, last_row + 1):
                yield (cell_row, edge_column)


@transaction.atomic
def coverage_compute(
    *, communes: Iterable[Commune | str] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Compute and store the coverage of every served commune (`served_communes`), or of those of
    `communes` among them (commune instances, codes or a queryset; the other rows are kept). Rows of
    communes outside the served territory are deleted on a full run. `progress(n)` is told each time n
    more communes are done. Returns the number of rows written, in one transaction (readers see
    the previous rows until it commits).

    First reception: the Cité des métiers, the associated centres and the relay points
    (`RECEPTION_KINDS`). CEP: any place of a member of the "opérateur du CEP" category
    (`CEP_CATEGORIES`). Both among `published_sites()`. A commune without any such place gets a row
    with no site and no distance."""
    started = time.perf_counter()
    rows = served_communes()
    if communes is not None:
        if isinstance(communes, QuerySet):
            rows = rows.filter(pk__in=communes.values("pk"))
        else:
            rows = rows.filter(pk__in=[getattr(commune, "pk", commune) for commune in communes])
    points = list(rows.order_by("code").values_list("code", "latitude", "longitude"))
    reception, cep = [], []
    for site_id, kind, category, latitude, longitude in published_sites().values_list(
        "pk", "kind", "member__category", "latitude", "longitude"
    ):
        if kind in RECEPTION_KINDS:
            reception.append((site_id, latitude, longitude))
        if category in CEP_CATEGORIES:
            cep.append((site_id, latitude, longitude))
    reception_grid, cep_grid = SiteGrid(reception), SiteGrid(cep)
    now = timezone.now()
    coverages = []
    for done, (code, latitude, longitude) in enumerate(points, start=1):
        to_reception = reception_grid.nearest(latitude, longitude)
        to_cep = cep_grid.nearest(latitude, longitude)
        coverages.append(
            CommuneCoverage(
                commune_id=code,
                reception_site_id=to_reception.site_id if to_reception else None,
                reception_km=to_reception.km if to_reception else None,
                cep_site_id=to_cep.site_id if to_cep else None,
                cep_km=to_cep.km if to_cep else None,
                computed_at=now,
            )
        )
        if progress and done % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
    if progress and len(points) % PROGRESS_STEP:
        progress(len(points) % PROGRESS_STEP)
    if communes is None:
        CommuneCoverage.objects.all().delete()
    else:
        CommuneCoverage.objects.filter(pk__in=[coverage.commune_id for coverage in coverages]).delete()
    CommuneCoverage.objects.bulk_create(coverages, batch_size=2000)
    logger.info(
        "Coverage of %d communes (%d first-reception places, %d CEP places) computed in %.2f s.",
        len(coverages),
        reception_grid.size,
        cep_grid.size,
        time.perf_counter() - started,
    )
    return len(coverages)


class _Refresh:
    """The recomputation scheduled after a transaction's commit (one per transaction: see below)."""

    done = False

    def __call__(self):
        self.done = True
        coverage_compute()


def coverage_refresh_later(using: str | None = None) -> None:
    """Recompute the coverage once the current transaction commits (at once outside a transaction), and
    only once per transaction however many writes ask for it. Call it after writes that change which
    places are published, their coordinates, their kind or their member (or a member's category or
    activity). A failed recomputation is logged, never raised: the write it follows is committed."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        isinstance(callback, _Refresh) and not callback.done
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return  # already scheduled in this transaction (a rolled-back savepoint takes its own away)
    transaction.on_commit(_Refresh(), using=using, robust=True)
