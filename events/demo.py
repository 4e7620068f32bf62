"""Demonstration agenda and regional programme: `manage.py load_demo`, after the network demo.

Loads about sixty events (events.demo_data) over the eight départements, organised by the demo members in
their places or in a few places outside the network (VENUES), and the priority sectors of every employment
zone served (PRIORITIES) for this year and the previous one. Events are dated relative to the day of
loading (Europe/Paris): a second run the same day changes nothing, a run another day moves them along.

Idempotent like structures.demo: events are keyed on a stable identifier prefixed `demo-`, priority
sectors on their zone, sector and year; a row is written only when new or changed, and demo events that
the data no longer has are deleted. Priority sectors carry no demo marker, so none is ever deleted.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from structures.demo import PREFIX, DemoDataError, DemoLoadResult
from structures.models import Audience, Commune, EmploymentZone, Job, Member, Project, Scheme, Sector, Site

from . import demo_data as data
from .enums import AttendanceMode, AudienceScope, EventType
from .models import Event, PrioritySector
from .services import event_index_refresh

PARIS = ZoneInfo("Europe/Paris")
REFERENCE_HINT = "Chargez d'abord les données de référence (manage.py load_reference_data)."
ONLINE_URL = "https://visio.demo.invalid/{key}"
REGISTRATION_URL = "https://inscription.demo.invalid/{key}"
# Fairs, forums and open days may fall on a Saturday; nothing falls on a Sunday or a fixed public holiday.
SATURDAY_TYPES = {EventType.FAIR, EventType.FORUM, EventType.OPEN_DAY}
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
CHARTER_FIELDS = {
    "f": "charter_free",
    "a": "charter_accessible",
    "b": "charter_branches",
    "c": "charter_companies",
    "d": "charter_demonstrations",
}
# Many-to-many relation, taxonomy model, lookup field, EventSpec attribute.
RELATIONS = (
    ("audiences", Audience, "slug", "publics"),
    ("sectors", Sector, "slug", "sectors"),
    ("jobs", Job, "code", "jobs"),
    ("projects", Project, "slug", "projects"),
    ("schemes", Scheme, "slug", "schemes"),
)

# --- Places outside the network: key -> (name, address, commune, north and east offsets in degrees
# from the commune's centre) ---
VENUES = {
    "meett": ("MEETT — Parc des expositions de Toulouse Métropole", "Concorde Avenue", "31032",
        0.004, 0.006),
    "parc-expo-montauban": ("Parc des expositions de Montauban", "Avenue du Danemark", "82121",
        -0.012, 0.018),
    "parc-expo-albi": ("Parc des expositions d'Albi", "Avenue Pierre-Mendès-France", "81004",
        -0.011, -0.014),
    "lycee-agricole-auch": ("Lycée agricole d'Auch-Beaulieu", "Route de Tarbes", "32013", -0.022, -0.004),
    "palais-congres-lourdes": ("Palais des congrès de Lourdes", "Avenue du Paradis", "65286",
        0.003, -0.008),
    "espace-cahors": ("Espace Clément-Marot", "Place Bessières", "46042", 0.002, 0.001),
    "fromagerie-roquefort": ("Site de production de fromage de brebis", "Route de Saint-Affrique",
        "12203", 0.002, -0.003),
    "atelier-aeronautique-tarbes": ("Atelier de maintenance aéronautique partenaire",
        "Zone aéroportuaire de Tarbes-Lourdes-Pyrénées", "65440", -0.07, -0.02),
    "usine-aerostructures-colomiers": ("Usine d'aérostructures partenaire (adresse précise à l'inscription)",
        "Zone industrielle En Jacca", "31149", 0.006, -0.012),
    "plateforme-logistique-castres": ("Plateforme logistique partenaire", "Zone d'activités du Causse",
        "81065", 0.018, 0.025),
    "chantier-ecoquartier-toulouse": ("Chantier de l'écoquartier (accueil à la base vie)",
        "Chemin de la Flambère", "31555", 0.021, -0.024),
    "ifsi-tarbes": ("Institut de formation en soins infirmiers de Tarbes", "Boulevard de Lattre-de-Tassigny",
        "65440", 0.011, -0.006),
    "cfa-btp-cahors": ("CFA du bâtiment du Lot", "Rue des Artisans", "46042", 0.015, 0.011),
}  # fmt: skip

# --- Regional programme: employment zone -> [(sector, rationale)]. A sector marked "+" is new this
# year (absent the previous year), one marked "-" was a priority the previous year only ---
PRIORITIES = {
    "7602": [("h", "Aéronautique, verrerie et mécanique autour d'Albi et de Carmaux peinent à recruter."),
        ("j", "Le vieillissement de la population tend les recrutements des hôpitaux et des Ehpad."),
        ("d+", "Le commerce de centre-ville se renouvelle et recherche des vendeurs qualifiés.")],
    "7604": [("a", "Agriculture et agroalimentaire gersois font face à de nombreux départs à la retraite."),
        ("k", "L'aide à domicile manque de bras dans un département rural et âgé."),
        ("g", "Le tourisme vert et la gastronomie créent des emplois saisonniers à pourvoir.")],
    "7607": [("a", "La viticulture et l'élevage du Quercy cherchent repreneurs et salariés."),
        ("g", "Le tourisme patrimonial de la vallée du Lot recrute chaque saison."),
        ("k-", "Les services à la personne ont été accompagnés l'an dernier par un plan d'action dédié.")],
    "7608": [("g", "Le tourisme du Pays d'Olmes et de la haute vallée de l'Aude soutient l'emploi."),
        ("a", "La viticulture du Limouxin et de la Malepère recrute pour les vendanges."),
        ("f+", "La rénovation énergétique des logements appelle des artisans du bâtiment.")],
    "7609": [("a", "L'arboriculture fruitière est le premier employeur saisonnier du bassin."),
        ("h", "L'agroalimentaire transforme sur place la production fruitière et céréalière."),
        ("n", "La logistique se développe le long de l'autoroute des Deux-Mers.")],
    "7610": [("h", "La pharmacie, la chimie et le textile de Castres-Mazamet recherchent des techniciens."),
        ("j", "Les établissements de santé du sud du Tarn manquent d'infirmiers et d'aides-soignants."),
        ("i", "La maintenance industrielle est un besoin partagé par les usines du bassin.")],
    "7611": [("h", "La Mecanic Vallée concentre l'usinage et la mécanique aéronautique."),
        ("i", "Les industriels cherchent des techniciens de maintenance et de contrôle."),
        ("a-", "L'installation des jeunes agriculteurs a fait l'objet d'une campagne l'an dernier.")],
    "7612": [("h", "La métallurgie de la basse Ariège recrute des opérateurs et des techniciens."),
        ("g", "Le tourisme de montagne fait vivre les vallées de l'Ariège toute l'année."),
        ("k", "L'accompagnement des personnes âgées est un besoin croissant en zone rurale.")],
    "7614": [("a", "La filière ovine du Roquefort fait vivre le Sud-Aveyron."),
        ("g", "Le tourisme des Grands Causses et des gorges du Tarn recrute chaque été."),
        ("b", "La ganterie et les métiers d'art millavois transmettent des savoir-faire rares.")],
    "7615": [("a", "L'arboriculture et le maraîchage du Tarn-et-Garonne ont besoin de saisonniers."),
        ("n", "Les plateformes logistiques entre Toulouse et Montauban se multiplient."),
        ("f", "La croissance démographique soutient la construction de logements et d'équipements.")],
    "7619": [("g", "Rocamadour, Padirac et la vallée de la Dordogne font du tourisme le premier employeur."),
        ("a", "L'élevage et la noix du nord du Lot cherchent des repreneurs."),
        ("k", "Les services à domicile sont essentiels dans un territoire rural et âgé.")],
    "7621": [("h", "La mécanique et l'agroalimentaire ruthénois recrutent des opérateurs qualifiés."),
        ("a", "L'élevage aveyronnais prépare le renouvellement de ses exploitants."),
        ("j", "L'hôpital et les établissements médico-sociaux manquent de soignants.")],
    "7622": [("h", "La papeterie et l'industrie du bois du Comminges recrutent des conducteurs de ligne."),
        ("k", "L'aide à domicile recrute dans les vallées du Comminges et du Couserans."),
        ("a", "La forêt et l'élevage de montagne ont besoin de nouveaux professionnels.")],
    "7624": [("g", "Lourdes et les stations des Pyrénées forment le premier pôle hôtelier de la région après "
        "Paris."), ("h", "L'aéronautique et le ferroviaire tarbais recherchent des techniciens."),
        ("j", "Les établissements de santé de Bigorre manquent de personnel soignant.")],
    "7625": [("h", "L'aéronautique et le spatial restent le premier moteur industriel de la métropole."),
        ("m", "Le numérique toulousain recrute développeurs, techniciens et administrateurs systèmes."),
        ("j", "Les hôpitaux et les cliniques de l'agglomération manquent de soignants."),
        ("k+", "L'aide à domicile peine à recruter dans une métropole qui vieillit."),
        ("f-", "Les chantiers de la troisième ligne de métro ont mobilisé les métiers du BTP.")],
}  # fmt: skip


@transaction.atomic
def demo_load(*, today: date | None = None, dry_run: bool = False) -> DemoLoadResult:
    """Create or update the demo agenda and regional programme; with `dry_run`, report and roll back.

    `today` (default: today in Europe/Paris) anchors the dates. Raises DemoDataError when the demo network
    (members, sites) or the reference data (communes, zones, taxonomies, ROME) is missing, or when an
    event breaks a rule.
    """
    today = today or timezone.localdate(timezone=PARIS)
    stats = Counter()
    members = _by_key(Member, {key for spec in data.EVENTS for key in [spec.by, *spec.co.split()]})
    sites = _by_key(Site, {spec.at for spec in data.EVENTS if spec.at and spec.at not in VENUES})
    communes = Commune.objects.in_bulk({row[2] for row in VENUES.values()})
    if missing := sorted({row[2] for row in VENUES.values()} - communes.keys()):
        raise DemoDataError(f"Communes introuvables : {', '.join(missing)}. {REFERENCE_HINT}")
    terms = {name: _terms(model, field, attribute) for name, model, field, attribute in RELATIONS}
    schedule = event_schedule(today)
    existing = Event.objects.filter(identifier__startswith=PREFIX).prefetch_related(
        "co_organisers", *(name for name, *_rest in RELATIONS)
    )
    existing = {event.identifier: event for event in existing}
    events, wanted, current, written = [], defaultdict(set), defaultdict(set), set()
    for spec in data.EVENTS:
        event = existing.get(PREFIX + spec.key) or Event(identifier=PREFIX + spec.key)
        adding = event._state.adding
        if _save(event, _event_values(spec, schedule[spec.key], members, sites, communes), stats):
            written.add(event.pk)
        for name, pks in _relations(spec, members, terms).items():
            wanted[name].update((event.pk, pk) for pk in pks)
            if not adding:
                current[name].update((event.pk, row.pk) for row in getattr(event, name).all())
        events.append(event)
    changed = set()
    for name in wanted.keys() | current.keys():
        changed |= _link(name, add=wanted[name] - current[name], remove=current[name] - wanted[name])
    stats["updated"] += len(changed - written)
    _delete_stale(events, stats)
    _priorities(today.year, stats)
    event_index_refresh(events=events)
    demo_events = Event.objects.filter(identifier__startswith=PREFIX)
    result = DemoLoadResult(
        totals={
            "events": demo_events.count(),
            "professional_events": demo_events.filter(scope=AudienceScope.PROFESSIONALS).count(),
            "priority_sectors": PrioritySector.objects.filter(
                employment_zone__in=list(PRIORITIES), year__in=(today.year - 1, today.year)
            ).count(),
        },
        created=stats["created"],
        updated=stats["updated"],
        deleted=stats["deleted"],
    )
    if dry_run:
        transaction.set_rollback(True)
    return result


def event_schedule(today: date) -> dict[str, tuple[datetime, datetime]]:
    """Start and end of every demo event, from its offset in days and its hours (Europe/Paris).

    Events marked `this_year` stay in today's calendar year: when one of them would fall in the next
    year, all of them are mirrored before today.
    """
    days = {spec.key: _working_day(spec, today + timedelta(days=spec.day)) for spec in data.EVENTS}
    pinned = [spec for spec in data.EVENTS if spec.this_year]
    if any(days[spec.key].year != today.year for spec in pinned):
        days.update({spec.key: _working_day(spec, today - timedelta(days=abs(spec.day))) for spec in pinned})
    schedule = {}
    for spec in data.EVENTS:
        opens, closes = (time.fromisoformat(hour) for hour in spec.hours.split("-"))
        first, last = days[spec.key], days[spec.key] + timedelta(days=spec.days - 1)
        schedule[spec.key] = (datetime.combine(first, opens, PARIS), datetime.combine(last, closes, PARIS))
    return schedule


def _working_day(spec: data.EventSpec, day: date) -> date:
    """The first day from `day` from which the whole event falls on working days, without a fixed public
    holiday; an event of five days or more runs from the Monday of its week (or of the next free week)."""
    step, last_weekday = timedelta(days=1), 5 if spec.type in SATURDAY_TYPES else 4
    if spec.days >= 5:
        day, step, last_weekday = day - timedelta(days=day.weekday()), timedelta(days=7), 6

    def blocked(first: date) -> bool:
        days = [first + timedelta(days=n) for n in range(spec.days)]
        return (
            days[-1].weekday() > last_weekday
            or first.weekday() > days[-1].weekday()
            or any((one.month, one.day) in FIXED_HOLIDAYS for one in days)
        )

    while blocked(day):
        day += step
    return day


def _by_key(model, keys: set[str]) -> dict:
    """Demo members or sites by their key (identifier without the prefix)."""
    rows = {
        row.identifier.removeprefix(PREFIX): row
        for row in model.objects.filter(identifier__in=[PREFIX + key for key in keys])
    }
    if missing := sorted(keys - rows.keys()):
        raise DemoDataError(
            f"Le réseau de démonstration est absent ({model._meta.verbose_name_plural} introuvables : "
            f"{', '.join(PREFIX + key for key in missing)}). Chargez-le d'abord : structures.demo.demo_load, "
            "que lance manage.py load_demo."
        )
    return rows


def _terms(model, field: str, attribute: str) -> dict:
    wanted = {value for spec in data.EVENTS for value in getattr(spec, attribute).split()}
    terms = model.objects.in_bulk(wanted, field_name=field)
    if missing := sorted(wanted - terms.keys()):
        names = model._meta.verbose_name_plural
        raise DemoDataError(f"{names} introuvables : {', '.join(missing)}. {REFERENCE_HINT}")
    return terms


def _event_values(spec, when, members, sites, communes) -> dict:
    """The columns of the event described by `spec`, taking place at `when` (start, end)."""
    online = spec.mode != AttendanceMode.ON_SITE
    values = {
        "title": spec.title, "slug": PREFIX + spec.key, "type": spec.type, "description": spec.text,
        "start": when[0], "end": when[1], "attendance_mode": spec.mode,
        "online_url": ONLINE_URL.format(key=spec.key) if online else "",
        "organiser_id": members[spec.by].pk, "registration_required": spec.signup,
        "registration_url": REGISTRATION_URL.format(key=spec.key) if spec.signup else "",
        "capacity": spec.capacity, "free": spec.free, "status": spec.status, "scope": spec.scope,
        **{field: letter in spec.charter for letter, field in CHARTER_FIELDS.items()},
    }  # fmt: skip
    place = {
        "venue_id": None, "venue_name": "", "address": "", "postcode": "", "commune_id": None,
        "latitude": None, "longitude": None,
    }  # fmt: skip
    if spec.at in VENUES:
        name, address, code, north, east = VENUES[spec.at]
        commune = communes[code]
        place |= {
            "venue_name": name, "address": address, "commune_id": code,
            "postcode": commune.postcodes[0] if commune.postcodes else "",
            "latitude": round(commune.latitude + north, 6), "longitude": round(commune.longitude + east, 6),
        }  # fmt: skip
    elif spec.at:
        site = sites[spec.at]
        # The same place columns Event.save copies from the venue, so that a moved site shows as a change.
        place |= {
            "venue_id": site.pk, "address": site.address, "postcode": site.postcode,
            "commune_id": site.commune_id, "latitude": site.latitude, "longitude": site.longitude,
        }  # fmt: skip
    return values | place


def _save(instance, values: dict, stats: Counter) -> bool:
    """Give `instance` these values; validate and save it only when it is new or one of them changed."""
    adding = instance._state.adding
    if not adding and all(getattr(instance, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        details = "; ".join(f"{field} : {' '.join(texts)}" for field, texts in error.message_dict.items())
        raise DemoDataError(f"« {instance} » n'a pas pu être enregistré ({details}).") from error
    instance.save()
    stats["created" if adding else "updated"] += 1
    return True


def _relations(spec, members, terms) -> dict[str, set]:
    """The co-organisers and terms an event should have: relation -> primary keys."""
    wanted = {"co_organisers": {members[key].pk for key in spec.co.split()}}
    for name, _model, _field, attribute in RELATIONS:
        wanted[name] = {terms[name][value].pk for value in getattr(spec, attribute).split()}
    return wanted


def _link(relation: str, *, add: set, remove: set) -> set[int]:
    """Add and remove (event, row) pairs of a many-to-many relation in bulk; the events touched."""
    field = Event._meta.get_field(relation)
    through, source, target = field.remote_field.through, field.m2m_column_name(), field.m2m_reverse_name()
    through.objects.bulk_create([through(**{source: event, target: row}) for event, row in add])
    for event, row in remove:
        through.objects.filter(**{source: event, target: row}).delete()
    return {event for event, _row in add | remove}


def _delete_stale(events: list[Event], stats: Counter) -> None:
    """Remove the demo events that an earlier version of the demo data had."""
    stale = Event.objects.filter(identifier__startswith=PREFIX).exclude(pk__in=[event.pk for event in events])
    try:
        stats["deleted"] += stale.delete()[1].get(Event._meta.label, 0)
    except ProtectedError as error:
        names = ", ".join(sorted(str(obj) for obj in error.protected_objects))
        raise DemoDataError(f"Événements de démonstration périmés encore utilisés par : {names}.") from error


def _priorities(year: int, stats: Counter) -> None:
    zones = EmploymentZone.objects.in_bulk(list(PRIORITIES))
    if missing := sorted(PRIORITIES.keys() - zones.keys()):
        raise DemoDataError(f"Zones d'emploi introuvables : {', '.join(missing)}. {REFERENCE_HINT}")
    sectors = Sector.objects.in_bulk({mark[0] for rows in PRIORITIES.values() for mark, _text in rows},
        field_name="slug")  # fmt: skip
    existing = {
        (row.employment_zone_id, row.sector_id, row.year): row
        for row in PrioritySector.objects.filter(employment_zone__in=list(zones), year__in=(year - 1, year))
    }
    years = {"": (year - 1, year), "+": (year,), "-": (year - 1,)}
    for code, rows in PRIORITIES.items():
        for mark, rationale in rows:
            sector = sectors[mark[0]]
            for when in years[mark[1:]]:
                row = existing.get((code, sector.pk, when)) or PrioritySector(
                    employment_zone=zones[code], sector=sector, year=when
                )
                _save(row, {"rationale": rationale}, stats)
