"""The indicators of `/espace-pro/pilotage/` as tables: each has a slug (its CSV export,
`/espace-pro/pilotage/export/<slug>.csv`), a caption, typed columns and rows of plain values. The page,
the annual report and the CSV files are all written from these tables, so they always show the same
figures.

The figures come from each app's selectors (structures, events, labelling, governance), read lazily
through `Sources`: a page reads each selector once, an export only the one it needs.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.selectors import indicators as events_indicators
from governance.enums import CommitteeScope
from governance.selectors import committee_overview
from labelling.selectors import applications_by_status, labelling_review
from structures.enums import SiteKind, label_of
from structures.selectors import coverage
from structures.selectors import indicators as network

FAR_TOP = 5  # communes named in the summary at the top of the page

# Column kinds: how a value is written on the page and in the CSV file.
TEXT, INT, SHARE, PERCENT, KM, HOURS, DAYS, DAY, MONTH, BOOL = (
    "text", "int", "share", "percent", "km", "hours", "days", "day", "month", "bool"
)  # fmt: skip
# SHARE: a fraction (0 to 1); PERCENT: already in percent (0 to 100).


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header (ASCII, snake_case, as the other exports)
    label: str  # the table's header on the page
    kind: str = TEXT


@dataclass(frozen=True)
class Row:
    cells: tuple
    total: bool = False  # the territory's or the year's line
    alert: bool = False  # to be seen at once (a département without an associated centre…)
    anchor: str = ""  # an id for the summary's links


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: list[Row]
    empty: str = gettext_lazy("Aucune donnée pour cette période.")
    note: str = ""
    period: bool = True  # depends on the year chosen (otherwise: the network as it is today)
    row_header: int = 1  # the column that names each line (th scope="row")

    def column(self, key: str) -> int:
        return next(index for index, column in enumerate(self.columns) if column.key == key)

    def items(self, label_key: str, value_key: str) -> list[tuple[str, float | None]]:
        """(label, value) of each line but the totals: what a chart of the table draws."""
        label, value = self.column(label_key), self.column(value_key)
        return [(str(row.cells[label]), row.cells[value]) for row in self.rows if not row.total]


# --- Writing values ---


def _decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def html_value(value, kind: str) -> str:
    """A value as the page shows it (French number formats)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind == INT:
        return formats.number_format(value, 0, force_grouping=True)
    if kind in (SHARE, PERCENT):
        percent = value * 100 if kind == SHARE else value
        return f"{formats.number_format(round(percent, 1), 1)} %"
    if kind == KM:
        return f"{formats.number_format(round(value, 1), 1)} km"
    if kind == HOURS:
        return f"{formats.number_format(round(value.total_seconds() / 3600, 1), 1)} h"
    if kind == DAYS:
        return f"{formats.number_format(round(value.total_seconds() / 86400, 1), 1)} j"
    if kind == DAY:
        return formats.date_format(value, "j F Y")
    if kind == MONTH:
        return formats.date_format(value, "F Y")
    if kind == BOOL:
        return _("oui") if value else _("non")
    return str(value)


