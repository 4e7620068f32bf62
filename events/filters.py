"""Parse the agenda's query string into clean criteria for events.selectors."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from structures.catalog import Catalog, catalog
from structures.filters import (
    PlaceSearchFilterSet,
    TerritoryCodeFilter,
    audience_choices,
    department_codes,
    project_choices,
    sector_choices,
    translated,
    zone_codes,
)

from .enums import EventType
from .models import Event
from .selectors import DEFAULT_RADIUS_KM, FORMAT_ON_SITE, FORMAT_ONLINE, TZ, AgendaFilters

FORMAT_CHOICES = [(FORMAT_ON_SITE, gettext_lazy("Sur place")), (FORMAT_ONLINE, gettext_lazy("À distance"))]
DATE_FORMATS = ["%Y-%m-%d"]


class AgendaFilterSet(PlaceSearchFilterSet):
    """Declares and validates `/agenda/` (and `/agenda.ics`) parameters."""

    q = django_filters.CharFilter(label=gettext_lazy("Mots-clés"), max_length=200)
    public = django_filters.MultipleChoiceFilter(label=gettext_lazy("Public"), choices=audience_choices)
    secteur = django_filters.MultipleChoiceFilter(label=gettext_lazy("Secteur"), choices=sector_choices)
    projet = django_filters.MultipleChoiceFilter(label=gettext_lazy("Projet"), choices=project_choices)
    type = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Type d'événement"), choices=translated(EventType.choices)
    )
    zone = TerritoryCodeFilter(label=gettext_lazy("Zone d'emploi"), codes=zone_codes)
    departement = TerritoryCodeFilter(label=gettext_lazy("Département"), codes=department_codes)
    du = django_filters.DateFilter(label=gettext_lazy("Du"), input_formats=DATE_FORMATS)
    au = django_filters.DateFilter(label=gettext_lazy("Au"), input_formats=DATE_FORMATS)
    gratuit = django_filters.BooleanFilter(label=gettext_lazy("Gratuit"), widget=forms.CheckboxInput)
    charte = django_filters.BooleanFilter(
        label=gettext_lazy("Respecte la charte des événements"), widget=forms.CheckboxInput
    )
    format = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Format"), choices=translated(FORMAT_CHOICES)
    )

    def criteria(self) -> AgendaFilters:
        data = self.cleaned()
        point = self.point(data)
        terms = catalog()
        date_from = data.get("du") or timezone.now().astimezone(TZ).date()
        date_to = data.get("au")
        if date_to and date_to < date_from:
            self.problems.append(
                _("La date de fin (%(to)s) précède la date de début : elle n'a pas été appliquée.")
                % {"to": date_to.strftime("%d/%m/%Y")}
            )
            date_to = None
        return AgendaFilters(
            date_from=date_from,
            date_to=date_to,
            q=(data.get("q") or "").strip(),
            audience_ids=Catalog.ids(terms.audiences, data.get("public")),
            sector_ids=Catalog.ids(terms.sectors, data.get("secteur")),
            project_ids=Catalog.ids(terms.projects, data.get("projet")),
            types=tuple(data.get("type") or ()),
            zone=data.get("zone") or None,
            department=data.get("departement") or None,
            point=point,
            radius_km=float(data.get("rayon") or DEFAULT_RADIUS_KM),
            free_only=bool(data.get("gratuit")),
            charter_only=bool(data.get("charte")),
            formats=tuple(data.get("format") or ()),
        )

    class Meta:
        model = Event
        form = forms.Form
        fields: list[str] = []
