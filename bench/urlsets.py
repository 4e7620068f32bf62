"""The benchmarked pages and the paths requested on each, drawn from the bench database.

Every page but `/sante/` cycles through at least `count` distinct paths (default 300): communes drawn
by population (the densest always included), every employment zone, every département, several
publics and search words. The draw is seeded: the same database gives the same paths.
"""

import math
import random
from dataclasses import dataclass
from urllib.parse import urlencode

DENSE_COMMUNES = ("31555", "75056", "69123")  # Toulouse, Paris, Lyon
RADIUS_KM = 30
QUERIES = (
    "mission locale",
    "cite des metiers",
    "bilan de compétences",
    "apprentissage",
    "france travail",
    "cio",
    "jeunes",
    "emploi",
    "orientation",
    "reconversion",
    "validation des acquis",
    "handicap",
)
AUDIENCE_COUNT = 4  # publics used in the query strings ("several")
DEFAULT_COUNT = 300


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    group: str  # "floor", "lieux" or "agenda"


PAGES = (
    Page("sante", "/sante/", "floor"),
    Page("lieux_commune", "/lieux/ commune+rayon+public", "lieux"),
    Page("lieux_texte", "/lieux/ q+departement", "lieux"),
    Page("lieux_zone", "/lieux/ zone+ouvert=samedi", "lieux"),
    Page("lieux_geojson", "/lieux.geojson departement", "lieux"),
    Page("lieu", "/lieux/<slug>/", "lieux"),
    Page("agenda_zone", "/agenda/ zone", "agenda"),
    Page("agenda_commune", "/agenda/ commune+rayon+gratuit", "agenda"),
    Page("agenda_ics", "/agenda.ics zone", "agenda"),
)
PAGE_KEYS = tuple(page.key for page in PAGES)


@dataclass(frozen=True)
class BenchData:
    """What the paths are made of, read from the bench database by `load_bench_data`."""

    communes: tuple[tuple[str, str, int], ...]  # (INSEE code, name, population), with coordinates
    zones: tuple[str, ...]
    departments: tuple[str, ...]
    audiences: tuple[str, ...]
    site_slugs: tuple[str, ...]
    postcodes: frozenset[str] = frozenset()


def load_bench_data() -> BenchData:
    """Read the database (Django must be set up)."""
    from structures.models import Audience, Commune, Department, EmploymentZone, Site

    communes, postcodes = [], set()
    rows = Commune.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("code")
    for code, name, population, codes in rows.values_list("code", "name", "population", "postcodes"):
        communes.append((code, name, population))
        postcodes.update(codes)
    return BenchData(
        communes=tuple(communes),
        zones=tuple(EmploymentZone.objects.order_by("code").values_list("code", flat=True)),
        departments=tuple(Department.objects.order_by("code").values_list("code", flat=True)),
        audiences=tuple(
            Audience.objects.active().order_by("position", "slug").values_list("slug", flat=True)
        ),
        site_slugs=tuple(Site.objects.published().order_by("pk").values_list("slug", flat=True)),
        postcodes=frozenset(postcodes),
    )


def draw_communes(data: BenchData, count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """`count` distinct communes drawn by population, the dense cities first.

    Weighted sampling without replacement (Efraimidis-Spirakis keys). A commune whose INSEE code is
    also a postcode is left out: the commune lookup reads five digits as a postcode first.
    """
    usable = [c for c in data.communes if c[0] not in data.postcodes]
    dense = [c for code in DENSE_COMMUNES for c in usable if c[0] == code]
    others = [c for c in usable if c[0] not in DENSE_COMMUNES]
    keyed = sorted(others, key=lambda c: math.log(rng.random() or 1e-300) / max(c[2], 1), reverse=True)
    return dense + keyed[: max(0, count - len(dense))]


def combine(primary, secondary, count: int) -> list[tuple]:
    """Distinct (primary, secondary) pairs: every primary value once, then again with the next
    secondary value, until there are `count` pairs (or every pair)."""
    if not primary or not secondary:
        return []
    total = min(max(count, len(primary)), len(primary) * len(secondary))
    pairs = []
    for index in range(total):
        turn, position = divmod(index, len(primary))
        pairs.append((primary[position], secondary[(position + turn) % len(secondary)]))
    return pairs


def _path(base: str, **params) -> str:
    query = urlencode([(name, value) for name, value in params.items() if value is not None])
    return f"{base}?{query}" if query else base


def build_paths(data: BenchData, *, count: int = DEFAULT_COUNT, seed: int = 1) -> dict[str, list[str]]:
    """The paths requested on each page (`PAGE_KEYS`), deterministic for a given data and seed."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible draw, not security
    communes = draw_communes(data, count, rng)
    audiences = list(data.audiences[:AUDIENCE_COUNT])
    with_audience = [None, *audiences]
    queries = [*QUERIES, *(name for _, name, _ in communes[:4])]
    departments = list(data.departments)
    order = departments[:]
    rng.shuffle(order)  # départements meet different words than their neighbours
    zones = list(data.zones)
    slugs = list(data.site_slugs)
    slugs = rng.sample(slugs, min(len(slugs), count))

    return {
        "sante": ["/sante/"],
        "lieux_commune": [
            _path(
                "/lieux/",
                commune=code,
                rayon=RADIUS_KM,
                public=audiences[i % len(audiences)] if audiences else None,
            )
            for i, (code, _, _) in enumerate(communes)
        ],
        "lieux_texte": [_path("/lieux/", q=q, departement=d) for d, q in combine(order, queries, count)],
        "lieux_zone": [
            _path("/lieux/", zone=z, ouvert="samedi", public=a)
            for z, a in combine(zones, with_audience, count)
        ],
        "lieux_geojson": [
            _path("/lieux.geojson", departement=d, public=a)
            for d, a in combine(departments, with_audience, count)
        ],
        "lieu": [f"/lieux/{slug}/" for slug in slugs],
        "agenda_zone": [_path("/agenda/", zone=z, public=a) for z, a in combine(zones, with_audience, count)],
        "agenda_commune": [
            _path("/agenda/", commune=code, rayon=RADIUS_KM, gratuit=1) for code, _, _ in communes
        ],
        "agenda_ics": [
            _path("/agenda.ics", zone=z, public=a) for z, a in combine(zones, with_audience, count)
        ],
    }


def sample(paths: list[str], size: int) -> list[str]:
    """`size` paths spread evenly over the list (all of them when the list is shorter)."""
    if len(paths) <= size:
        return list(paths)
    step = len(paths) / size
    return [paths[int(i * step)] for i in range(size)]
