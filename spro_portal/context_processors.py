import functools

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# Main navigation: (label, URL name). An entry appears once the page it points to exists.
NAVIGATION = [
    (_("Lieux"), "structures:site_list"),
    (_("Agenda"), "events:event_list"),
    (_("Métiers"), "trainings:job_list"),
    (_("Formations"), "trainings:offer_list"),
    (_("Trouver le bon interlocuteur"), "structures:orientation"),
    (_("Labellisation"), "labelling:home"),
    (_("Espace pro"), "pro:dashboard"),
]


def url_or_none(name: str) -> str | None:
    return _url_or_none(name, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=64)
def _url_or_none(name: str, urlconf, prefix: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def navigation(path: str) -> list[dict]:
    items = []
    for label, name in NAVIGATION:
        url = url_or_none(name)
        if url is not None:
            items.append({"label": label, "url": url, "current": path.startswith(url)})
    return items


def demo_data_loaded() -> bool:
    """True when `load_demo` data is in the database (cached for a minute)."""
    from structures.models import Member

    return cache.get_or_set("portal:demo-data", lambda: Member.objects.filter(demo=True).exists(), 60)


def portal(request):
    return {**portal_identity(request.path), "demo_data": demo_data_loaded()}


def portal_identity(path: str) -> dict:
    """What every page's frame shows, read from the settings alone (error pages use it: no database)."""
    return {
        "portal": {
            "name": settings.PORTAL_NAME,
            "region_name": settings.PORTAL_REGION_NAME,
            "logo": settings.PORTAL_LOGO,
            "logo_is_url": settings.PORTAL_LOGO.startswith(("https://", "http://", "/")),
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
        },
        "navigation": navigation(path),
        "site_search_url": url_or_none("structures:site_list"),
    }
