"""Demonstration data for the portal: `manage.py load_demo`.

Loads the members of the charter, the Cité des métiers network (central site in Toulouse, one associated
centre per département, relay points), the members' own places, their services and permanences
(tables in structures.demo_data). Idempotent: every row is keyed on a stable identifier prefixed
`demo-` (services on their site and level, permanences on their site and member), and a row is written
only when new or changed, so a second run changes nothing.

Contact details are fictitious: telephone numbers in the range reserved for fiction, e-mail addresses
in the reserved `.invalid` domain; places are plotted near their commune's centre.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from . import demo_data as data
from .enums import SiteKind
from .models import Audience, Commune, Member, Permanence, Project, Scheme, ServiceOffer, Site
from .services import site_index_refresh

PREFIX = "demo-"
EMAIL_DOMAIN = "demo.invalid"
# ARCEP keeps 01 99 00 00 00 to 01 99 00 99 99 for works of fiction: these numbers are never assigned
# to anyone. Demo numbers read "01 99 00 <département> <rank in the département>".
FICTION_PHONE_PREFIX = "01 99 00"
# No free-phone range (0 800 to 0 805) is reserved for fiction: an invented "numéro vert" could ring a
# real business, so Site.free_phone stays empty in the demo.
CENTRAL_KEY = data.CENTRAL[0]
CENTRAL_URL = "https://cite-des-metiers.demo.invalid"
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPREAD_DEGREES = 0.003  # first ring of the spiral of places in one commune, about 330 m


class DemoDataError(Exception):
    """The demo cannot be loaded; nothing was written."""


@dataclass(frozen=True)
class SiteSpec:
    """One demo place. In `name`, {town} is the commune's name (or `town`) and {of} "de {town}"."""

    key: str
    member: str
    kind: str
    profile: str
    name: str
    commune: str
    address: str
    hours: str
    parent: str | None = None
    postcode: str = ""
    town: str = ""


@dataclass
class DemoLoadResult:
    totals: dict[str, int]
    created: int
    updated: int
    deleted: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def site_specs() -> list[SiteSpec]:
    """Every demo place, parents before children."""
    key, member, name, commune, postcode, address = data.CENTRAL
    hours = data.PROFILES["cite"][0]
    specs = [
        SiteSpec(key, member, SiteKind.CENTRAL, "cite", name, commune, address, hours, postcode=postcode)
    ]
    centres = {}
    for key, name, commune, address, hours in data.CENTRES:
        centres[commune[:2]] = key
        name = f"{name} — centre associé de la Cité des métiers"
        kind = SiteKind.ASSOCIATED_CENTRE
        specs.append(SiteSpec(key, "mcef", kind, "centre", name, commune, address, hours, parent=CENTRAL_KEY))
    for town, commune, address, host, hours in data.RELAYS:
        key, parent = f"point-relais-{slugify(town)}", centres[commune[:2]]
        name, kind = "Point relais orientation — {town}", SiteKind.RELAY_POINT
        specs.append(
            SiteSpec(key, host, kind, "relay", name, commune, address, hours, parent=parent, town=town)
        )
    for department, commune, *addresses in data.DEPARTMENT_OFFICES:
        for (profile, name), address in zip(data.DEPARTMENT_OFFICE_KINDS, addresses, strict=True):
            specs.append(
                _office(f"{profile}-{slugify(department)}", profile, name, commune, address, department)
            )
    for (profile, name), rows in data.TOWN_OFFICES.items():
        for suffix, commune, postcode, address in rows:
            town = data.TOWN_NAMES.get(suffix, "")
            specs.append(_office(f"{profile}-{suffix}", profile, name, commune, address, town, postcode))
    return specs


def _office(key, profile, name, commune, address, town="", postcode="") -> SiteSpec:
    """A member's own place; the member and the profile share their key."""
    hours = data.PROFILES[profile][0]
    kind = SiteKind.MEMBER_OFFICE
    return SiteSpec(key, profile, kind, profile, name, commune, address, hours, postcode=postcode, town=town)


def _site_name(spec: SiteSpec, commune: Commune) -> str:
    town = spec.town or commune.name
    of = f"d'{town}" if town[0] in "AEIOUYÉÈÊÂÎ" else f"de {town}"
    return spec.name.format(town=town, of=of)


