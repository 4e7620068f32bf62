"""HTML fragments of the agenda built in Python, used as Jinja2 globals — including the upcoming events
that pages of other apps (home, site and zone pages) show without those apps importing events."""

import functools
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from markupsafe import Markup, escape

from structures.enums import labels
from structures.rendering import date_label, decimal_label, html

from .enums import AttendanceMode, EventType
from .selectors import TZ
from .selectors import upcoming_events as upcoming_events_selector


def upcoming_events(site=None, zone=None, limit=5, heading="h2"):
    """The next events at a site, in a zone or anywhere, as a section of event cards (rendered in Python
    like the cards: the site page shows it). `heading` is a tag name from the template."""
    events = upcoming_events_selector(now=timezone.now(), limit=limit, site=site, zone=zone)
    if not events:
        return ""
    agenda = reverse("events:event_list") + (f"?{urlencode({'zone': zone.code})}" if zone else "")
    cards = "".join(f"<li>{event_card(event, 'h3')}</li>" for event in events)
    title, all_events = escape(gettext("Prochains événements")), escape(gettext("Tout l'agenda"))
    return Markup(  # noqa: S704 (cards and escaped values)
        '<section aria-labelledby="upcoming-events-title" class="upcoming-events">\n'
        f'  <{heading} id="upcoming-events-title">{title}</{heading}>\n'
        f'  <ul class="results-list results-list--plain">\n    {cards}\n  </ul>\n'
        f'  <p><a href="{escape(agenda)}">{all_events}</a></p>\n'
        "</section>"
    )


@functools.lru_cache(maxsize=8)
def _snippets(language: str) -> dict:
    """The fixed words and tags of event cards, translated once per language (a list shows 20 cards)."""
    return {
        "from_to": gettext("du %(start)s au %(end)s"),
        "online": gettext("En ligne"),
        "and_online": gettext("et en ligne"),
        "km": gettext("à %(km)s km"),
        "cancelled": html(' <span class="tag tag--alert">{}</span>', gettext("Annulé")),
        "full": html(' <span class="tag tag--warning">{}</span>', gettext("Complet")),
        "free": html('<span class="tag">{}</span>', gettext("Gratuit")),
        "charter": html(
            '<span class="tag tag--charter">{}</span>', gettext("Charte des événements respectée")
        ),
        "open_door": html('<span class="tag">{}</span>', gettext("Sans inscription")),
    }


def event_card(event, heading="h3"):
    """One event in a list (rendered in Python: the agenda shows 20 of them a page)."""
    language = get_language() or "fr"  # once a card: a context-variable lookup
    words = _snippets(language)
    start, end = event.start.astimezone(TZ), event.end.astimezone(TZ)
    if start.date() == end.date():
        when = f"{date_label(start.date(), 'l j F Y', language)}, {start:%H:%M}–{end:%H:%M}"
    else:
        when = words["from_to"] % {
            "start": date_label(start.date(), "j F", language),
            "end": date_label(end.date(), "j F Y", language),
        }
    if event.attendance_mode == AttendanceMode.ONLINE:
        place = words["online"]
    else:
        place = event.place_label
        if event.attendance_mode == AttendanceMode.MIXED:
            place = f"{place} {words['and_online']}"
    distance = getattr(event, "distance_km", None)
    place = html("{}", place)
    if distance is not None:
        km = decimal_label(distance, 1, language)
        place = html("{} — <strong>{}</strong>", place, words["km"] % {"km": km})
    marker = ""
    if event.is_cancelled:
        marker = words["cancelled"]
    elif event.is_full:
        marker = words["full"]
    tags = []
    if event.free:
        tags.append(words["free"])
    if event.meets_charter:
        tags.append(words["charter"])
    if not event.registration_required:
        tags.append(words["open_door"])
    kind = labels(EventType, language).get(event.type, event.type)
    title = escape(event.title)
    url = escape(event.get_absolute_url())
    # An f-string of escaped values: html() escapes each keyword again, 20 cards a page.
    return Markup(  # noqa: S704 (every value escaped or built with html)
        f'<article class="event-card{" event-card--cancelled" if event.is_cancelled else ""}">\n'
        f'  <{heading} class="event-card__title"><a href="{url}">{title}</a>{marker}</{heading}>\n'
        f'  <p class="event-card__meta"><span class="badge">{escape(kind)}</span>'
        f" {escape(when)}</p>\n"
        f"  <p>{place}</p>\n"
        f'  <p class="event-card__badges">{" ".join(tags)}</p>\n'
        "</article>"
    )
