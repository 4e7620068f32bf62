"""Public pages of the training offers: the search (`/formations/`) and an offer (`/formations/<id>/`)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from structures.catalog import catalog
from structures.enums import labels
from structures.models import Job, Member
from structures.views.presenters import limited_query, map_settings, querystring_without

from ..enums import ExitLevel, TeachingMode
from ..filters import CERTIFYING, OfferFilterSet, level_choices, sector_options
from ..models import TrainingAction, TrainingOffer, TrainingSession
from ..selectors.search import EARLIEST_DATE, LATEST_DATE, MAX_RADIUS_KM, offer_search

RNCP_URL = "https://www.francecompetences.fr/recherche/rncp/{code}/"
COURSE_MODES = {
    TeachingMode.ON_SITE: "onsite",
    TeachingMode.BLENDED: "blended",
    TeachingMode.DISTANCE: "online",
}

FILTER_LABELS = {
    "q": gettext_lazy("Mots-clés"),
    "metier": gettext_lazy("Métier"),
    "secteur": gettext_lazy("Secteur"),
    "zone": gettext_lazy("Zone d'emploi"),
    "departement": gettext_lazy("Département"),
    "niveau": gettext_lazy("Niveau de sortie"),
    "certifiante": gettext_lazy("Formation certifiante"),
    "du": gettext_lazy("Sessions à partir du"),
    "au": gettext_lazy("Sessions jusqu'au"),
}


def _job_url(code: str) -> str | None:
    """The job's page on the portal, when the jobs pages exist."""
    try:
        return reverse("trainings:job_detail", args=[code])
    except NoReverseMatch:
        return None


def _widening(request, criteria) -> list[dict]:
    """Links that relax the search, for an empty result."""
    links = []
    query = limited_query(request.GET)
    if criteria.point and criteria.radius_km < MAX_RADIUS_KM:
        radius = int(min(MAX_RADIUS_KM, max(60, criteria.radius_km * 2.5)))
        links.append(
            {
                "label": _("Chercher dans un rayon de %(km)d km") % {"km": radius},
                "query": querystring_without(query, "page", rayon=str(radius)),
            }
        )
    for name, label in FILTER_LABELS.items():
        if request.GET.get(name):
            links.append(
                {
                    "label": _("Retirer le critère « %(label)s »") % {"label": label},
                    "query": querystring_without(query, name, "page"),
                }
            )
    return links


def _place_label(action: TrainingAction) -> str:
    city = f"{action.postcode} {action.city}".strip()
    return ", ".join(part for part in [action.place_name, action.address, city] if part)


def _action_features(actions, offer: TrainingOffer) -> list[dict]:
    """GeoJSON features of the actions' places (for templates/structures/includes/map.html)."""
    features = []
    for action in actions:
        if action.latitude is None or action.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(action.longitude, 6), round(action.latitude, 6)],
                },
                "properties": {
                    "name": action.place_name or action.city,
                    "url": f"#action-{action.pk}",
                    "kind": _("Lieu de formation"),
                    "member": offer.organisation_name,
                    "address": _place_label(action),
                    "open_now": None,
                },
            }
        )
    return features


@require_safe
def offer_list(request):
    filterset = OfferFilterSet(request.GET)
    criteria = filterset.criteria()
    result = offer_search(filters=criteria, page=request.GET.get("page"))
    terms = catalog()
    query = limited_query(request.GET)
    context = {
        "criteria": criteria,
        "problems": filterset.problems,
        "place": filterset.place,
        "job": filterset.job,
        "result": result,
        "query": query,
        "sectors": sector_options(),
        "selected_sector": criteria.domain.lower(),
        "levels": level_choices(),
        "selected_level": str(criteria.level or ""),
        "certifying_value": CERTIFYING,
        "zones": terms.zone_options(criteria.zone),
        "departments": terms.department_options(criteria.department),
        "date_bounds": (EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()),
        "today": timezone.localdate(),
        "widening": _widening(request, criteria) if result.total == 0 else [],
        "candidate_queries": [
            (candidate, querystring_without(query, "page", commune=candidate.key))
            for candidate in (filterset.place.candidates if filterset.place else ())
        ],
    }
    return render(request, "trainings/offer_list.html", context)