@transaction.atomic
def demo_load(*, dry_run: bool = False) -> DemoLoadResult:
    """Create or update the demo network; with `dry_run`, report what would change and roll back.

    Raises DemoDataError when the reference data (communes, taxonomies) is missing or when a demo place
    breaks a rule, e.g. another Cité des métiers central site already exists.
    """
    stats = Counter()
    specs = site_specs()
    communes = _communes({spec.commune for spec in specs})
    terms = _taxonomy_terms()
    members = {key: _member(key, row, stats) for key, row in data.MEMBERS.items()}
    sites = _sites(specs, members, communes, stats)
    _services(specs, sites, terms, stats)
    _permanences(sites, members, stats)
    _delete_stale(sites, members, stats)
    site_index_refresh(sites=sites.values())
    demo_sites = Site.objects.filter(identifier__startswith=PREFIX)
    result = DemoLoadResult(
        totals={
            "members": Member.objects.filter(identifier__startswith=PREFIX).count(),
            "sites": demo_sites.count(),
            "services": ServiceOffer.objects.filter(site__in=demo_sites).count(),
            "permanences": Permanence.objects.filter(site__in=demo_sites).count(),
        },
        created=stats["created"],
        updated=stats["updated"],
        deleted=stats["deleted"],
    )
    if dry_run:
        transaction.set_rollback(True)
    return result


def _communes(codes: set[str]) -> dict[str, Commune]:
    communes = Commune.objects.in_bulk(codes)
    if missing := sorted(codes - communes.keys()):
        raise DemoDataError(
            f"Communes introuvables : {', '.join(missing)}. Chargez d'abord les données de référence "
            "(manage.py load_reference_data)."
        )
    return communes


def _taxonomy_terms() -> dict[type, dict[str, object]]:
    wanted = {Audience: set(), Scheme: set(), Project: set()}
    for _hours, _note, services in data.PROFILES.values():
        for _level, audiences, schemes, projects, _modes, _text in services:
            wanted[Audience].update(audiences)
            wanted[Scheme].update(schemes)
            wanted[Project].update(projects)
    terms = {}
    for model, slugs in wanted.items():
        terms[model] = model.objects.in_bulk(slugs, field_name="slug")
        if missing := sorted(slugs - terms[model].keys()):
            raise DemoDataError(f"{model._meta.verbose_name_plural} introuvables : {', '.join(missing)}.")
    return terms


