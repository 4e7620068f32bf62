"""The charter's network rules, checked over the whole network (`manage.py check_network`)."""

from collections import Counter

from django.utils.translation import gettext as _

from ..enums import SiteKind
from ..models import Department, Site


def network_violations() -> list[str]:
    """One French sentence per broken rule; empty when the network is as the charter wants it.

    Rules: exactly one Cité des métiers central site; one or two associated centres in every
    département served; an associated centre hangs from the central site; a relay point hangs from an
    associated centre. Unpublished sites are drafts and do not count.
    """
    sites = Site.objects.published().select_related("parent", "commune")
    network = sites.exclude(kind=SiteKind.MEMBER_OFFICE)
    violations = []

    central = [site for site in network if site.kind == SiteKind.CENTRAL]
    if not central:
        violations.append(_("Aucune Cité des métiers (site central) n'est publiée."))
    elif len(central) > 1:
        names = ", ".join(f"« {site.name} »" for site in central)
        violations.append(_("%(count)d sites centraux (un seul attendu) : %(names)s.") % {
            "count": len(central), "names": names,
        })  # fmt: skip

    centres = [site for site in network if site.kind == SiteKind.ASSOCIATED_CENTRE]
    per_department = Counter(site.commune.department_id for site in centres)
    for department in Department.objects.served():
        count = per_department.get(department.code, 0)
        if count == 0:
            violations.append(_("%(department)s : aucun centre associé.") % {"department": department})
        elif count > 2:
            violations.append(
                _("%(department)s : %(count)d centres associés (un ou deux attendus).")
                % {"department": department, "count": count}
            )

    for site in centres:
        if site.parent is None or site.parent.kind != SiteKind.CENTRAL:
            violations.append(
                _("Centre associé « %(name)s » : il doit être rattaché à la Cité des métiers (site central).")
                % {"name": site.name}
            )
    for site in network:
        if site.kind == SiteKind.RELAY_POINT and (
            site.parent is None or site.parent.kind != SiteKind.ASSOCIATED_CENTRE
        ):
            violations.append(
                _("Point relais « %(name)s » : il doit être rattaché à un centre associé.")
                % {"name": site.name}
            )
    return violations
