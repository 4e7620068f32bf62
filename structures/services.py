"""Writes with rules or side effects on the network."""

from collections.abc import Iterable

from django.db import connection, transaction

from .models import Audience, Site
from .text import fold

ALL_PUBLICS = "tous-publics"


def _site_search_text(site: Site) -> str:
    parts = [
        site.get_kind_display(),
        site.member.name,
        site.member.acronym,
        site.commune.name,
        site.postcode,
        site.address,
    ]
    for service in site.services.all():
        parts.append(service.get_level_display())
        parts.append(service.description)
        parts.extend(term.label for term in service.audiences.all())
        parts.extend(term.label for term in service.schemes.all())
        parts.extend(term.label for term in service.projects.all())
    for permanence in site.permanences.all():
        parts.extend([permanence.member.name, permanence.member.acronym])
    return fold(" ".join(part for part in parts if part))


@transaction.atomic
def site_index_refresh(*, sites: Iterable[Site] | None = None) -> int:
    """Rebuild the search columns (folded text, public/scheme/project ids) of these sites (default: all).

    A site open to "tous publics" is listed under every public: it welcomes them all.
    """
    queryset = (
        Site.objects.all() if sites is None else Site.objects.filter(pk__in=[site.pk for site in sites])
    )
    queryset = queryset.select_related("member", "commune").prefetch_related(
        "services__audiences", "services__schemes", "services__projects", "permanences__member"
    )
    every_audience = sorted(Audience.objects.values_list("pk", flat=True))
    updated = []
    for site in queryset:
        audiences, schemes, projects = set(), set(), set()
        for service in site.services.all():
            audiences.update(term.pk for term in service.audiences.all())
            schemes.update(term.pk for term in service.schemes.all())
            projects.update(term.pk for term in service.projects.all())
            if any(term.slug == ALL_PUBLICS for term in service.audiences.all()):
                audiences.update(every_audience)
        site.search_name = fold(site.name)
        site.search_text = _site_search_text(site)
        site.audience_ids, site.scheme_ids, site.project_ids = (
            sorted(audiences),
            sorted(schemes),
            sorted(projects),
        )
        updated.append(site)
    Site.objects.bulk_update(
        updated, ["search_name", "search_text", "audience_ids", "scheme_ids", "project_ids"], batch_size=1000
    )
    return len(updated)


TERRITORY_REFRESH_SQL = """
UPDATE structures_site AS site
SET department_code = commune.department_id, zone_code = coalesce(commune.employment_zone_id, '')
FROM structures_commune AS commune
WHERE commune.code = site.commune_id
  AND (site.department_code, site.zone_code)
      IS DISTINCT FROM (commune.department_id, coalesce(commune.employment_zone_id, ''))
"""


def territory_refresh() -> int:
    """Copy each site's département and zone from its commune (Site.save does it for one site): after
    writes that bypass it, such as reloading the reference data or bulk loading. Returns the rows changed."""
    with connection.cursor() as cursor:
        cursor.execute(TERRITORY_REFRESH_SQL)
        return cursor.rowcount
