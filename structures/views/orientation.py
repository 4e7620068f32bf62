"""The orientation wizard (`/orientation/`): three questions in one GET form, the answer on the same page.

Anonymous by design: no account, no cookie, no session, nothing written; the answer is a bookmarkable
URL. Bad values give French messages and no answer (status 200 with the form, as the place search).
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..catalog import catalog
from ..enums import Situation
from ..filters import OrientationFilterSet
from ..selectors.orientation import orientation_answer
from .presenters import limited_query, querystring_without


@require_safe
def orientation_wizard(request):
    filterset = OrientationFilterSet(request.GET)
    criteria = filterset.criteria()
    place = filterset.place
    ambiguous = bool(place and place.ambiguous)
    answer = None
    if criteria.situations and not filterset.problems and not ambiguous:
        answer = orientation_answer(
            situations=criteria.situations, project=criteria.project, place=criteria.place
        )
    context = {
        "criteria": criteria,
        "problems": filterset.problems,
        "place": place,
        "answer": answer,
        "query": limited_query(request.GET),
        "situation_options": [
            {"value": value, "label": label, "checked": value in criteria.situations}
            for value, label in Situation.choices
        ],
        "project_options": catalog().projects,
        "candidate_queries": [
            (candidate, querystring_without(request.GET, "lat", "lon", commune=candidate.key))
            for candidate in (place.candidates if ambiguous else ())
        ],
    }
    return render(request, "structures/orientation.html", context)
