"""HTML fragments of the public pages built in Python (hot loops of list pages), used as Jinja2 globals."""

import functools
import json
from datetime import date

from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup, escape

from .enums import SiteKind, labels

WEEKDAY_NAMES = [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")]
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def html(template: str, *args, **kwargs) -> Markup:
    """django.utils.html.format_html with markupsafe's escaping, written in C: list pages escape hundreds
    of values, and Django's escape costs several times more."""
    escaped = {name: escape(value) for name, value in kwargs.items()}
    return Markup(template.format(*map(escape, args), **escaped))  # noqa: S704 (every value escaped)


def json_ld(data: dict):
    """A schema.org JSON-LD block (data, not script: allowed by a strict Content-Security-Policy)."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@functools.lru_cache(maxsize=2048)
def _checkbox_parts(name: str, value: str, label: str) -> tuple[str, str]:
    """An option's markup before and after its `checked` attribute, escaped once per process."""
    name, value, label = escape(name), escape(value), escape(label)
    return (
        f'<div><input type="checkbox" id="id_{name}_{value}" name="{name}" value="{value}"',
        f'> <label for="id_{name}_{value}">{label}',
    )


def checkbox_group(name: str, legend: str, options: list[dict]):
    """A fieldset of checkboxes, with the number of results per option when known.

    Rendered in Python from fragments escaped once per option (search pages show dozens of options, and
    this is their hottest loop); only the count and the checked state change from one page to the next."""
    places = escape(gettext("lieux"))
    rows = []
    for option in options:
        head, tail = _checkbox_parts(name, str(option["value"]), str(option["label"]))
        count = option.get("count")
        suffix = (
            f' <span class="count">({int(count)}<span class="visually-hidden"> {places}</span>)</span>'
            if count is not None
            else ""
        )
        rows.append(f"{head}{' checked' if option.get('checked') else ''}{tail}{suffix}</label></div>")
    return html(
        '<fieldset class="choices">\n  <legend>{}</legend>\n  {}\n</fieldset>',
        legend,
        mark_safe("\n  ".join(rows)),  # noqa: S308 (fragments escaped in _checkbox_parts)
    )


@functools.lru_cache(maxsize=16)
def _options_html(options: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<option value="{escape(code)}">{escape(label)}</option>' for code, label in options)


def select_options(options: tuple[tuple[str, str], ...], selected: str | None = None) -> Markup:
    """The <option>s of a long select (306 employment zones, 109 départements), built once per list of
    options; the selected one is then marked."""
    text = _options_html(tuple(options))
    if selected:
        option = f'<option value="{escape(selected)}">'
        text = text.replace(option, f"{option[:-1]} selected>", 1)
    return Markup(text)  # noqa: S704 (built from escaped values)


@functools.lru_cache(maxsize=8)
def _card_words(language: str) -> tuple[str, str, str]:
    return gettext("à %(km)s km"), gettext("Tél."), gettext("Structure labellisée SPRO jusqu'au %(date)s")


def site_card(site, status=None, heading="h3", label_until: date | None = None):
    """One place in a list of results (rendered in Python: lists show up to 20 of them), as an f-string of
    escaped values (html() would escape each one again). `heading` is a tag name from the template;
    `label_until`, the end of its member's label in force (labelling)."""
    language = get_language() or "fr"
    at_km, phone_label, labelled = _card_words(language)
    address = escape(
        ", ".join(part for part in [site.address, f"{site.postcode} {site.commune.name}".strip()] if part)
    )
    kind = labels(SiteKind, language).get(site.kind, site.kind)
    distance = getattr(site, "distance_km", None)
    if distance is not None:
        km = decimal_label(distance, 1, language)
        address = f"{address} — <strong>{escape(at_km % {'km': km})}</strong>"
    parts = [
        f'<{heading} class="site-card__title"><a href="{escape(site.get_absolute_url())}">'
        f"{escape(site.name)}</a></{heading}>",
        f'<p class="site-card__meta"><span class="badge badge--{escape(site.kind)}">{escape(kind)}'
        f"</span> {escape(site.member.name)}</p>",
        f'<p class="site-card__address">{address}</p>',
    ]
    if label_until is not None:
        text = labelled % {"date": date_label(label_until, "j F Y", language)}
        parts[1] = parts[1][:-4] + f' <span class="badge badge--label">{escape(text)}</span></p>'
    if status is not None:
        parts.append(f'<p class="status status--{escape(status.state)}">{escape(status.label)}</p>')
    if site.phone:
        phone, dial = escape(site.phone), escape(site.phone.replace(" ", ""))
        parts.append(
            f'<p class="site-card__phone">{escape(phone_label)} <a href="tel:{dial}">{phone}</a></p>'
        )
    return Markup('<article class="site-card">\n  ' + "\n  ".join(parts) + "\n</article>")  # noqa: S704 (escaped)


@functools.lru_cache(maxsize=4096)
def _decimal_label(value: float, digits: int, language: str) -> str:
    return formats.number_format(value, digits)


def decimal_label(value: float, digits: int, language: str) -> str:
    """formats.number_format of `value` rounded to `digits`, cached per language ("12,3" in French):
    lists show twenty distances, and Django looks the format up again at every call."""
    return _decimal_label(round(value, digits), digits, language)


@functools.lru_cache(maxsize=4096)
def _date_label(day: date, fmt: str, language: str) -> str:
    return formats.date_format(day, fmt)


def date_label(day: date, fmt: str, language: str | None = None) -> str:
    """formats.date_format for date-only formats ("l j F Y"), cached per day and language: lists show
    the same days again and again, and day and month names are translated at every call. `language` is
    the active one, when the caller has it (get_language costs a context-variable lookup)."""
    return _date_label(day, fmt, language or get_language() or "fr")
