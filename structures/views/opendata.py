"""Open data downloads of the network (`/donnees/…`): streamed, cacheable by anyone for an hour."""

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .. import opendata

JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"


def origin(request: HttpRequest) -> str:
    """The portal's address as the visitor reached it, for the links of the records."""
    return f"{request.scheme}://{request.get_host()}"


def download(chunks: Iterator[bytes], content_type: str, filename: str) -> StreamingHttpResponse:
    """A streamed open-data file: read in the browser or saved under `filename`; any site may read it
    (no cookie, nothing personal)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@cache_control(public=True, max_age=3600)
def opendata_structures(request):
    return download(opendata.structures_chunks(origin=origin(request)), JSON, "structures.json")


@require_safe
@cache_control(public=True, max_age=3600)
def opendata_services(request):
    return download(opendata.services_chunks(origin=origin(request)), JSON, "services.json")


@require_safe
@cache_control(public=True, max_age=3600)
def opendata_sites_csv(request):
    return download(opendata.sites_csv_chunks(origin=origin(request)), CSV, "lieux.csv")
