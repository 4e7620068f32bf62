"""Reference data (régions, départements, employment zones, communes, ROME jobs) from the CSV files
of `structures/reference_data/` (provenance in PROVENANCE.md).

`read_reference_data` parses and validates every file first and reports the first problem with its
file and line; `reference_data_load` then writes everything in one transaction, upserting by code, so
running it again updates in place and a bad file leaves the database as it was.
"""

import csv
import io
import math
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .coverage import coverage_compute
from .geo import distance_km
from .models import Commune, CommuneCoverage, Department, EmploymentZone, Job, Region, Sector
from .services import territory_refresh
from .text import fold

DEFAULT_DIR = Path(__file__).resolve().parent / "reference_data"
BATCH_SIZE = 2000

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"^\d{5}$")
DEPARTMENT_CODE = re.compile(r"^(\d{2}|2A|2B|9[78]\d)$")
REGION_CODE = re.compile(r"^\d{2,3}$")
ZONE_CODE = re.compile(r"^\d{4}$")
ROME_CODE = re.compile(r"^[A-N]\d{4}$")


class ReferenceDataError(Exception):
    def __init__(self, filename: str, message: str, line: int | None = None):
        self.filename, self.line = filename, line
        where = f"{filename}, ligne {line}" if line else filename
        super().__init__(f"{where} : {message}")


@dataclass
class ReferenceData:
    regions: list[Region] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    zones: list[EmploymentZone] = field(default_factory=list)
    zone_departments: list[tuple[str, str]] = field(default_factory=list)
    communes: list[Commune] = field(default_factory=list)
    jobs: list[tuple[str, str]] = field(default_factory=list)
    relocated: list["Relocation"] = field(default_factory=list)  # misplaced points, moved


