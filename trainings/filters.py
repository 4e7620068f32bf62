"""Parse the query string of the training offer search (`/formations/`) into clean criteria for
trainings.selectors.search.

Bad values never fail the page: each is dropped with a French message saying so.
"""

import re

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from structures.catalog import catalog
from structures.filters import (
    PlaceSearchFilterSet,
    TerritoryCodeFilter,
    department_codes,
    sector_choices,
    translated,
    zone_codes,
)
from structures.models import Job

from .enums import ExitLevel
from .models import TrainingAction
from .selectors.search import (
    DEFAULT_RADIUS_KM,
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_RADIUS_KM,
    OfferFilters,
)

DATE_FORMATS = ["%Y-%m-%d"]
CERTIFYING = "oui"
ROME_CODE = re.compile(r"^[A-Na-n]\d{4}$")


def level_choices():
    return [(str(value), label) for value, label in ExitLevel.choices]


class OfferFilterSet(PlaceSearchFilterSet):
    """Declares and validates `/formations/` parameters; `criteria()` hands them to `offer_search`.
    `job` is the ROME job of `metier` once found (its title is shown)."""

    q = django_filters.CharFilter(label=gettext_lazy("Mots-clés"), max_length=200)
    metier = django_filters.CharFilter(label=gettext_lazy("Métier (code ROME)"), max_length=5)
    secteur = django_filters.ChoiceFilter(label=gettext_lazy("Secteur"), choices=sector_choices)
    zone = TerritoryCodeFilter(label=gettext_lazy("Zone d'emploi"), codes=zone_codes)
    departement = TerritoryCodeFilter(label=gettext_lazy("Département"), codes=department_codes)
    rayon = django_filters.NumberFilter(
        label=gettext_lazy("Rayon (km)"), min_value=1, max_value=MAX_RADIUS_KM, decimal_places=1
    )
    niveau = django_filters.ChoiceFilter(
        label=gettext_lazy("Niveau de sortie"), choices=translated(level_choices())
    )
    certifiante = django_filters.ChoiceFilter(
        label=gettext_lazy("Formation certifiante"),
        choices=translated([(CERTIFYING, gettext_lazy("Oui"))]),
    )
    du = django_filters.DateFilter(
        label=gettext_lazy("Sessions commençant à partir du"), input_formats=DATE_FORMATS
    )
    au = django_filters.DateFilter(
        label=gettext_lazy("Sessions commençant au plus tard le"), input_formats=DATE_FORMATS
    )

    def __init__(self, data=None):
        super().__init__(data)
        self.job: Job | None = None

    def criteria(self) -> OfferFilters:
        """Clean criteria; invalid parameters are left out and explained in `self.problems`."""
        data = self.cleaned()
        point = self.point(data)
        date_from, date_to = self._date(data, "du"), self._date(data, "au")
        if date_from and date_to and date_to < date_from:
            self.problems.append(
                _("La date de fin (%(to)s) précède la date de début (%(from)s) : elle n'a pas été appliquée.")
                % {"to": date_to.strftime("%d/%m/%Y"), "from": date_from.strftime("%d/%m/%Y")}
            )
            date_to = None
        level = data.get("niveau")
        return OfferFilters(
            q=(data.get("q") or "").strip(),
            rome_code=self._rome_code(data.get("metier") or ""),
            domain=(data.get("secteur") or "").upper(),
            zone=data.get("zone") or None,
            department=data.get("departement") or None,
            point=point,
            radius_km=float(data.get("rayon") or DEFAULT_RADIUS_KM),
            level=int(level) if level else None,
            certifying=data.get("certifiante") == CERTIFYING,
            date_from=date_from,
            date_to=date_to,
        )

    def _date(self, data, name: str):
        day = data.get(name)
        if day and not EARLIEST_DATE <= day <= LATEST_DATE:
            self.problems.append(
                _(
                    "%(label)s : la date doit être comprise entre %(first)s et %(last)s. "
                    "Ce critère n'a pas été appliqué."
                )
                % {
                    "label": self.filters[name].label,
                    "first": EARLIEST_DATE.strftime("%d/%m/%Y"),
                    "last": LATEST_DATE.strftime("%d/%m/%Y"),
                }
            )
            return None
        return day

    def _rome_code(self, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        label = self.filters["metier"].label
        if not ROME_CODE.match(value):
            self.problems.append(
                _(
                    "%(label)s : « %(code)s » n'est pas un code ROME (une lettre et quatre chiffres, "
                    "par exemple J1501). Ce critère n'a pas été appliqué."
                )
                % {"label": label, "code": value}
            )
            return ""
        code = value.upper()
        self.job = Job.objects.filter(code=code).first()
        if self.job is None:
            self.problems.append(
                _("%(label)s : le code ROME « %(code)s » n'existe pas. Ce critère n'a pas été appliqué.")
                % {"label": label, "code": code}
            )
            return ""
        return code

    class Meta:
        model = TrainingAction
        form = forms.Form
        fields: list[str] = []


def sector_options():
    """(slug, label) of the sectors for a select."""
    return tuple((term.slug, term.label) for term in catalog().sectors)
