"""Parse the query string of the place search into clean criteria for structures.selectors.

Bad values never fail the page: each is dropped with a French message saying so.
"""

import functools
from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .catalog import Catalog, Term, catalog
from .enums import AccessibilityFeature, SiteKind, Situation, labels
from .models import Site
from .selectors import CommuneLookup, SiteFilters, commune_lookup
from .selectors.orientation import OrientationPlace, in_france
from .selectors.sites import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    OPEN_EVENING,
    OPEN_NOW,
    OPEN_SATURDAY,
    SORT_DISTANCE,
    SORT_NAME,
    SORT_RELEVANCE,
)

OPEN_CHOICES = [
    (OPEN_NOW, gettext_lazy("Ouvert maintenant")),
    (OPEN_SATURDAY, gettext_lazy("Ouvert le samedi")),
    (OPEN_EVENING, gettext_lazy("Ouvert après 18 h en semaine")),
]
SORT_CHOICES = [
    (SORT_DISTANCE, gettext_lazy("Distance")),
    (SORT_RELEVANCE, gettext_lazy("Pertinence")),
    (SORT_NAME, gettext_lazy("Nom")),
]


def audience_choices():
    return Catalog.choices(catalog().audiences)


def scheme_choices():
    return Catalog.choices(catalog().schemes)


def project_choices():
    return Catalog.choices(catalog().projects)


def sector_choices():
    return Catalog.choices(catalog().sectors)


def translated(choices):
    """A callable giving `choices` with their labels translated once per language (lazy labels would be
    translated again on every request)."""

    @functools.lru_cache(maxsize=8)
    def cached(language: str) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in choices]

    return lambda: cached(get_language() or "fr")


class TerritoryCodeFilter(django_filters.CharFilter):
    """A zone or département code, checked against the cached catalog (a choice field would rebuild
    hundreds of choices on every request)."""

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, max_length=4, **kwargs)
        self.codes = codes


def zone_codes():
    return catalog().all_zones


def department_codes():
    return catalog().all_departments


class _SharedFields(dict):
    """The fields of a search form, shared by every instance instead of deep-copied for each (Django's
    form does it so that an instance may change its fields): the search forms only validate a query
    string, they are never rendered nor changed."""

    def __deepcopy__(self, memo):
        return self


class PlaceSearchFilterSet(django_filters.FilterSet):
    """Validates a search query string around a place (`commune` + `rayon`, or `lat`/`lon`).

    Bad values are left out and explained in `problems`, in French; pages never fail on them.
    """

    commune = django_filters.CharFilter(label=gettext_lazy("Commune ou code postal"), max_length=100)
    rayon = django_filters.NumberFilter(
        label=gettext_lazy("Rayon (km)"), min_value=1, max_value=MAX_RADIUS_KM, decimal_places=1
    )
    lat = django_filters.NumberFilter(label=gettext_lazy("Latitude"), min_value=-90, max_value=90)
    lon = django_filters.NumberFilter(label=gettext_lazy("Longitude"), min_value=-180, max_value=180)

    def __init__(self, data=None):
        # Parsing only, never `.qs`: the filters are read, not changed, so they are shared instead of
        # deep-copied on every request as django-filter's __init__ does.
        self.is_bound = data is not None
        self.data = data if data is not None else QueryDict()
        self.queryset = None
        self.request = None
        self.form_prefix = None
        self.filters = self.base_filters
        self.problems: list[str] = []
        self.place: CommuneLookup | None = None

    def get_form_class(self):
        """Built once per filter set class (django-filter rebuilds it for every request otherwise), with
        fields shared by its instances (see `_SharedFields`)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = _SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

    def cleaned(self) -> dict:
        form = self.form
        form.is_valid()
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            self.problems.append(
                _("%(label)s : %(error)s Ce critère n'a pas été appliqué.")
                % {"label": label, "error": " ".join(errors).rstrip(".") + "."}
            )
        data = dict(form.cleaned_data)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, TerritoryCodeFilter) and data.get(name):
                code = data[name].upper()
                data[name] = code if code in filter_.codes() else None
                if data[name] is None:
                    self.problems.append(
                        _("%(label)s : « %(code)s » n'existe pas. Ce critère n'a pas été appliqué.")
                        % {"label": filter_.label, "code": code}
                    )
        return data

    def point(self, data) -> tuple[float, float] | None:
        """The place to search around: `lat`/`lon`, else the commune typed in `commune`."""
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None:
            return float(lat), float(lon)
        if (lat is None) != (lon is None) and "lat" not in self.form.errors and "lon" not in self.form.errors:
            self.problems.append(_("Position incomplète : il faut une latitude et une longitude."))
        if data.get("commune"):
            self.place = commune_lookup(data["commune"])
            if self.place.found:
                if self.place.commune.has_coordinates:
                    return self.place.commune.latitude, self.place.commune.longitude
                self.problems.append(_("La position de cette commune n'est pas connue."))
            elif not self.place.ambiguous:
                self.problems.append(self.place.error)
        return None


class SiteFilterSet(PlaceSearchFilterSet):
    """Declares and validates `/lieux/` parameters; `criteria()` hands them to `site_search`."""

    q = django_filters.CharFilter(label=gettext_lazy("Mots-clés"), max_length=200)
    public = django_filters.MultipleChoiceFilter(label=gettext_lazy("Public"), choices=audience_choices)
    dispositif = django_filters.MultipleChoiceFilter(label=gettext_lazy("Dispositif"), choices=scheme_choices)
    projet = django_filters.MultipleChoiceFilter(label=gettext_lazy("Projet"), choices=project_choices)
    type = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Type de lieu"), choices=translated(SiteKind.choices)
    )
    zone = TerritoryCodeFilter(label=gettext_lazy("Zone d'emploi"), codes=zone_codes)
    departement = TerritoryCodeFilter(label=gettext_lazy("Département"), codes=department_codes)
    ouvert = django_filters.ChoiceFilter(label=gettext_lazy("Ouverture"), choices=translated(OPEN_CHOICES))
    accessibilite = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Accessibilité"), choices=translated(AccessibilityFeature.choices)
    )
    tri = django_filters.ChoiceFilter(label=gettext_lazy("Trier par"), choices=translated(SORT_CHOICES))

    def criteria(self) -> SiteFilters:
        """Clean criteria; invalid parameters are left out and explained in `self.problems`."""
        data = self.cleaned()
        point = self.point(data)
        terms = catalog()
        return SiteFilters(
            q=(data.get("q") or "").strip(),
            audience_ids=Catalog.ids(terms.audiences, data.get("public")),
            scheme_ids=Catalog.ids(terms.schemes, data.get("dispositif")),
            project_ids=Catalog.ids(terms.projects, data.get("projet")),
            kinds=tuple(data.get("type") or ()),
            zone=data.get("zone") or None,
            department=data.get("departement") or None,
            point=point,
            radius_km=float(data.get("rayon") or DEFAULT_RADIUS_KM),
            open=data.get("ouvert") or "",
            accessibility=tuple(data.get("accessibilite") or ()),
            sort=data.get("tri") or "",
        )

    class Meta:
        model = Site
        form = forms.Form
        fields: list[str] = []


# --- The orientation wizard (`/orientation/`) ---------------------------------------------------------

SHOWN_VALUE_LENGTH = 40


@dataclass(frozen=True)
class OrientationCriteria:
    """The clean answers to the wizard's three steps."""

    situations: tuple[str, ...] = ()
    project: Term | None = None
    place: OrientationPlace | None = None
    asked: bool = False  # some answer was given (a bare visit only shows the form)