def csv_value(value, kind: str) -> str:
    """A value as the CSV file writes it: numbers with a decimal comma (the file is for French
    spreadsheets, `;`-separated), shares in percent, delays in hours or days, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind in (SHARE, PERCENT):
        return _decimal(value * 100 if kind == SHARE else value)
    if kind == KM:
        return _decimal(value)
    if kind == HOURS:
        return _decimal(value.total_seconds() / 3600)
    if kind == DAYS:
        return _decimal(value.total_seconds() / 86400)
    if kind == DAY:
        return value.isoformat()
    if kind == MONTH:
        return value.strftime("%Y-%m")
    if kind == BOOL:
        return "oui" if value else "non"
    return str(value)


# --- Where the figures come from ---


class Sources:
    """The selectors' results for a year, each read on first use."""

    def __init__(self, year: int):
        self.year = year

    @functools.cached_property
    def departments(self):
        return network.served_departments()

    @functools.cached_property
    def zones(self):
        return network.served_zones()

    @functools.cached_property
    def sites(self):
        return network.sites_by_department(self.departments)

    @functools.cached_property
    def centres(self):
        return network.associated_centres(self.departments)

    @functools.cached_property
    def relays(self):
        return network.relay_points_by_zone(self.zones)

    @functools.cached_property
    def freshness(self):
        return network.data_freshness(self.departments)

    @functools.cached_property
    def questions(self):
        return network.questions_by_month(year=self.year)

    @functools.cached_property
    def coverage(self):
        return coverage.coverage_figures()

    @functools.cached_property
    def events_by_zone(self):
        return events_indicators.events_by_zone(year=self.year, zones=self.zones)

    @functools.cached_property
    def events_by_sector(self):
        return events_indicators.events_by_sector(year=self.year)

    @functools.cached_property
    def events_by_month(self):
        return events_indicators.events_by_month(year=self.year)

    @functools.cached_property
    def applications(self):
        return applications_by_status(year=self.year)

    @functools.cached_property
    def review(self):
        return labelling_review(year=self.year)

    @functools.cached_property
    def committees(self):
        return committee_overview(year=self.year)


# --- The tables ---

_BUILDERS: dict[str, Callable[[Sources], Table]] = {}


def table(slug: str):
    def register(builder):
        _BUILDERS[slug] = builder
        return builder

    return register


@table("lieux-par-departement")
def sites_table(src: Sources) -> Table:
    kinds = SiteKind.values
    rows = [Row((row.code, row.name, *(row.by_kind[kind] for kind in kinds), row.total)) for row in src.sites]
    totals = tuple(sum(row.cells[index] for row in rows) for index in range(2, 3 + len(kinds)))
    rows.append(Row(("", _("Territoire"), *totals), total=True))
    return Table(
        slug="lieux-par-departement",
        title=_("Lieux publiés par type et par département"),
        columns=(
            Column("code_departement", _("Code")),
            Column("departement", _("Département")),
            *(Column(kind, label_of(SiteKind, kind), INT) for kind in kinds),
            Column("total", _("Total"), INT),
        ),
        rows=rows,
        period=False,
    )


_CENTRE_STATES = {
    network.CENTRES_OK: gettext_lazy("conforme (un ou deux)"),
    network.CENTRES_MISSING: gettext_lazy("manquant"),
    network.CENTRES_TOO_MANY: gettext_lazy("trop nombreux (plus de deux)"),
}


@table("centres-associes")
def centres_table(src: Sources) -> Table:
    return Table(
        slug="centres-associes",
        title=_("Centres associés par département (la charte : un ou deux)"),
        columns=(
            Column("code_departement", _("Code")),
            Column("departement", _("Département")),
            Column("centres_associes", _("Centres associés"), INT),
            Column("etat", _("État")),
            Column("noms", _("Noms")),
        ),
        rows=[
            Row(
                (row.code, row.name, row.count, str(_CENTRE_STATES[row.state]), " | ".join(row.centres)),
                alert=not row.is_ok,
                anchor=f"centres-{row.code}",
            )
            for row in src.centres
        ],
        period=False,
    )


@table("points-relais-par-zone")
def relays_table(src: Sources) -> Table:
    rows = [Row((row.code, row.name, row.relay_points, row.associated_centres)) for row in src.relays]
    rows.append(
        Row(
            (
                "",
                _("Territoire"),
                sum(r.relay_points for r in src.relays),
                sum(r.associated_centres for r in src.relays),
            ),
            total=True,
        )
    )
    return Table(
        slug="points-relais-par-zone",
        title=_("Points relais et centres associés par zone d'emploi"),
        columns=(
            Column("code_zone", _("Code")),
            Column("zone_emploi", _("Zone d'emploi")),
            Column("points_relais", _("Points relais"), INT),
            Column("centres_associes", _("Centres associés"), INT),
        ),
        rows=rows,
        note=_("Une zone d'emploi peut s'étendre sur plusieurs départements."),
        period=False,
    )


