"""The jobs pages: `/metiers/` (the ROME jobs by professional domain, and a search by title or code) and
`/metiers/<code ROME>/` (a job, its partners' sheets, training offers, events and helpful places)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from structures.filters import PlaceSearchFilterSet
from structures.views.presenters import map_features, map_settings, querystring_without

from ..selectors.jobs import (
    JOB_PROJECTS,
    NEARBY_PLACES_KM,
    NEARBY_TRAININGS_KM,
    job_by_code,
    job_domains,
    job_events,
    job_places,
    job_search,
    job_trainings,
    offer_counts,
    partner_sheets,
)


def _url_or_none(name: str) -> str | None:
    """The URL of a page that another part of the issue adds (the training offers' search)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@require_safe
def job_list(request):
    search = job_search(request.GET.get("q", ""))
    if search.exact is not None:
        return redirect("trainings:job_detail", code=search.exact.code)
    context = {
        "search": search,
        "domains": job_domains(),
        "counts": offer_counts(),
        "open_domain": (request.GET.get("domaine") or "")[:1].lower(),
    }
    return render(request, "trainings/job_list.html", context)


@require_safe
def job_detail(request, code):
    job = job_by_code(code)
    if job is None:
        raise Http404(_("Aucun métier n'a ce code ROME."))
    if job.code != code:
        return redirect("trainings:job_detail", code=job.code, permanent=True)
    filterset = PlaceSearchFilterSet(request.GET)
    data = filterset.cleaned()
    point = filterset.point(data)
    place = filterset.place
    ambiguous = bool(place and place.ambiguous)
    radius = float(data.get("rayon") or NEARBY_TRAININGS_KM)
    now = timezone.now()
    places = job_places(point, now=now) if point else []
    statuses = [status for _site, status in places]
    offers_url = _url_or_none("trainings:offer_list")
    context = {
        "job": job,
        "sheets": partner_sheets(job),
        "problems": filterset.problems,
        "place": place,
        "point": point,
        "radius": radius,
        "commune": (request.GET.get("commune") or "")[:100],
        "trainings": job_trainings(job.code, today=timezone.localdate(), point=point, radius_km=radius),
        "events": job_events(job, now=now),
        "places": places,
        "map_features": map_features([site for site, _status in places], now=now, statuses=statuses),
        "map": map_settings(),
        "places_km": NEARBY_PLACES_KM,
        "offers_url": f"{offers_url}?metier={job.code}" if offers_url else None,
        "places_url": reverse("structures:site_list")
        + "?"
        + "&".join(f"projet={slug}" for slug in JOB_PROJECTS)
        + (f"&commune={place.commune.key}" if place and place.found else ""),
        "candidate_queries": [
            (candidate, querystring_without(request.GET, "lat", "lon", commune=candidate.key))
            for candidate in (place.candidates if ambiguous else ())
        ],
    }
    return render(request, "trainings/job_detail.html", context)
