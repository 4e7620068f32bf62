"""Small reference lists every search page needs (taxonomies, served départements and zones), cached.

They change only when Region staff edit a taxonomy or a member, or the reference data is reloaded.
Each process keeps a copy, checked once per request against the shared cache (spro_portal.shared_value);
`catalog_invalidate()`, called on those writes (signals in apps.py and load_reference_data), makes every
process read it again.
"""

from dataclasses import dataclass

from spro_portal.shared_value import SharedValue

from .models import Audience, Department, EmploymentZone, Member, Project, Scheme, Sector

CACHE_KEY = "structures:catalog:v2"
TIMEOUT = 300


@dataclass(frozen=True)
class Term:
    pk: int
    slug: str
    label: str


@dataclass(frozen=True)
class Catalog:
    audiences: tuple[Term, ...]
    schemes: tuple[Term, ...]
    projects: tuple[Term, ...]
    sectors: tuple[Term, ...]
    departments: tuple[tuple[str, str], ...]  # served: (code, "Nom (code)")
    zones: tuple[tuple[str, str], ...]  # served: (code, "Nom (code)")
    all_departments: dict[str, str]  # every code -> label
    all_zones: dict[str, str]
    inactive_members: frozenset[int]

    @staticmethod
    def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
        return [(term.slug, term.label) for term in terms]

    @staticmethod
    def ids(terms: tuple[Term, ...], slugs) -> tuple[int, ...]:
        wanted = set(slugs or ())
        return tuple(term.pk for term in terms if term.slug in wanted)

    def department_options(self, selected: str | None) -> tuple[tuple[str, str], ...]:
        """The served départements for a select, plus the selected one when it lies outside."""
        return _with_selected(self.departments, selected, self.all_departments)

    def zone_options(self, selected: str | None) -> tuple[tuple[str, str], ...]:
        """The served employment zones for a select, plus the selected one when it lies outside."""
        return _with_selected(self.zones, selected, self.all_zones)


def _with_selected(served, selected: str | None, every: dict) -> tuple[tuple[str, str], ...]:
    if selected and all(code != selected for code, _label in served):
        return (*served, (selected, every[selected]))
    return served  # the same tuple every time: its HTML is built once (rendering.select_options)


def _terms(model) -> tuple[Term, ...]:
    return tuple(
        Term(pk, slug, label) for pk, slug, label in model.objects.active().values_list("pk", "slug", "label")
    )


def _load() -> Catalog:
    departments = {code: f"{name} ({code})" for code, name in Department.objects.values_list("code", "name")}
    zones = {code: f"{name} ({code})" for code, name in EmploymentZone.objects.values_list("code", "name")}
    served_departments = Department.objects.served().values_list("code", flat=True)
    served_zones = EmploymentZone.objects.served().order_by("name").values_list("code", flat=True)
    return Catalog(
        audiences=_terms(Audience),
        schemes=_terms(Scheme),
        projects=_terms(Project),
        sectors=_terms(Sector),
        departments=tuple((code, departments[code]) for code in served_departments),
        zones=tuple((code, zones[code]) for code in served_zones),
        all_departments=departments,
        all_zones=zones,
        inactive_members=frozenset(Member.objects.filter(active=False).values_list("pk", flat=True)),
    )


_shared = SharedValue(CACHE_KEY, lambda: _load(), TIMEOUT)


def catalog() -> Catalog:
    return _shared.get()


def catalog_invalidate() -> None:
    from .selectors.communes import _cached_lookup

    _shared.invalidate()
    _cached_lookup.cache_clear()