@table("fraicheur-des-donnees")
def freshness_table(src: Sources) -> Table:
    return Table(
        slug="fraicheur-des-donnees",
        title=_("Fraîcheur des données : lieux publiés mis à jour dans les 6 derniers mois"),
        columns=(
            Column("code_departement", _("Code")),
            Column("departement", _("Département")),
            Column("lieux_publies", _("Lieux publiés"), INT),
            Column("mis_a_jour_6_mois", _("Mis à jour depuis moins de 6 mois"), INT),
            Column("part_pct", _("Part"), SHARE),
        ),
        rows=[
            Row(
                (row.code, row.name or _("Territoire"), row.sites, row.fresh, row.share),
                total=not row.code,
            )
            for row in src.freshness
        ],
        period=False,
    )


@table("acces-par-departement")
def access_table(src: Sources) -> Table:
    figures = src.coverage
    rows = [
        Row(
            (
                row.code,
                row.name,
                row.population,
                row.reception_10,
                row.reception_20,
                row.reception_30,
                row.cep_10,
                row.cep_20,
                row.cep_30,
            ),
            total=not row.code,
        )
        for row in [*figures.departments, figures.territory]
    ]
    return Table(
        slug="acces-par-departement",
        title=_(
            "Part de la population à moins de 10, 20 et 30 km d'un lieu de premier accueil et d'un lieu CEP"
        ),
        columns=(
            Column("code_departement", _("Code")),
            Column("departement", _("Département")),
            Column("population", _("Population"), INT),
            Column("premier_accueil_10km_pct", _("Premier accueil à moins de 10 km"), PERCENT),
            Column("premier_accueil_20km_pct", _("Premier accueil à moins de 20 km"), PERCENT),
            Column("premier_accueil_30km_pct", _("Premier accueil à moins de 30 km"), PERCENT),
            Column("cep_10km_pct", _("Lieu CEP à moins de 10 km"), PERCENT),
            Column("cep_20km_pct", _("Lieu CEP à moins de 20 km"), PERCENT),
            Column("cep_30km_pct", _("Lieu CEP à moins de 30 km"), PERCENT),
        ),
        rows=rows if figures.computed_at else [],
        empty=_("Les distances n'ont pas encore été calculées (manage.py compute_coverage)."),
        period=False,
    )


@table("communes-eloignees")
def far_table(src: Sources) -> Table:
    return Table(
        slug="communes-eloignees",
        title=_(
            "Les communes les plus peuplées à plus de %(km)s km d'un lieu de premier accueil (20 au plus)"
        )
        % {"km": coverage.FARTHEST_KM},
        columns=(
            Column("code_commune", _("Code INSEE")),
            Column("commune", _("Commune")),
            Column("code_departement", _("Département")),
            Column("population", _("Population"), INT),
            Column("distance_km", _("Distance au premier accueil"), KM),
            Column("lieu_le_plus_proche", _("Lieu de premier accueil le plus proche")),
        ),
        rows=[
            Row(
                (row.code, row.name, row.department, row.population, row.reception_km, row.reception_site),
                anchor=f"commune-{row.code}",
            )
            for row in src.coverage.farthest
        ],
        empty=_("Aucune commune à plus de %(km)s km, ou distances pas encore calculées.")
        % {"km": coverage.FARTHEST_KM},
        note=_("« — » : aucun lieu de premier accueil publié."),
        period=False,
    )


