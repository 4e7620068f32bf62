"""The Jinja2 environment of the public pages (faster than Django's template language on list pages;
the admin keeps Django templates). Helpers mirror the Django tags and filters the templates need."""

import functools
import json
from datetime import date, datetime

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.html import json_script
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext, pgettext
from jinja2 import Environment, pass_context
from markupsafe import Markup, escape

from events.rendering import event_card, upcoming_events
from labelling.selectors import label_end
from structures.rendering import WEEKDAY_NAMES, checkbox_group, date_label, json_ld, select_options, site_card
from trainings.selectors.zones import zone_overview as zone_overview_selector


@functools.lru_cache(maxsize=1024)
def _reverse(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args or None)


def url(name: str, *args, **kwargs) -> str:
    """Django's reverse, remembered per name and arguments (every page reverses the same menu links)."""
    if kwargs:
        return reverse(name, kwargs=kwargs)
    return _reverse(get_script_prefix(), name, args)


@pass_context
def querystring(context, **changes) -> str:
    """The current query string with `changes` (a value of None removes the key), starting with "?"."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return "?" + query.urlencode()


def date_filter(value, fmt: str = "j F Y") -> str:
    if not value:
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return date_label(value, fmt)
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, fmt)


def time_filter(value, fmt: str = "H:i") -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.time_format(value, fmt)


def floatformat(value, digits: int = 0) -> str:
    if value in (None, ""):
        return ""
    return formats.number_format(round(float(value), digits), digits)


def linebreaksbr(value) -> Markup:
    return Markup("<br>".join(escape(line) for line in str(value).splitlines()))  # noqa: S704 (lines escaped)


def json_script_filter(value, element_id: str) -> Markup:
    return Markup(json_script(value, element_id))  # noqa: S704 (json_script escapes)


@functools.lru_cache(maxsize=4096)
def _translated(language: str | None, message: str, formatted: bool) -> Markup:
    """The message translated (called with `language` active) and marked safe; `formatted`: as a
    message without variables prints ("%%" read as "%")."""
    translated = Markup(gettext(message))  # noqa: S704 (our own catalogue, as Jinja's i18n marks it)
    return translated % {} if formatted else translated


def template_gettext(message: str, **variables) -> Markup:
    """`_()` and `{% trans %}` of the templates: what Jinja's "newstyle" gettext gives (the translation
    marked safe, the variables escaped into it), remembered per language and message. A page's template
    translates dozens of fixed words: Jinja's own wrapper and Django's catalogue walk cost more than
    the rest of their rendering."""
    if variables:
        return _translated(get_language(), message, False) % variables
    return _translated(get_language(), message, True)


def zone_overview(zone):
    """The zone page's priority sectors, training offers by sector and jobs (trainings.selectors.zones):
    structures' page reads them without importing trainings nor events."""
    return zone_overview_selector(zone, today=timezone.localdate())


def environment(**options) -> Environment:
    options.pop("autoescape", None)
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True, **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
    env.globals.update(gettext=template_gettext, _=template_gettext)
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        site_card=site_card,
        event_card=event_card,
        checkbox_group=checkbox_group,
        select_options=select_options,
        json_ld=json_ld,
        upcoming_events=upcoming_events,
        zone_overview=zone_overview,
        label_end=label_end,
    )
    env.filters.update(
        date=date_filter,
        time=time_filter,
        floatformat=floatformat,
        capfirst=capfirst,
        linebreaksbr=linebreaksbr,
        json_script=json_script_filter,
        weekday_name=lambda day: WEEKDAY_NAMES[day],
        tojson_attr=lambda value: json.dumps(value),
    )
    return env