def _shown(values: list[str]) -> str:
    """Refused values as the message quotes them: a few, shortened."""
    quoted = [
        f"« {value[:SHOWN_VALUE_LENGTH]}{'…' if len(value) > SHOWN_VALUE_LENGTH else ''} »"
        for value in values
    ]
    return ", ".join(quoted[:3]) + (", …" if len(quoted) > 3 else "")


class OrientationFilterSet(PlaceSearchFilterSet):
    """Validates the wizard's query string: `situation` (repeatable), `projet` (one slug, or none: "je ne
    sais pas encore") and the place (`commune`, or `lat`/`lon` within France). Nothing is applied from a
    query with a problem: `problems` says, in French, what to correct."""

    def __init__(self, data=None):
        super().__init__(data)
        if "rayon" in self.data:  # the wizard has no radius: a stray one is ignored, not refused
            self.data = self.data.copy()
            self.data.pop("rayon")

    def criteria(self) -> OrientationCriteria:
        names = ("situation", "projet", "commune", "lat", "lon")
        asked = any(value for name in names for value in self.data.getlist(name))
        situations = self._situations()
        project = self._project()
        place = self._place()
        if asked and not situations and not self.problems:
            self.problems.append(_("Situation : cochez au moins une situation."))
        return OrientationCriteria(situations=situations, project=project, place=place, asked=asked)

    def _situations(self) -> tuple[str, ...]:
        given = [value for value in self.data.getlist("situation") if value]
        known = labels(Situation)
        unknown = [value for value in dict.fromkeys(given) if value not in known]
        if unknown:
            self.problems.append(
                _("Situation inconnue : %(values)s. Cochez votre situation dans la liste proposée.")
                % {"values": _shown(unknown)}
            )
            return ()
        return tuple(value for value in Situation.values if value in given)

    def _project(self) -> Term | None:
        given = [value for value in self.data.getlist("projet") if value]
        if not given:
            return None
        if len(set(given)) > 1:
            self.problems.append(_("Projet : choisissez un seul projet, ou « Je ne sais pas encore »."))
            return None
        project = next((term for term in catalog().projects if term.slug == given[0]), None)
        if project is None:
            self.problems.append(
                _(
                    "Projet inconnu : %(value)s. Choisissez un projet dans la liste proposée, "
                    "ou « Je ne sais pas encore »."
                )
                % {"value": _shown(given[:1])}
            )
        return project

    def _place(self) -> OrientationPlace | None:
        point = self.point(self.cleaned())
        if point is None:
            return None
        if self.place is None:  # a position (lat/lon), not a commune
            if not in_france(*point):
                self.problems.append(
                    _("Position : ce point n'est pas en France. Indiquez plutôt votre commune.")
                )
                return None
            return OrientationPlace(*point)
        return OrientationPlace(*point, commune=self.place.commune)