@table("acces-communes")
def communes_table(src: Sources) -> Table:
    """Export only (too long for the page): every commune with its distances."""
    return Table(
        slug="acces-communes",
        title=_("Distances de chaque commune aux lieux du SPRO"),
        columns=(
            Column("code_commune", _("Code INSEE")),
            Column("commune", _("Commune")),
            Column("code_departement", _("Département")),
            Column("population", _("Population"), INT),
            Column("premier_accueil_km", _("Premier accueil (km)"), KM),
            Column("premier_accueil_lieu", _("Lieu de premier accueil le plus proche")),
            Column("cep_km", _("Lieu CEP (km)"), KM),
            Column("cep_lieu", _("Lieu CEP le plus proche")),
        ),
        rows=[
            Row(
                (
                    row.code,
                    row.name,
                    row.department,
                    row.population,
                    row.reception_km,
                    row.reception_site,
                    row.cep_km,
                    row.cep_site,
                )
            )  # fmt: skip
            for row in network.commune_access()
        ],
        period=False,
    )


def _month_label(month: date | None, year: int) -> str | date:
    return month if month is not None else _("Année %(year)s") % {"year": year}


@table("evenements-par-zone")
def events_zone_table(src: Sources) -> Table:
    return Table(
        slug="evenements-par-zone",
        title=_("Événements publics par zone d'emploi en %(year)s") % {"year": src.year},
        columns=(
            Column("code_zone", _("Code")),
            Column("zone_emploi", _("Zone d'emploi")),
            Column("evenements", _("Événements"), INT),
            Column("conformes_charte", _("Conformes à la charte"), INT),
            Column("part_charte_pct", _("Part conforme"), SHARE),
        ),
        rows=[
            Row(
                (
                    row.key if row.key != "autres" else "",
                    row.label or _("Total"),
                    row.events,
                    row.charter,
                    row.charter_share,
                ),
                total=not row.key,
            )
            for row in src.events_by_zone
        ],
        empty=_("Aucun événement public publié cette année."),
    )


@table("evenements-par-secteur")
def events_sector_table(src: Sources) -> Table:
    return Table(
        slug="evenements-par-secteur",
        title=_("Événements publics par secteur professionnel en %(year)s") % {"year": src.year},
        columns=(
            Column("code_secteur", _("Domaine ROME")),
            Column("secteur", _("Secteur")),
            Column("evenements", _("Événements"), INT),
            Column("conformes_charte", _("Conformes à la charte"), INT),
            Column("part_charte_pct", _("Part conforme"), SHARE),
            Column("zones_prioritaires", _("Zones où il est prioritaire"), INT),
            Column("evenements_zones_prioritaires", _("Événements dans ces zones"), INT),
        ),
        rows=[
            Row(
                (
                    row.key.upper(),
                    row.label,
                    row.events,
                    row.charter,
                    row.charter_share,
                    row.priority_zones,
                    row.in_priority_zones,
                )
            )  # fmt: skip
            for row in src.events_by_sector
        ],
        note=_("Un événement de plusieurs secteurs compte dans chacun."),
        empty=_("Aucun événement public publié cette année."),
    )


@table("evenements-par-mois")
def events_month_table(src: Sources) -> Table:
    return Table(
        slug="evenements-par-mois",
        title=_("Événements publics par mois en %(year)s") % {"year": src.year},
        columns=(
            Column("mois", _("Mois"), MONTH),
            Column("evenements", _("Événements"), INT),
            Column("conformes_charte", _("Conformes à la charte"), INT),
            Column("part_charte_pct", _("Part conforme"), SHARE),
        ),
        rows=[
            Row(
                (_month_label(row.month, src.year), row.events, row.charter, row.charter_share),
                total=row.month is None,
            )
            for row in src.events_by_month
        ],
        empty=_("Aucun événement public publié cette année."),
        row_header=0,
    )


@table("questions-par-mois")
def questions_table(src: Sources) -> Table:
    return Table(
        slug="questions-par-mois",
        title=_("Questions en ligne reçues et répondues par mois en %(year)s") % {"year": src.year},
        columns=(
            Column("mois", _("Mois de réception"), MONTH),
            Column("recues", _("Reçues"), INT),
            Column("repondues", _("Répondues"), INT),
            Column("part_repondues_pct", _("Part répondue"), SHARE),
            Column("delai_median_heures", _("Délai médian de la première réponse"), HOURS),
        ),
        rows=[
            Row(
                (
                    _month_label(row.month, src.year),
                    row.received,
                    row.answered,
                    row.answered_share,
                    row.median_delay,
                ),
                total=row.month is None,
            )
            for row in src.questions
        ],
        note=_(
            "Une question compte le mois où elle a été reçue ; « répondue » : au moins une réponse envoyée."
        ),
        empty=_("Aucune question reçue cette année."),
        row_header=0,
    )