def _course_json_ld(offer: TrainingOffer, actions, request) -> dict:
    """schema.org Course of the offer, with a CourseInstance per session of its actions."""
    url = request.build_absolute_uri(offer.get_absolute_url())
    provider = {"@type": "Organization", "name": offer.organisation_name}
    if offer.organisation_url:
        provider["url"] = offer.organisation_url
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": offer.title,
        "description": offer.objective or offer.title,
        "url": url,
        "identifier": offer.number,
        "provider": provider,
    }
    if offer.certifying:
        credential = {"@type": "EducationalOccupationalCredential", "name": offer.title}
        if offer.exit_level is not None:
            credential["educationalLevel"] = str(ExitLevel(offer.exit_level).label)
        if offer.rncp_code:
            credential["identifier"] = f"RNCP{offer.rncp_code}"
            credential["url"] = RNCP_URL.format(code=offer.rncp_code)
        data["educationalCredentialAwarded"] = credential
    instances = []
    for action in actions:
        location = {
            "@type": "Place",
            "name": action.place_name or action.city,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": action.address,
                "postalCode": action.postcode,
                "addressLocality": action.city,
                "addressCountry": "FR",
            },
        }
        if action.latitude is not None and action.longitude is not None:
            location["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": action.latitude,
                "longitude": action.longitude,
            }
        for session in action.sessions.all():
            instance = {"@type": "CourseInstance", "location": location}
            if action.teaching_mode is not None:
                instance["courseMode"] = COURSE_MODES[TeachingMode(action.teaching_mode)]
            if session.start:
                instance["startDate"] = session.start.isoformat()
            if session.end:
                instance["endDate"] = session.end.isoformat()
            if action.rhythm:
                instance["courseSchedule"] = {"@type": "Schedule", "description": action.rhythm}
            instances.append(instance)
    if instances:
        data["hasCourseInstance"] = instances
    return data


@require_safe
def offer_detail(request, pk):
    sessions = TrainingSession.objects.order_by(
        "start", "pk"
    )  # permanent entries (no start) come last in PostgreSQL's ascending order
    actions_query = TrainingAction.objects.select_related("employment_zone").order_by("city", "pk")
    offer = (
        TrainingOffer.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch("actions", queryset=actions_query.prefetch_related(Prefetch("sessions", sessions)))
        )
        .first()
    )
    if offer is None:
        raise Http404(_("Cette offre de formation n'existe pas ou n'est plus publiée."))
    actions = list(offer.actions.all())
    jobs_by_code = {job.code: job for job in Job.objects.filter(code__in=offer.rome_codes)}
    jobs = [
        {
            "code": code,
            "label": jobs_by_code[code].label if code in jobs_by_code else "",
            "url": _job_url(code),
        }
        for code in offer.rome_codes
    ]
    member = None
    if offer.organisation_siret:
        member = Member.objects.active().filter(siret=offer.organisation_siret).first()
    modes = labels(TeachingMode)
    context = {
        "offer": offer,
        "actions": [
            {
                "action": action,
                "mode": modes.get(action.teaching_mode, "") if action.teaching_mode is not None else "",
                "sessions": list(action.sessions.all()),
            }
            for action in actions
        ],
        "paragraphs": [part.strip() for part in offer.content.split("\n\n") if part.strip()],
        "exit_level": ExitLevel(offer.exit_level).label if offer.exit_level is not None else "",
        "jobs": jobs,
        "member": member,
        "rncp_url": RNCP_URL.format(code=offer.rncp_code) if offer.rncp_code else "",
        "today": timezone.localdate(),
        "structured_data": _course_json_ld(offer, actions, request),
        "map_features": _action_features(actions, offer),
        "map": map_settings(),
    }
    return render(request, "trainings/offer_detail.html", context)
