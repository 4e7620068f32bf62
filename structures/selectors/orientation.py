"""The orientation wizard (`/orientation/`): who to turn to for a situation and a project, why, and
where nearby.

The rules are data (`OrientationRule`, edited by Region staff): a rule targets the active members of a
category, of a national network (`Member.network`), or of both when it names both. The answer reads the
same few rows whatever the number of rules, members and places: the rules, their members, the nearest
places of each member, the nearest first-reception places (four queries).
"""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from .. import hours
from ..catalog import catalog
from ..enums import SiteKind
from ..models import Commune, Member, OrientationRule, Site
from ..models.network import SITE_LIST_FIELDS

PLACES_PER_OPERATOR = 3
FIRST_RECEPTION_COUNT = 3  # the nearest is shown; all of them when no rule applies
FIRST_RECEPTION_KINDS = (SiteKind.CENTRAL, SiteKind.ASSOCIATED_CENTRE, SiteKind.RELAY_POINT)

# The public of the place search (`/lieux/?public=`) that matches each situation.
SITUATION_AUDIENCES = {
    "eleve": "eleves",
    "etudiant": "etudiants",
    "jeune": "jeunes",
    "demandeur-emploi": "demandeurs-emploi",
    "salarie": "salaries",
    "agent-public": "agents-publics",
    "cadre": "cadres",
    "independant": "independants-createurs",
    "handicap": "personnes-en-situation-de-handicap",
}

# (south, north, west, east) of France: mainland and Corsica, then the overseas départements; a position
# outside them is refused (a typing error, or someone abroad the portal cannot serve).
FRANCE_BOXES = (
    (41.0, 51.5, -5.8, 10.0),
    (15.7, 16.7, -62.0, -60.8),  # Guadeloupe
    (14.2, 15.0, -61.4, -60.7),  # Martinique
    (2.0, 6.0, -54.8, -51.4),  # Guyane
    (-21.5, -20.8, 55.1, 56.0),  # La Réunion
    (-13.1, -12.5, 44.9, 45.4),  # Mayotte
)


def in_france(latitude: float, longitude: float) -> bool:
    return any(s <= latitude <= n and w <= longitude <= e for s, n, w, e in FRANCE_BOXES)


@dataclass(frozen=True)
class OrientationPlace:
    """Where the person is: a commune's centre, or a position given by the browser (no commune)."""

    latitude: float
    longitude: float
    commune: Commune | None = None


@dataclass(frozen=True)
class NearbyPlace:
    site: Site  # annotated with `distance_km`
    status: hours.HoursStatus

    @property
    def callable_now(self) -> bool:
        """Open now and with a telephone number: someone should answer (the hours are the place's)."""
        return self.status.is_open and bool(self.site.phone or self.site.free_phone)


@dataclass
class Operator:
    """Who to turn to, after one rule: its reason, its members and their nearest places."""

    rule: OrientationRule
    members: list[Member]
    places: list[NearbyPlace] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return self.rule.explanation


@dataclass
class OrientationAnswer:
    operators: list[Operator]
    first_reception: list[NearbyPlace]  # nearest first; empty without a place
    search_url: str  # `/lieux/` with the matching filters
    place: OrientationPlace | None = None

    @property
    def fallback(self) -> bool:
        """No rule applies: the first-reception network of the SPRO orients the person."""
        return not self.operators


def _targets(rule: OrientationRule, member: Member) -> bool:
    return (not rule.target_category or member.category == rule.target_category) and (
        not rule.target_network or member.network == rule.target_network
    )


def _applicable_rules(situations, project) -> list[OrientationRule]:
    """The active rules of the situations for the project (or any project), most important first; of
    rules with the same target, only the first (a project's rule before the general one)."""
    projects = Q(project__isnull=True)
    if project is not None:
        projects |= Q(project_id=project.pk)
    rules = OrientationRule.objects.active().filter(projects, situation__in=situations)
    ordered = sorted(rules, key=lambda rule: (rule.priority, rule.project_id is None, rule.pk))
    kept, seen = [], set()
    for rule in ordered:
        target = (rule.target_category, rule.target_network)
        if target not in seen:
            seen.add(target)
            kept.append(rule)
    return kept


