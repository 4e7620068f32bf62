"""The indicators of the network for Region staff (`/espace-pro/pilotage/`): the page, the printable
annual report for the steering committee, and a CSV export of every table (spro_portal.indicators)."""

import csv
import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from structures.access import pro_view
from structures.selectors import coverage

from . import charts
from .indicators import PERCENT, SHARE, SLUGS, Sources, csv_value, html_value, indicator_table, summary

FIRST_YEAR, LAST_YEAR = 2015, 2100
# Shown on the page, in this order (acces-communes, every commune, is an export only).
NETWORK = ("lieux-par-departement", "centres-associes", "points-relais-par-zone")
ACCESS = ("acces-par-departement", "communes-eloignees")
ACTIVITY = (
    "evenements-par-zone",
    "evenements-par-secteur",
    "evenements-par-mois",
    "questions-par-mois",
    "candidatures-par-etat",
    "instruction-des-candidatures",
    "fraicheur-des-donnees",
)
GOVERNANCE = ("comites",)
PAGE_TABLES = NETWORK + ACCESS + ACTIVITY + GOVERNANCE


def staff_view(view):
    """A page for Region staff only: anonymous visitors go to the login page, everyone else gets a 403."""

    @pro_view
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def current_year() -> int:
    return timezone.localdate().year


def year_of(request) -> tuple[int, list[str]]:
    """`annee` of the query string (default: the current year); a bad value gives the current year and
    a French message."""
    raw = request.GET.get("annee", "")
    if not raw:
        return current_year(), []
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw), []
    return current_year(), [
        _("Année « %(value)s » invalide : l'année en cours est affichée.") % {"value": raw[:20]}
    ]


def _share(value: float) -> str:
    return html_value(value, SHARE)


def _percent(value: float) -> str:
    return html_value(value, PERCENT)


def _charts(tables: dict) -> dict:
    """A chart of the main figure of each table that has lines (the table shows the same figures)."""

    def bars(slug, label_key, value_key, title, **options):
        if tables[slug].rows:
            items = tables[slug].items(label_key, value_key)
            found[slug] = charts.bar_chart(chart_id=f"graphique-{slug}", title=title, items=items, **options)

    def months(slug, value_key, title):
        table = tables[slug]
        if table.rows:
            month, value = table.column("mois"), table.column(value_key)
            items = [
                (formats.date_format(row.cells[month], "M"), row.cells[value])
                for row in table.rows
                if not row.total
            ]
            found[slug] = charts.column_chart(chart_id=f"graphique-{slug}", title=title, items=items)

    found = {}
    bars("lieux-par-departement", "departement", "total", _("Lieux publiés par département"))
    bars("centres-associes", "departement", "centres_associes", _("Centres associés par département"))
    bars("points-relais-par-zone", "zone_emploi", "points_relais", _("Points relais par zone d'emploi"))
    bars(
        "fraicheur-des-donnees",
        "departement",
        "part_pct",
        _("Part des lieux mis à jour dans les 6 derniers mois, par département"),
        max_value=1,
        value_label=_share,
    )
    bars(
        "acces-par-departement",
        "departement",
        "premier_accueil_20km_pct",
        _("Part de la population à moins de 20 km d'un lieu de premier accueil, par département"),
        max_value=100,
        value_label=_percent,
    )
    bars("evenements-par-zone", "zone_emploi", "evenements", _("Événements publics par zone d'emploi"))
    bars("evenements-par-secteur", "secteur", "evenements", _("Événements publics par secteur"))
    months("evenements-par-mois", "evenements", _("Événements publics par mois"))
    months("questions-par-mois", "recues", _("Questions reçues par mois"))
    bars("candidatures-par-etat", "libelle", "candidatures", _("Candidatures à la labellisation par état"))
    return found


def _access_map(src: Sources) -> tuple:
    """The equal-access map, and the communes left out of it (coordinates far outside the territory)."""
    points, left_out = charts.plausible_points(src.coverage.points)
    if not points:
        return None, left_out
    projection = coverage.SvgProjection.fit(points)
    svg = charts.access_map(
        chart_id="carte-acces",
        title=_("Carte : distance de chaque commune au lieu de premier accueil le plus proche"),
        points=points,
        project=projection.xy,
        width=projection.width,
        height=projection.height,
        description=_(
            "Chaque cercle est une commune ; sa couleur et sa taille disent la distance au lieu de premier "
            "accueil le plus proche (10 km ou moins, 10 à 20 km, 20 à 30 km, plus de 30 km). Le tableau "
            "qui suit la carte liste les communes les plus peuplées parmi les plus éloignées."
        ),
    )
    return svg, left_out


def _context(request, template_tables):
    year, problems = year_of(request)
    src = Sources(year)
    tables = {slug: indicator_table(slug, src) for slug in template_tables}
    return src, {
        "year": year,
        "years": range(min(year, current_year()) - 4, max(year, current_year()) + 1),
        "problems": problems,
        "tables": tables,
        "sections": {"network": NETWORK, "access": ACCESS, "activity": ACTIVITY, "governance": GOVERNANCE},
        "summary": summary(src),
        "coverage_computed_at": src.coverage.computed_at,
        "far_km": coverage.FARTHEST_KM,
        "cell": html_value,
    }


@staff_view
@require_safe
def pilotage(request):
    src, context = _context(request, PAGE_TABLES)
    context["charts"] = _charts(context["tables"])
    context["access_map"], context["map_left_out"] = _access_map(src)
    context["bands"] = [(band, charts.legend_swatch(band)) for band in charts.BANDS]
    return render(request, "pilotage/index.html", context)


@staff_view
@require_safe
def pilotage_report(request):
    _src, context = _context(request, PAGE_TABLES)
    context["generated_on"] = timezone.localdate()
    return render(request, "pilotage/report.html", context)


@staff_view
@require_safe
def pilotage_export(request, indicator: str):
    """One table as CSV (UTF-8 with a BOM, `;`: what French spreadsheets read, as the admin's exports);
    an empty period gives the header alone."""
    if indicator not in SLUGS:
        raise Http404
    year, _problems = year_of(request)
    table = indicator_table(indicator, Sources(year))
    stamp = year if table.period else timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([column.key for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [csv_value(value, column.kind) for value, column in zip(row.cells, table.columns, strict=True)]
        )
    return response