def _save(instance, values: dict, stats: Counter) -> bool:
    """Give `instance` these values; validate and save it only when it is new or one of them changed.

    Returns whether it was written.
    """
    adding = instance._state.adding
    if not adding and all(getattr(instance, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        details = "; ".join(
            f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        raise DemoDataError(f"« {instance} » n'a pas pu être enregistré ({details}).") from error
    instance.save()
    stats["created" if adding else "updated"] += 1
    return True


def _member(key: str, row: tuple, stats: Counter) -> Member:
    name, acronym, category, basis, network, website, description = row
    identifier = PREFIX + key
    member = Member.objects.filter(identifier=identifier).first() or Member(identifier=identifier)
    values = {
        "name": name, "slug": identifier, "acronym": acronym, "category": category, "basis": basis,
        "network": network, "website": website, "description": description, "active": True, "demo": True,
    }  # fmt: skip
    _save(member, values, stats)
    return member


def _sites(specs, members, communes, stats) -> dict[str, Site]:
    existing = {site.identifier: site for site in Site.objects.filter(identifier__startswith=PREFIX)}
    sites: dict[str, Site] = {}
    commune_ranks, department_ranks = Counter(), Counter()
    for index, spec in enumerate(specs):
        commune = communes[spec.commune]
        identifier = PREFIX + spec.key
        site = existing.get(identifier) or Site(identifier=identifier)
        latitude, longitude = _position(commune, commune_ranks[commune.code])
        commune_ranks[commune.code] += 1
        department_ranks[commune.department_id] += 1
        central = spec.kind == SiteKind.CENTRAL
        values = {
            "member_id": members[spec.member].pk,
            "name": _site_name(spec, commune),
            "slug": identifier,
            "kind": spec.kind,
            "parent_id": sites[PREFIX + spec.parent].pk if spec.parent else None,
            "address": spec.address,
            "postcode": spec.postcode or (commune.postcodes[0] if commune.postcodes else ""),
            "commune_id": commune.code,
            "latitude": latitude,
            "longitude": longitude,
            # Invented positions around the commune's centre, not geocoded addresses.
            "coordinates_approximate": True,
            "phone": _phone(commune.department_id, department_ranks[commune.department_id]),
            "free_phone": "",
            "email": f"{spec.key}@{EMAIL_DOMAIN}",
            "website": "",
            "chat_url": f"{CENTRAL_URL}/discussion" if central else "",
            "appointment_url": f"{CENTRAL_URL}/rendez-vous" if central else "",
            "opening_hours": spec.hours,
            "hours_note": data.HOURS_NOTES.get(spec.hours, data.PROFILES[spec.profile][1]),
            "accessibility": [str(value) for value in data.ACCESSIBILITY[index % len(data.ACCESSIBILITY)]],
            "published": True,
        }
        _save(site, values, stats)
        sites[identifier] = site
    return sites


def _phone(department: str, rank: int) -> str:
    return f"{FICTION_PHONE_PREFIX} {department[:2]} {rank % 100:02d}"


def _position(commune: Commune, rank: int) -> tuple[float | None, float | None]:
    """The commune's centre moved along a spiral (a few hundred metres), so markers do not overlap."""
    if not commune.has_coordinates:
        return None, None
    angle, radius = rank * GOLDEN_ANGLE, SPREAD_DEGREES * math.sqrt(rank + 1)
    latitude = commune.latitude + radius * math.sin(angle)
    longitude = commune.longitude + radius * math.cos(angle) / math.cos(math.radians(commune.latitude))
    return round(latitude, 6), round(longitude, 6)


TERM_RELATIONS = (("audiences", Audience), ("schemes", Scheme), ("projects", Project))


def _services(specs, sites, terms, stats) -> None:
    existing = defaultdict(dict)
    queryset = ServiceOffer.objects.filter(site__in=list(sites.values())).prefetch_related(
        *(name for name, _model in TERM_RELATIONS)
    )
    for service in queryset:
        existing[service.site_id][service.level] = service
    wanted, current = defaultdict(set), defaultdict(set)  # relation -> {(service pk, term pk)}
    unchanged = set()
    for spec in specs:
        site = sites[PREFIX + spec.key]
        offered = existing.pop(site.pk, {})
        for level, audiences, schemes, projects, modes, description in data.PROFILES[spec.profile][2]:
            service = offered.pop(level, None) or ServiceOffer(site=site, level=level)
            adding = service._state.adding
            if not _save(service, {"modes": list(modes), "free": True, "description": description}, stats):
                unchanged.add(service.pk)
            for (name, model), slugs in zip(TERM_RELATIONS, (audiences, schemes, projects), strict=True):
                wanted[name].update((service.pk, terms[model][slug].pk) for slug in slugs)
                if not adding:
                    current[name].update((service.pk, term.pk) for term in getattr(service, name).all())
        for stale in offered.values():
            stale.delete()
            stats["deleted"] += 1
    changed = set()
    for name, _model in TERM_RELATIONS:
        changed |= _link(name, add=wanted[name] - current[name], remove=current[name] - wanted[name])
    stats["updated"] += len(changed & unchanged)


def _link(relation: str, *, add: set, remove: set) -> set[int]:
    """Add and remove (service, term) pairs of a many-to-many relation in bulk; the services touched."""
    field = ServiceOffer._meta.get_field(relation)
    through, source, target = field.remote_field.through, field.m2m_column_name(), field.m2m_reverse_name()
    through.objects.bulk_create([through(**{source: service, target: term}) for service, term in add])
    for service, term in remove:
        through.objects.filter(**{source: service, target: term}).delete()
    return {service for service, _term in add | remove}


def _permanences(sites, members, stats) -> None:
    existing = {
        (permanence.site_id, permanence.member_id): permanence
        for permanence in Permanence.objects.filter(site__in=list(sites.values()))
    }
    for site_key, member_key, hours, note in data.PERMANENCES:
        site, member = sites[PREFIX + site_key], members[member_key]
        permanence = existing.pop((site.pk, member.pk), None) or Permanence(site=site, member=member)
        _save(permanence, {"opening_hours": hours, "note": note}, stats)
    for stale in existing.values():
        stale.delete()
        stats["deleted"] += 1


def _delete_stale(sites, members, stats) -> None:
    """Remove demo places and members that an earlier version of the demo data had (children first)."""
    stale_sites = Site.objects.filter(identifier__startswith=PREFIX).exclude(identifier__in=sites.keys())
    stale_members = Member.objects.filter(identifier__startswith=PREFIX, demo=True).exclude(
        pk__in=[member.pk for member in members.values()]
    )
    try:
        for kind in (
            SiteKind.MEMBER_OFFICE,
            SiteKind.RELAY_POINT,
            SiteKind.ASSOCIATED_CENTRE,
            SiteKind.CENTRAL,
        ):
            stats["deleted"] += stale_sites.filter(kind=kind).delete()[1].get(Site._meta.label, 0)
        stats["deleted"] += stale_members.delete()[1].get(Member._meta.label, 0)
    except ProtectedError as error:
        names = ", ".join(sorted(str(obj) for obj in error.protected_objects))
        raise DemoDataError(f"Données de démonstration périmées encore utilisées par : {names}.") from error
