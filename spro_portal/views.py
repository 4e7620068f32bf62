"""Project-level pages: home, health check, theme stylesheet, legal pages, open data."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from events.opendata import EVENT_CSV_HEADER, open_event_count
from structures.models import Audience, Project
from structures.opendata import SITE_CSV_HEADER, correspondences, dataset_counts, source

from .accessibility import AUDIT_DATE, AUDIT_TOOLS, AUDITED_PAGES
from .context_processors import portal_identity

logger = logging.getLogger(__name__)

try:  # the cache's server (REDIS_URL) out of reach
    from redis.exceptions import ConnectionError as CacheUnreachable
except ImportError:  # pragma: no cover -- redis is a dependency
    CacheUnreachable = OperationalError

# Seconds a browser or a client is asked to wait before trying again while the database is out of reach.
RETRY_AFTER_SECONDS = 5

LEGAL_TEMPLATES = {
    "legal_notice": "pages/legal_notice.html",
    "accessibility": "pages/accessibility.html",
    "privacy": "pages/privacy.html",
}


def server_error(request):
    """handler500: a French page that needs neither the database nor the cache. When they are out of
    reach (a restart, a failover), 503 with Retry-After: the service is back by itself in a few seconds."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError, CacheUnreachable))
    if unavailable:
        logger.warning("service unavailable: %s", type(error).__name__)
    context = {**portal_identity(request.path), "unavailable": unavailable}
    response = HttpResponse(render_to_string("500.html", context), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_safe
def home(request):
    return render(
        request,
        "pages/home.html",
        {
            "audiences": Audience.objects.active(),
            "projects": Project.objects.active(),
        },
    )


@require_safe
@never_cache
def health(request):
    """200 when the database answers, 503 otherwise. Sets no cookie."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@cache_control(public=True, max_age=3600)
def theme_css(request):
    """The Region's colours as CSS custom properties (a stylesheet, so no inline style is needed)."""
    css = (
        ":root {\n"
        f"  --color-primary: {settings.PORTAL_COLOR_PRIMARY};\n"
        f"  --color-secondary: {settings.PORTAL_COLOR_SECONDARY};\n"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_safe
def legal_page(request, page):
    if page not in LEGAL_TEMPLATES:
        raise Http404
    return render(
        request,
        LEGAL_TEMPLATES[page],
        {
            "publisher": settings.PORTAL_PUBLISHER,
            "publication_director": settings.PORTAL_PUBLICATION_DIRECTOR,
            "hosting": settings.PORTAL_HOSTING,
            "audit": {"date": AUDIT_DATE, "tools": AUDIT_TOOLS, "pages": AUDITED_PAGES},
            "question_retention_days": settings.PORTAL_QUESTION_RETENTION_DAYS,
        },
    )


@require_safe
def opendata(request):
    """/donnees/: the open datasets, their content, format and licence, with links to download them."""
    counts = dataset_counts()
    return render(
        request,
        "pages/opendata.html",
        {
            "site_count": counts["sites"],
            "service_count": counts["services"],
            "event_count": open_event_count(),
            "source": source(),
            "site_columns": SITE_CSV_HEADER,
            "event_columns": EVENT_CSV_HEADER,
            "correspondences": correspondences(),
        },
    )
