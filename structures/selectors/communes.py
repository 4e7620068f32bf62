"""The commune lookup used wherever a person types a place."""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..compiled import CompiledQuery
from ..models import Commune
from ..text import fold

MAX_CANDIDATES = 10
MAX_QUERY_LENGTH = 100

# "31555" (INSEE code) or "31000" (postcode); Corsican INSEE codes start with 2A / 2B.
CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
# A name followed by a postcode, an INSEE code or a département: "Saint-Martin 31", "Beaulieu (15)",
# "Albi, 81000", and the portal's own unambiguous reference used in links, "toulouse-31555".
QUALIFIED = re.compile(
    r"^(?P<name>.*?[^\d\s(,-])[\s,(-]+(?P<code>\d{5}|2[AB]\d{3}|\d{2,3}|2[AB])\)?$", re.IGNORECASE
)


@dataclass(frozen=True)
class CommuneLookup:
    """The outcome of reading what a person typed as a place."""

    query: str
    commune: Commune | None = None
    candidates: tuple[Commune, ...] = ()
    error: str = ""

    @property
    def found(self) -> bool:
        return self.commune is not None

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


def _ordered(queryset):
    """Communes of the served territory first, then the most populated."""
    return (
        queryset.select_related("department")
        .annotate(
            served=Case(
                When(department_id__in=settings.PORTAL_DEPARTMENTS, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("served", "-population", "name")
    )


def _outcome(query: str, matches: list[Commune], not_found: str) -> CommuneLookup:
    if len(matches) == 1:
        return CommuneLookup(query, commune=matches[0])
    if not matches:
        return CommuneLookup(query, error=not_found)
    return CommuneLookup(
        query,
        candidates=tuple(matches[:MAX_CANDIDATES]),
        error=_("Plusieurs communes correspondent à « %(query)s » : choisissez la vôtre.") % {"query": query},
    )


def _by_code(code, codes):
    return Commune.objects.filter(Q(postcodes__contains=codes) | Q(code=code)).select_related("department")


_BY_CODE = CompiledQuery(_by_code, code="str", codes="str list")


def commune_lookup(text: str) -> CommuneLookup:
    """Resolve a commune from what a person typed; see `_lookup`. Results are kept per process (the
    communes only change with `load_reference_data`, which clears them through catalog_invalidate)."""
    return _cached_lookup(" ".join((text or "").split()))


@functools.lru_cache(maxsize=4096)
def _cached_lookup(query: str) -> CommuneLookup:
    return _lookup(query)


def _lookup(text: str) -> CommuneLookup:
    """Resolve a commune from an INSEE code, a postcode or a name, ignoring case and accents.

    A postcode shared by several communes, or a name that several communes bear, gives candidates
    to choose from (served territory first); a name may be followed by a postcode or a département
    ("Beaulieu 15"). A five-digit code is read as a postcode first, then as an INSEE code.
    """
    query = " ".join((text or "").split())
    if not query:
        return CommuneLookup(query, error=_("Indiquez une commune, un code postal ou un code INSEE."))
    if len(query) > MAX_QUERY_LENGTH:
        return CommuneLookup(query[:MAX_QUERY_LENGTH], error=_("Le nom de commune saisi est trop long."))

    if CODE.match(query):
        code = query.upper()
        found = sorted(
            _BY_CODE(code=code, codes=[code]),
            key=lambda commune: (
                commune.department_id not in settings.PORTAL_DEPARTMENTS,
                -commune.population,
                commune.name,
            ),
        )
        by_postcode = [commune for commune in found if code in commune.postcodes]
        matches = by_postcode or [commune for commune in found if commune.code == code]
        return _outcome(
            query,
            matches,
            _("Aucune commune n'a le code postal ou le code INSEE « %(code)s ».") % {"code": code},
        )

    not_found = _(
        "Aucune commune ne correspond à « %(query)s ». Vérifiez l'orthographe ou indiquez un code postal."
    ) % {"query": query}
    match = QUALIFIED.match(query)
    if match and len(match.group("code")) == 5:
        return _outcome(query, _named_with_code(match.group("name"), match.group("code").upper()), not_found)

    queryset = Commune.objects.all()
    name = query
    if match:
        name = match.group("name")
        queryset = queryset.filter(department_id=match.group("code").upper())
    folded = fold(name)
    if not folded:
        return CommuneLookup(query, error=not_found)
    matches = list(_ordered(queryset.filter(search_name=folded))[: MAX_CANDIDATES + 1])
    if not matches and len(folded) >= 3:
        matches = list(_ordered(queryset.filter(search_name__startswith=folded))[: MAX_CANDIDATES + 1])
    return _outcome(query, matches, not_found)


def _named_with_code(name: str, code: str) -> list[Commune]:
    """Communes with this postcode or INSEE code whose name is, or starts with, `name`."""
    folded, slug = fold(name), name.lower()
    communes = list(_ordered(Commune.objects.filter(Q(postcodes__contains=[code]) | Q(code=code))))
    exact = [c for c in communes if c.search_name == folded or slugify(c.name) == slug]
    return exact or [c for c in communes if c.search_name.startswith(folded)]
