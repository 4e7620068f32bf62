"""Public agenda pages, calendar feeds and the regional programme."""

import csv

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from structures.catalog import catalog
from structures.views.presenters import limited_query

from ..enums import EventType
from ..filters import FORMAT_CHOICES, AgendaFilterSet
from ..ics import calendar_bytes, event_calendar_bytes
from ..models import Event
from ..selectors import TZ, agenda_first_versions, agenda_search, feed_events, regional_programme
from .presenters import event_features, event_json_ld

FEED_MAX_EVENTS = 50  # a feed carries the next 50 matching events


def _options(terms, selected_ids):
    return [{"value": term.slug, "label": term.label, "checked": term.pk in selected_ids} for term in terms]


@require_safe
def event_list(request):
    filterset = AgendaFilterSet(request.GET)
    criteria = filterset.criteria()
    result = agenda_search(filters=criteria, page=request.GET.get("page"))
    terms = catalog()
    feed_query = limited_query(request.GET)
    feed_query.pop("page", None)
    feed_path = reverse("events:agenda_ics") + (f"?{feed_query.urlencode()}" if feed_query else "")
    context = {
        "criteria": criteria,
        "problems": filterset.problems,
        "place": filterset.place,
        "result": result,
        "query": limited_query(request.GET),
        "audience_options": _options(terms.audiences, criteria.audience_ids),
        "sector_options": _options(terms.sectors, criteria.sector_ids),
        "project_options": _options(terms.projects, criteria.project_ids),
        "type_options": [
            {"value": value, "label": label, "checked": value in criteria.types}
            for value, label in EventType.choices
        ],
        "format_options": [
            {"value": value, "label": label, "checked": value in criteria.formats}
            for value, label in FORMAT_CHOICES
        ],
        "zones": terms.zone_options(criteria.zone),
        "departments": terms.department_options(criteria.department),
        "feed_url": feed_path,
        "webcal_url": f"webcal://{request.get_host()}{feed_path}",
        "map_features": event_features(result.page),
        "map": {"tiles": settings.PORTAL_MAP_TILES_URL, "attribution": settings.PORTAL_MAP_ATTRIBUTION},
    }
    return render(request, "events/event_list.html", context)


def _public_event(slug):
    return get_object_or_404(
        Event.objects.public().select_related("organiser", "venue__commune", "commune__department"), slug=slug
    )


@require_safe
def event_detail(request, slug):
    event = _public_event(slug)
    context = {
        "event": event,
        "now": timezone.now(),
        "co_organisers": event.co_organisers.all(),
        "audiences": event.audiences.all(),
        "sectors": event.sectors.all(),
        "jobs": event.jobs.all(),
        "projects": event.projects.all(),
        "schemes": event.schemes.all(),
        "structured_data": event_json_ld(event, request),
        "map_features": event_features([event]),
        "map": {"tiles": settings.PORTAL_MAP_TILES_URL, "attribution": settings.PORTAL_MAP_ATTRIBUTION},
    }
    return render(request, "events/event_detail.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def event_ics(request, slug):
    event = _public_event(slug)
    content = event_calendar_bytes(event, base_url=request.build_absolute_uri("/"))
    return _ics_response(content, f"{event.slug}.ics")


@require_safe
def agenda_ics(request):
    """The agenda search as a subscribable feed. Bad filters: 400 with a French message."""
    filterset = AgendaFilterSet(request.GET)
    criteria = filterset.criteria()
    if filterset.problems or (filterset.place and filterset.place.ambiguous):
        problems = filterset.problems or [filterset.place.error]
        message = _("Flux non généré : %(problems)s") % {"problems": " ".join(problems)}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    content = calendar_bytes(
        agenda_first_versions(criteria, FEED_MAX_EVENTS),
        name=_("Agenda de l'orientation — %(name)s") % {"name": settings.PORTAL_NAME},
        base_url=request.build_absolute_uri("/"),
        fetch=feed_events,
    )
    return _ics_response(content, "agenda.ics")


def _year(request) -> tuple[int, list[str]]:
    current = timezone.now().astimezone(TZ).year
    raw = request.GET.get("annee", "")
    if not raw:
        return current, []
    if raw.isdigit() and 2015 <= int(raw) <= 2100:
        return int(raw), []
    return current, [_("Année « %(value)s » invalide : l'année en cours est affichée.") % {"value": raw[:20]}]


@require_safe
def programme(request):
    year, problems = _year(request)
    zones = regional_programme(year=year)
    context = {
        "year": year,
        "years": range(year - 2, year + 3),
        "zones": zones,
        "problems": problems,
        "gap_total": sum(zone.gap_count for zone in zones),
        "overlap_total": sum(zone.overlap_count for zone in zones),
    }
    return render(request, "events/programme.html", context)


@require_safe
def programme_csv(request):
    year, _problems = _year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-regional-{year}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet software then reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "annee",
            "code_zone",
            "zone_emploi",
            "secteur",
            "justification",
            "evenements",
            "lacune",
            "chevauchements",
        ]
    )
    for zone in regional_programme(year=year):
        for line in zone.lines:
            writer.writerow(
                [
                    year,
                    zone.zone.code,
                    zone.zone.name,
                    line.priority.sector.label,
                    line.priority.rationale,
                    line.event_count,
                    "oui" if line.is_gap else "non",
                    len(line.overlaps),
                ]
            )
    return response