def _rows(directory: Path, filename: str, columns: list[str]) -> Iterable[tuple[int, dict]]:
    path = directory / filename
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReferenceDataError(filename, f"fichier introuvable dans {directory}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReferenceDataError(filename, "encodage invalide, UTF-8 attendu.", line) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in columns if column not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceDataError(filename, f"colonne(s) manquante(s) : {', '.join(missing)}.", 1)
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            raise ReferenceDataError(filename, "nombre de colonnes incorrect.", reader.line_num)
        yield reader.line_num, {key: value.strip() for key, value in row.items()}


def _check(condition: bool, filename: str, line: int, message: str) -> None:
    if not condition:
        raise ReferenceDataError(filename, message, line)


def _float(value: str, filename: str, line: int, column: str, bound: float) -> float | None:
    if value == "" or value.lower() == "nan":  # the source marks a few unknown points "nan"
        return None
    try:
        number = float(value)
    except ValueError:
        raise ReferenceDataError(filename, f"{column} « {value} » invalide, nombre attendu.", line) from None
    _check(
        math.isfinite(number) and -bound <= number <= bound,
        filename,
        line,
        f"{column} {number} hors limites (±{bound}).",
    )
    return number


def read_reference_data(directory: Path = DEFAULT_DIR) -> ReferenceData:
    data = ReferenceData()

    for line, row in _rows(directory, "regions.csv", ["code_region", "nom"]):
        _check(REGION_CODE.match(row["code_region"]), "regions.csv", line, "code_region invalide.")
        _check(row["nom"] != "", "regions.csv", line, "nom vide.")
        data.regions.append(Region(code=row["code_region"], name=row["nom"]))
    regions = {region.code for region in data.regions}

    for line, row in _rows(directory, "departements.csv", ["code_departement", "nom", "code_region"]):
        name = "departements.csv"
        _check(DEPARTMENT_CODE.match(row["code_departement"]), name, line, "code_departement invalide.")
        _check(row["nom"] != "", name, line, "nom vide.")
        _check(row["code_region"] in regions, name, line, f"région « {row['code_region']} » inconnue.")
        data.departments.append(
            Department(code=row["code_departement"], name=row["nom"], region_id=row["code_region"])
        )
    departments = {department.code for department in data.departments}

    for line, row in _rows(directory, "zones_emploi.csv", ["code_zone_emploi", "nom", "departements"]):
        name = "zones_emploi.csv"
        _check(ZONE_CODE.match(row["code_zone_emploi"]), name, line, "code_zone_emploi invalide.")
        _check(row["nom"] != "", name, line, "nom vide.")
        zone_departments = row["departements"].split()
        _check(bool(zone_departments), name, line, "aucun département.")
        for code in zone_departments:
            _check(code in departments, name, line, f"département « {code} » inconnu.")
            data.zone_departments.append((row["code_zone_emploi"], code))
        data.zones.append(EmploymentZone(code=row["code_zone_emploi"], name=row["nom"]))
    zones = {zone.code for zone in data.zones}

    commune_columns = [
        "code_insee", "nom", "code_departement", "codes_postaux", "population",
        "latitude", "longitude", "code_zone_emploi",
    ]  # fmt: skip
    for line, row in _rows(directory, "communes.csv", commune_columns):
        name = "communes.csv"
        _check(
            COMMUNE_CODE.match(row["code_insee"]), name, line, f"code_insee « {row['code_insee']} » invalide."
        )
        _check(row["nom"] != "", name, line, "nom vide.")
        department = row["code_departement"]
        _check(department in departments, name, line, f"département « {department} » inconnu.")
        postcodes = row["codes_postaux"].split()
        for postcode in postcodes:
            _check(POSTCODE.match(postcode), name, line, f"code postal « {postcode} » invalide.")
        population = row["population"] or "0"
        _check(population.isdigit(), name, line, f"population « {population} » invalide.")
        zone = row["code_zone_emploi"] or None
        _check(zone is None or zone in zones, name, line, f"zone d'emploi « {zone} » inconnue.")
        latitude = _float(row["latitude"], name, line, "latitude", 90)
        longitude = _float(row["longitude"], name, line, "longitude", 180)
        _check((latitude is None) == (longitude is None), name, line, "latitude et longitude vont ensemble.")
        data.communes.append(
            Commune(
                code=row["code_insee"],
                name=row["nom"],
                search_name=fold(row["nom"]),
                postcodes=postcodes,
                population=int(population),
                latitude=latitude,
                longitude=longitude,
                department_id=department,
                employment_zone_id=zone,
            )
        )

    for line, row in _rows(directory, "rome_metiers.csv", ["code_rome", "libelle"]):
        _check(ROME_CODE.match(row["code_rome"]), "rome_metiers.csv", line, "code_rome invalide.")
        _check(row["libelle"] != "", "rome_metiers.csv", line, "libelle vide.")
        data.jobs.append((row["code_rome"], row["libelle"]))

    _check_unique(data)
    data.relocated = misplaced_communes_relocate(data.communes)
    return data


# --- Misplaced town-hall points ------------------------------------------------------------------------
# A few dozen communes of the source file carry another place's coordinates (a homonym elsewhere, or
# hundreds or thousands of kilometres off): Cathervielle (31) lies in Charente-Maritime, Caharet (65) in
# the Sarthe. Their distances to the places would be wrong, so such a point is replaced by the median
# point of the communes sharing its postcode (they lie within a few kilometres), else of its département.
# A point is misplaced when it lies farther from its département's median point than both
# MISPLACED_MIN_KM and MISPLACED_SPREAD times the département's median distance (Guyane is wide, Paris
# small), and, when at least MISPLACED_POSTCODE_MIN communes share a postcode with it, farther than
# MISPLACED_POSTCODE_KM from their median point (a commune at the edge of a long département stays).
MISPLACED_MIN_KM = 150
MISPLACED_SPREAD = 4
MISPLACED_POSTCODE_KM = 50
MISPLACED_POSTCODE_MIN = 3


@dataclass(frozen=True)
class Relocation:
    commune: Commune  # its coordinates are the new ones
    was: tuple[float, float]
    distance_km: float  # from the old point to the new one
    basis: str  # "code postal 31110" or "département 34"


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(point[0] for point in points), statistics.median(point[1] for point in points)


def misplaced_communes_relocate(communes: list[Commune]) -> list[Relocation]:
    """Move the communes whose point lies far from their neighbours' (see above); return the moves."""
    located = [commune for commune in communes if commune.latitude is not None]
    by_department: dict[str, list[Commune]] = {}
    by_postcode: dict[str, list[Commune]] = {}
    for commune in located:
        by_department.setdefault(commune.department_id, []).append(commune)
        for postcode in commune.postcodes:
            by_postcode.setdefault(postcode, []).append(commune)
    centres, limits = {}, {}
    for code, members in by_department.items():
        centre = _median_point([(commune.latitude, commune.longitude) for commune in members])
        distances = sorted(distance_km(*centre, commune.latitude, commune.longitude) for commune in members)
        centres[code] = centre
        limits[code] = max(MISPLACED_MIN_KM, MISPLACED_SPREAD * distances[len(distances) // 2])

    moves = []
    for commune in located:
        department = commune.department_id
        point = (commune.latitude, commune.longitude)
        if distance_km(*centres[department], *point) <= limits[department]:
            continue
        neighbours = {other.code: other for code in commune.postcodes for other in by_postcode[code]}
        new, basis = centres[department], f"département {department}"
        if len(neighbours) >= MISPLACED_POSTCODE_MIN:
            centre = _median_point([(other.latitude, other.longitude) for other in neighbours.values()])
            if distance_km(*centre, *point) <= MISPLACED_POSTCODE_KM:
                continue  # its postcode's communes are as far: a remote part of the département
            new, basis = centre, f"code postal {' '.join(commune.postcodes)}"
        commune.latitude, commune.longitude = round(new[0], 6), round(new[1], 6)
        moves.append(Relocation(commune, point, distance_km(*point, *new), basis))
    return moves


def _check_unique(data: ReferenceData) -> None:
    for filename, codes in [
        ("regions.csv", [region.code for region in data.regions]),
        ("departements.csv", [department.code for department in data.departments]),
        ("zones_emploi.csv", [zone.code for zone in data.zones]),
        ("communes.csv", [commune.code for commune in data.communes]),
        ("rome_metiers.csv", [code for code, _label in data.jobs]),
    ]:
        seen = set()
        for index, code in enumerate(codes, start=2):
            _check(code not in seen, filename, index, f"code « {code} » en double.")
            seen.add(code)


def _upsert(
    model, objects: list, update_fields: list[str], progress: Callable[[int], None] | None = None
) -> list:
    """Insert new rows and update changed ones (unchanged rows are not rewritten); return those written."""
    attnames = [model._meta.get_field(name).attname for name in update_fields]
    existing = {row[0]: row[1:] for row in model.objects.values_list("code", *attnames)}
    changed = [
        obj for obj in objects if existing.get(obj.code) != tuple(getattr(obj, name) for name in attnames)
    ]
    if progress:
        progress(len(objects) - len(changed))  # unchanged rows count as done
    for start in range(0, len(changed), BATCH_SIZE):
        batch = changed[start : start + BATCH_SIZE]
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["code"], update_fields=update_fields
        )
        if progress:
            progress(len(batch))
    return changed


@transaction.atomic
def reference_data_load(*, data: ReferenceData, progress: Callable[[int], None] | None = None) -> dict:
    """Upsert everything in one transaction; return the row counts per kind."""
    sectors = {sector.slug: sector.pk for sector in Sector.objects.all()}
    jobs = []
    for code, label in data.jobs:
        sector_id = sectors.get(code[0].lower())
        if sector_id is None:
            raise ReferenceDataError("rome_metiers.csv", f"secteur « {code[0]} » absent de la base.")
        jobs.append(Job(code=code, label=label, search_label=fold(label), sector_id=sector_id))

    _upsert(Region, data.regions, ["name"])
    _upsert(Department, data.departments, ["name", "region"])
    _upsert(EmploymentZone, data.zones, ["name"])
    through = EmploymentZone.departments.through
    through.objects.filter(employmentzone_id__in=[zone.code for zone in data.zones]).delete()
    through.objects.bulk_create(
        [
            through(employmentzone_id=zone, department_id=department)
            for zone, department in data.zone_departments
        ]
    )
    commune_fields = [
        "name", "search_name", "postcodes", "population", "latitude", "longitude",
        "department", "employment_zone",
    ]  # fmt: skip
    changed = _upsert(Commune, data.communes, commune_fields, progress)
    territory_refresh()  # a commune that changed zone or département moves its places with it
    _upsert(Job, jobs, ["label", "search_label", "sector"])
    counts = {
        "régions": len(data.regions),
        "départements": len(data.departments),
        "zones d'emploi": len(data.zones),
        "communes": len(data.communes),
        "métiers ROME": len(jobs),
    }
    # A commune that moved (or changed otherwise) gets its distances to the nearest places again, once
    # they have been computed at all (`compute_coverage`; the first load has nothing to update).
    if changed and CommuneCoverage.objects.exists():
        counts["commune(s) aux distances recalculées"] = coverage_compute(communes=[c.code for c in changed])
    return counts
