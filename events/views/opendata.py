"""Open data download of the agenda (`/donnees/evenements.csv`)."""

from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from structures.views.opendata import CSV, download, origin

from ..opendata import events_csv_chunks


@require_safe
@cache_control(public=True, max_age=3600)
def opendata_events_csv(request):
    return download(events_csv_chunks(origin=origin(request)), CSV, "evenements.csv")
