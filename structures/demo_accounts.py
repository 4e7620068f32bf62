"""Demo accounts of the reserved space, loaded with the demo network (`manage.py load_demo`)."""

from collections import Counter
from dataclasses import dataclass

from .demo import PREFIX, DemoDataError
from .enums import ProfessionalRole
from .models import Member, Professional

DEMO_PASSWORD = "demo-spro-2026"  # noqa: S105 (public: printed by make run and in the README)
REGION_ADMIN_GROUP = "Région — administration"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    member: str | None  # key of data.MEMBERS; None: Region staff
    role: str = ""
    description: str = ""


DEMO_ACCOUNTS = [
    DemoAccount(
        "region@demo.invalid", "Camille", "Durand", None, description="agente de la Région, administration"
    ),
    DemoAccount(
        "referent.missionlocale@demo.invalid",
        "Karim",
        "Benali",
        "mission-locale",
        ProfessionalRole.REFERENT,
        "référent des Missions locales",
    ),
    DemoAccount(
        "conseiller.cio@demo.invalid", "Léa", "Martin", "cio", ProfessionalRole.ADVISER, "conseillère des CIO"
    ),
]


def demo_accounts_load(stats: Counter | None = None) -> list[DemoAccount]:
    """Create or update the demo accounts (password DEMO_PASSWORD, set again only when it was changed).
    Needs the demo members (`demo_load`) and Region staff's groups (created after migrations)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    stats = stats if stats is not None else Counter()
    users = get_user_model().objects
    for account in DEMO_ACCOUNTS:
        user = users.filter(email__iexact=account.email).first()
        created = user is None
        if created:
            user = users.model(username=account.email, email=account.email)
        wanted = {
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": account.member is None,
            "is_active": True,
        }
        changed = created or any(getattr(user, name) != value for name, value in wanted.items())
        for name, value in wanted.items():
            setattr(user, name, value)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
            stats["created" if created else "updated"] += 1
        if account.member is None:
            group = Group.objects.filter(name=REGION_ADMIN_GROUP).first()
            if group is None:
                raise DemoDataError(
                    "Groupes des agents de la Région absents : lancez d'abord manage.py migrate."
                )
            user.groups.add(group)
            continue
        member = Member.objects.get(identifier=PREFIX + account.member)
        professional = Professional.objects.filter(user=user).first()
        if professional is None:
            Professional.objects.create(user=user, member=member, role=account.role)
            stats["created"] += 1
        elif (professional.member_id, professional.role) != (member.pk, account.role):
            professional.member, professional.role = member, account.role
            professional.save()
            stats["updated"] += 1
    return DEMO_ACCOUNTS