def _members(rules: list[OrientationRule]) -> list[Member]:
    categories = {rule.target_category for rule in rules if rule.target_category}
    networks = {rule.target_network for rule in rules if rule.target_network}
    return list(
        Member.objects.active()
        .filter(Q(category__in=categories) | Q(network__in=networks))
        .only("pk", "name", "slug", "acronym", "category", "network")
        .order_by("name", "pk")
    )


def _places(rows, now: datetime) -> list[NearbyPlace]:
    return [NearbyPlace(site, hours.status(site.opening_hours, now)) for site in rows]


def _nearest_by_member(member_ids: list[int], place: OrientationPlace) -> dict[int, list[Site]]:
    """The PLACES_PER_OPERATOR nearest published places of each member, nearest first (one query)."""
    if not member_ids:
        return {}
    ranked = (
        Site.objects.published()
        .filter(member_id__in=member_ids, latitude__isnull=False, longitude__isnull=False)
        .with_distance(place.latitude, place.longitude)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("member_id")], order_by=[F("distance_km").asc(), "pk"])
        )
        .filter(rank__lte=PLACES_PER_OPERATOR)
        .select_related("member", "commune")
        .only(*SITE_LIST_FIELDS, "free_phone", "chat_url", "appointment_url")
    )
    by_member: dict[int, list[Site]] = {}
    for site in sorted(ranked, key=lambda site: (site.distance_km, site.pk)):
        by_member.setdefault(site.member_id, []).append(site)
    return by_member


def _first_reception(place: OrientationPlace) -> list[Site]:
    """The nearest places of the Cité des métiers network (central site, associated centres, relay
    points), whatever their distance (they are a few hundred: the exact distance of each is cheap)."""
    return list(
        Site.objects.published()
        .filter(kind__in=FIRST_RECEPTION_KINDS, latitude__isnull=False, longitude__isnull=False)
        .for_list()
        .only(*SITE_LIST_FIELDS, "free_phone", "chat_url", "appointment_url")
        .with_distance(place.latitude, place.longitude)
        .order_by("distance_km", "pk")[:FIRST_RECEPTION_COUNT]
    )


def search_url(situations, project, place: OrientationPlace | None) -> str:
    """The place search (`/lieux/`) with the publics of the situations, the project and the place."""
    audiences = {term.slug for term in catalog().audiences}
    params = [
        ("public", SITUATION_AUDIENCES[situation])
        for situation in situations
        if SITUATION_AUDIENCES.get(situation) in audiences
    ]
    if project is not None:
        params.append(("projet", project.slug))
    if place is not None and place.commune is not None:
        params.append(("commune", place.commune.key))
    elif place is not None:
        params += [("lat", f"{place.latitude:.5f}"), ("lon", f"{place.longitude:.5f}")]
    url = reverse("structures:site_list")
    return f"{url}?{urlencode(params)}" if params else url


def orientation_answer(
    *, situations, project=None, place: OrientationPlace | None = None, now: datetime | None = None
) -> OrientationAnswer:
    """Who to turn to for these situations (values of `Situation`) and this project (a catalog term or a
    `Project`, or None), with the nearest places to `place` and whether they are open at `now`."""
    now = now or timezone.now()
    rules = _applicable_rules(situations, project)
    members = _members(rules) if rules else []
    nearest = _nearest_by_member([member.pk for member in members], place) if place else {}
    operators = []
    for rule in rules:
        targeted = [member for member in members if _targets(rule, member)]
        if not targeted:
            continue  # no active member to send the person to: the first reception will
        rows = sorted(
            (site for member in targeted for site in nearest.get(member.pk, ())),
            key=lambda site: (site.distance_km, site.pk),
        )[:PLACES_PER_OPERATOR]
        if place is not None:
            # The members with a place, nearest first (heads of networks without places left out).
            nearby = sorted(
                (member for member in targeted if member.pk in nearest),
                key=lambda member: (nearest[member.pk][0].distance_km, member.name),
            )
            targeted = nearby or targeted
        operators.append(Operator(rule=rule, members=targeted, places=_places(rows, now)))
    first_reception = _places(_first_reception(place), now) if place else []
    return OrientationAnswer(
        operators=operators,
        first_reception=first_reception,
        search_url=search_url(situations, project, place),
        place=place,
    )
