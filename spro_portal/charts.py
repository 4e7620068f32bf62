"""Accessible SVG charts for the indicators (`/espace-pro/pilotage/`), drawn on the server: no script, no
third-party request.

Each chart is an image (`role="img"`) named by its `<title>` and described by its `<desc>` (both referred
to by `aria-labelledby`), with its figures written as text beside the marks; the page always shows the
same figures in a table next to it. Colours come from the theme's custom properties through CSS classes
(static/css/pilotage.css), text uses `currentColor`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 210
VALUE_ROOM = 90  # right of the longest bar: its value
ROW = 26
BAR = 16
LABEL_CHARS = 32

SAME_FIGURES = gettext_lazy("Les mêmes chiffres figurent dans le tableau qui suit le graphique.")


def _short(label: str, size: int = LABEL_CHARS) -> str:
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _frame(chart_id: str, title: str, description: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 (every text escaped above and in body)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float | None]],
    value_label: Callable[[float], str] = _number,
    max_value: float | None = None,
    description: str = "",
) -> Markup:
    """Horizontal bars, one per (label, value); a value of None is written "non disponible" (no bar).
    `max_value` fixes the scale (1 for shares), else the largest value."""
    top = max_value or max((value for _label, value in items if value), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    height = max(len(items), 1) * ROW + 8
    body = []
    for index, (label, value) in enumerate(items):
        y = 4 + index * ROW
        middle = y + ROW / 2
        body.append(
            f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(_short(label))}</text>'
        )
        if value is None:
            body.append(
                f'<text class="chart__value" x="{LABEL_WIDTH}" y="{middle:.1f}" '
                f'dominant-baseline="middle">{escape(_("non disponible"))}</text>'
            )
            continue
        length = max(room * value / top, 0)
        body.append(
            f'<rect class="chart__bar" x="{LABEL_WIDTH}" y="{y + (ROW - BAR) / 2:.1f}" '
            f'width="{length:.1f}" height="{BAR}"></rect>'
            f'<text class="chart__value" x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{escape(value_label(value))}</text>'
        )
    return _frame(chart_id, title, description or SAME_FIGURES, height, body)


def column_chart(
    *,
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float]],
    value_label: Callable[[float], str] = _number,
    description: str = "",
) -> Markup:
    """Vertical columns (the months of a year), each labelled below and with its value above."""
    height, base, top_room = 240, 200, 24
    count = max(len(items), 1)
    step = (WIDTH - 20) / count
    width = step * 0.6
    top = max((value for _label, value in items), default=0) or 1
    body = [f'<line class="chart__axis" x1="10" y1="{base}" x2="{WIDTH - 10}" y2="{base}"></line>']
    for index, (label, value) in enumerate(items):
        x = 10 + index * step + (step - width) / 2
        length = (base - top_room) * value / top
        centre = x + width / 2
        body.append(
            f'<rect class="chart__bar" x="{x:.1f}" y="{base - length:.1f}" width="{width:.1f}" '
            f'height="{length:.1f}"></rect>'
            f'<text class="chart__value" x="{centre:.1f}" y="{base - length - 6:.1f}" '
            f'text-anchor="middle">{escape(value_label(value))}</text>'
            f'<text class="chart__label" x="{centre:.1f}" y="{base + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return _frame(chart_id, title, description or SAME_FIGURES, height, body)


@dataclass(frozen=True)
class Band:
    css: str  # class suffix: the colour (static/css/pilotage.css)
    label: str
    upper_km: float | None  # None: the last band (or no place found)
    radius: float


# Distance bands of the equal-access map: farther is darker, warmer and larger (not colour alone).
BANDS = (
    Band("0", gettext_lazy("10 km ou moins"), 10, 2.0),
    Band("1", gettext_lazy("de 10 à 20 km"), 20, 2.8),
    Band("2", gettext_lazy("de 20 à 30 km"), 30, 3.6),
    Band("3", gettext_lazy("plus de 30 km, ou aucun lieu"), None, 4.6),
)


def band_of(km: float | None) -> Band:
    for band in BANDS[:-1]:
        if km is not None and km <= band.upper_km:  # as the coverage's shares count (within)
            return band
    return BANDS[-1]


def _percentile(values: list[float], fraction: float) -> float:
    return values[min(int(fraction * len(values)), len(values) - 1)]


def plausible_points(points: Sequence, margin: float = 0.25) -> tuple[list, list]:
    """The points with coordinates, split into those drawn and those left out: a point outside the box
    of the 1st to 99th percentiles of latitude and longitude, widened by `margin` of its size on each
    side, is a coordinate error of the reference data (a commune placed hundreds of kilometres away)
    that would otherwise shrink the map into a corner."""
    located = [point for point in points if point.latitude is not None and point.longitude is not None]
    if len(located) < 20:
        return located, []
    latitudes = sorted(point.latitude for point in located)
    longitudes = sorted(point.longitude for point in located)
    box = []
    for values in (latitudes, longitudes):
        low, high = _percentile(values, 0.01), _percentile(values, 0.99)
        box.append((low - margin * (high - low), high + margin * (high - low)))
    (south, north), (west, east) = box
    kept, left_out = [], []
    for point in located:
        inside = south <= point.latitude <= north and west <= point.longitude <= east
        (kept if inside else left_out).append(point)
    return kept, left_out


def access_map(
    *,
    chart_id: str,
    title: str,
    points: Sequence,
    project: Callable[[float, float], tuple[float, float]],
    width: float,
    height: float,
    description: str,
) -> Markup:
    """One circle per commune (`points`: objects with latitude, longitude, reception_km), its colour and size
    by distance band to the nearest first-reception place; the farthest drawn last (on top).
    `project(lat, lon)` gives the (x, y) in a `width` × `height` box."""
    body = []
    for point in sorted(points, key=lambda p: (p.reception_km is None, p.reception_km or 0)):
        x, y = project(point.latitude, point.longitude)
        band = band_of(point.reception_km)
        body.append(
            f'<circle class="map__point map__point--{band.css}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{band.radius}"></circle>'
        )
    head = (
        f'<svg class="chart chart--map" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 (texts escaped, numbers formatted)


def legend_swatch(band: Band) -> Markup:
    """The band's circle, for the map's legend (decorative: the legend's text says the band)."""
    return Markup(  # noqa: S704 (constants)
        f'<svg class="legend__swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
        f'focusable="false"><circle class="map__point map__point--{band.css}" cx="8" cy="8" '
        f'r="{band.radius + 1.5}"></circle></svg>'
    )
