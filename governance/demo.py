"""Demo committees (`manage.py load_demo`, after the network): the regional steering committee and a
departmental follow-up committee for each served département, their members and persons, and a meeting
of each, dated relative to the day of loading (Europe/Paris) like the demo agenda: the departmental
committees met two to four months ago, the regional one a month ago (and thirteen months ago), but Lot's
committee last met fourteen months ago, so that the staff dashboard shows its alerts.

Idempotent: committees are keyed on their scope and département, persons on their committee and name,
meetings on their committee and agenda; a row is written only when new or changed (a run another day
moves the meetings along). Nothing is ever deleted.
"""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from django.utils import timezone

from structures.models import Department, Member

from .enums import CommitteeScope
from .models import Committee, CommitteePerson, Meeting

PARIS = ZoneInfo("Europe/Paris")
REGIONAL_NAME = "Comité régional de pilotage du SPRO"
DEPARTMENTAL_NAME = "Comité départemental de suivi — {department}"
MEMBER_PREFIX = "demo-"
# The charter's composition: the Region, the State, the statutory members' regional structures.
REGIONAL_MEMBERS = [
    "region", "cio", "scuio-ip", "onisep", "chambre-agriculture", "cci", "cma", "france-travail",
    "mission-locale", "apec", "cap-emploi", "transitions-pro", "carif-oref", "agefiph",
]  # fmt: skip
DEPARTMENTAL_MEMBERS = ["region", "cio", "cma", "france-travail", "mission-locale", "cap-emploi", "mcef"]
# name, function, member key or None, other organisation (fictitious persons)
REGIONAL_PERSONS = [
    ("Claire Fabre", "Vice-présidente en charge de l'orientation, présidente du comité", "region", ""),
    ("Marc Delpech", "Délégué régional académique à l'information et à l'orientation", None,
        "Rectorat de la région académique Occitanie"),
    ("Sophie Carrère", "Directrice régionale adjointe", None,
        "Direction régionale de l'économie, de l'emploi, du travail et des solidarités (DREETS)"),
    ("Julien Roques", "Directeur régional", "france-travail", ""),
    ("Nadia Benali", "Présidente", "arml", ""),
]  # fmt: skip
# function, member key: three persons a département, named from the pools below by its rank
DEPARTMENTAL_PERSONS = [
    ("Chargée de mission orientation de la Maison de la Région, animatrice du comité", "region"),
    ("Directeur du CIO", "cio"),
    ("Directrice territoriale", "france-travail"),
]
FIRST_NAMES = [
    "Anne", "Bruno", "Céline", "David", "Élodie", "Franck", "Gaëlle", "Hugo", "Inès", "Jérôme", "Karine",
]  # fmt: skip
LAST_NAMES = [
    "Auriol", "Bousquet", "Cabrol", "Durand", "Escande", "Fournier", "Garric", "Héral", "Izard", "Jouve",
]  # fmt: skip
# Days before the day of loading; a meeting falling on a weekend moves to the Friday before.
REGIONAL_MEETINGS = [
    (30, "Bilan annuel des comités départementaux ; évaluation de la charte ; programme régional."),
    (395, "Bilan annuel des comités départementaux ; priorités de l'année."),
]
DEPARTMENTAL_DAYS = {"09": 75, "12": 95, "31": 65, "32": 110, "46": 425, "65": 85, "81": 100, "82": 120}
DEPARTMENTAL_DEFAULT_DAYS = 80
DEPARTMENTAL_AGENDA = (
    "Bilan des actions conduites dans le département ; propositions au comité régional de pilotage."
)


def _person_name(rank: int, n: int) -> str:
    return f"{FIRST_NAMES[(rank + 3 * n) % len(FIRST_NAMES)]} {LAST_NAMES[(3 * rank + n) % len(LAST_NAMES)]}"


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _save(instance, values: dict, stats: Counter) -> None:
    """Write `values` when the row is new or one of them changed."""
    if instance.pk is not None and all(getattr(instance, name) == value for name, value in values.items()):
        return
    stats["updated" if instance.pk is not None else "created"] += 1
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()


def _committee(scope: str, department: Department | None, name: str, members, stats: Counter) -> Committee:
    committee = (
        Committee.objects.filter(scope=scope, department=department).first()
        if department
        else Committee.objects.filter(scope=scope).first()
    ) or Committee(scope=scope, department=department)
    _save(committee, {"name": name}, stats)
    wanted = {member.pk for member in members}
    current = set(committee.members.values_list("pk", flat=True))
    if wanted - current:
        committee.members.add(*(wanted - current))
        stats["updated"] += 1
    return committee


def _persons(committee: Committee, persons, members: dict[str, Member], stats: Counter) -> None:
    existing = {person.name: person for person in committee.persons.all()}
    for name, function, key, organisation_name in persons:
        person = existing.get(name) or CommitteePerson(committee=committee, name=name)
        values = {
            "function": function,
            "organisation": members.get(key),
            "organisation_name": organisation_name,
        }
        _save(person, values, stats)


def _meeting(committee: Committee, day: datetime.date, place: str, agenda: str, stats: Counter) -> None:
    meeting = Meeting.objects.filter(committee=committee, agenda=agenda).first() or Meeting(
        committee=committee, agenda=agenda
    )
    _save(meeting, {"date": day, "place": place}, stats)


def demo_load(stats: Counter | None = None, *, today: datetime.date | None = None) -> Counter:
    """Create or bring up to date the demo committees and meetings; count the rows written in `stats`
    ("created", "updated"). Needs the demo network (structures.demo) for the members represented."""
    stats = stats if stats is not None else Counter()
    today = today or timezone.localdate(timezone=PARIS)
    members = {
        member.identifier.removeprefix(MEMBER_PREFIX): member
        for member in Member.objects.filter(identifier__startswith=MEMBER_PREFIX)
    }

    regional = _committee(
        CommitteeScope.REGIONAL,
        None,
        REGIONAL_NAME,
        [members[key] for key in REGIONAL_MEMBERS if key in members],
        stats,
    )
    _persons(regional, REGIONAL_PERSONS, members, stats)
    for days, agenda in REGIONAL_MEETINGS:
        day = _weekday(today - datetime.timedelta(days=days))
        _meeting(regional, day, "Hôtel de Région, Toulouse", agenda, stats)

    for rank, department in enumerate(Department.objects.served().order_by("code")):
        committee = _committee(
            CommitteeScope.DEPARTMENTAL,
            department,
            DEPARTMENTAL_NAME.format(department=department.name),
            [members[key] for key in DEPARTMENTAL_MEMBERS if key in members],
            stats,
        )
        persons = [
            (_person_name(rank, n), function, key, "")
            for n, (function, key) in enumerate(DEPARTMENTAL_PERSONS)
        ]
        _persons(committee, persons, members, stats)
        days = DEPARTMENTAL_DAYS.get(department.code, DEPARTMENTAL_DEFAULT_DAYS)
        day = _weekday(today - datetime.timedelta(days=days))
        _meeting(committee, day, f"Maison de la Région — {department.name}", DEPARTMENTAL_AGENDA, stats)
    return stats