@table("candidatures-par-etat")
def applications_table(src: Sources) -> Table:
    rows = [Row((row.status, row.label, row.count)) for row in src.applications]
    if rows:
        rows.append(Row(("", _("Total"), sum(row.count for row in src.applications)), total=True))
    return Table(
        slug="candidatures-par-etat",
        title=_("Candidatures à la labellisation de %(year)s par état") % {"year": src.year},
        columns=(
            Column("etat", _("Code")),
            Column("libelle", _("État")),
            Column("candidatures", _("Candidatures"), INT),
        ),
        rows=rows,
        note=_("Une candidature compte l'année de son dépôt (ou de sa création, si elle n'est pas déposée)."),
        empty=_("Aucune candidature cette année."),
    )


@table("instruction-des-candidatures")
def review_table(src: Sources) -> Table:
    review = src.review
    return Table(
        slug="instruction-des-candidatures",
        title=_("Décisions de labellisation de %(year)s et délai médian d'instruction") % {"year": src.year},
        columns=(
            Column("annee", _("Année")),
            Column("decisions", _("Décisions"), INT),
            Column("approuvees", _("Approuvées"), INT),
            Column("refusees", _("Refusées"), INT),
            Column("delai_median_jours", _("Délai médian du dépôt à la décision"), DAYS),
        ),
        rows=[Row((str(src.year), *review))] if review else [],
        empty=_("Aucune décision cette année."),
        row_header=0,
    )


@table("comites")
def committees_table(src: Sources) -> Table:
    return Table(
        slug="comites",
        title=_("Comités de pilotage et de suivi : réunions de %(year)s") % {"year": src.year},
        columns=(
            Column("comite", _("Comité")),
            Column("portee", _("Portée")),
            Column("code_departement", _("Département")),
            Column("reunions_annee", _("Réunions de l'année"), INT),
            Column("dates", _("Dates")),
            Column("derniere_reunion", _("Dernière réunion tenue"), DAY),
            Column("reuni_dans_l_annee", _("Réuni dans l'année"), BOOL),
        ),
        rows=[
            Row(
                (
                    row.committee.name,
                    str(CommitteeScope(row.committee.scope).label),
                    row.committee.department_id or "",
                    len(row.meetings),
                    " | ".join(meeting.date.isoformat() for meeting in row.meetings),
                    row.last_meeting,
                    row.met_this_year,
                ),
                alert=not row.met_this_year,
                anchor=f"comite-{row.committee.pk}",
            )
            for row in src.committees
        ],
        empty=_("Aucun comité n'est enregistré."),
        row_header=0,
    )


SLUGS = tuple(_BUILDERS)


def indicator_table(slug: str, src: Sources) -> Table:
    """The table of an indicator (KeyError for an unknown slug)."""
    return _BUILDERS[slug](src)


@dataclass
class Summary:
    """What a Region officer sees at a glance."""

    centres: list = field(default_factory=list)  # network.DepartmentCentres not ok
    far: list = field(default_factory=list)  # the most populated far communes
    idle_committees: list = field(default_factory=list)  # governance CommitteeRow not met this year
    uncovered_departments: list = field(default_factory=list)  # (code, name) without a committee


def summary(src: Sources) -> Summary:
    covered = {row.committee.department_id for row in src.committees if row.committee.department_id}
    return Summary(
        centres=[row for row in src.centres if not row.is_ok],
        far=list(src.coverage.farthest[:FAR_TOP]),
        idle_committees=[row for row in src.committees if not row.met_this_year],
        uncovered_departments=[(row.code, row.name) for row in src.centres if row.code not in covered],
    )
