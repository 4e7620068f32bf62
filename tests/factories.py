"""factory_boy factories. Sites are indexed for search once created (see SiteFactory.index)."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from structures.enums import MemberCategory, MembershipBasis, ProfessionalRole, ServiceLevel, SiteKind
from structures.models import (
    Audience,
    Commune,
    Member,
    Permanence,
    Professional,
    Project,
    Scheme,
    ServiceOffer,
    Site,
)
from structures.services import site_index_refresh

OFFICE_HOURS = "Mo-Fr 09:00-12:30,13:30-17:00; PH off"


def commune(code: str) -> Commune:
    return Commune.objects.get(code=code)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    identifier = factory.Sequence(lambda n: f"membre-{n}")
    name = factory.Sequence(lambda n: f"Membre {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = MemberCategory.CEP_OPERATOR
    basis = MembershipBasis.STATUTORY


def _central_site():
    return Site.objects.filter(kind=SiteKind.CENTRAL).first() or SiteFactory(central=True)


def _associated_centre():
    return Site.objects.filter(kind=SiteKind.ASSOCIATED_CENTRE).first() or SiteFactory(associated_centre=True)


class SiteFactory(DjangoModelFactory):
    """SiteFactory(audiences=["jeunes"], schemes=["cep"], projects=[...]) adds one service with them."""

    class Meta:
        model = Site
        skip_postgeneration_save = True

    class Params:
        central = factory.Trait(kind=SiteKind.CENTRAL, name="Cité des métiers", parent=None)
        associated_centre = factory.Trait(
            kind=SiteKind.ASSOCIATED_CENTRE, parent=factory.LazyFunction(_central_site)
        )
        relay_point = factory.Trait(
            kind=SiteKind.RELAY_POINT, parent=factory.LazyFunction(_associated_centre)
        )

    identifier = factory.Sequence(lambda n: f"lieu-{n}")
    member = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"Lieu {n}")
    slug = factory.LazyAttribute(lambda o: f"{slugify(o.name)}-{o.identifier}")
    kind = SiteKind.MEMBER_OFFICE
    commune = factory.LazyFunction(lambda: commune("31555"))
    postcode = factory.LazyAttribute(lambda o: o.commune.postcodes[0] if o.commune.postcodes else "")
    address = "1 place du Capitole"
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    opening_hours = OFFICE_HOURS
    phone = "01 99 00 00 00"

    audiences = factory.PostGeneration(lambda site, create, slugs, **kw: _remember(site, "audiences", slugs))
    schemes = factory.PostGeneration(lambda site, create, slugs, **kw: _remember(site, "schemes", slugs))
    projects = factory.PostGeneration(lambda site, create, slugs, **kw: _remember(site, "projects", slugs))

    @factory.post_generation
    def index(site, create, extracted, **kwargs):
        if not create:
            return
        terms = getattr(site, "_factory_terms", {})
        if terms:
            service = ServiceOffer.objects.create(
                site=site, level=ServiceLevel.INFORMATION, modes=["sur_place"]
            )
            service.audiences.set(Audience.objects.filter(slug__in=terms.get("audiences", [])))
            service.schemes.set(Scheme.objects.filter(slug__in=terms.get("schemes", [])))
            service.projects.set(Project.objects.filter(slug__in=terms.get("projects", [])))
        site_index_refresh(sites=[site])
        site.refresh_from_db()


def _remember(site, name, slugs):
    if slugs:
        site._factory_terms = {**getattr(site, "_factory_terms", {}), name: list(slugs)}


class ServiceOfferFactory(DjangoModelFactory):
    class Meta:
        model = ServiceOffer

    site = factory.SubFactory(SiteFactory)
    level = ServiceLevel.ADVICE
    modes = factory.LazyFunction(lambda: ["sur_place"])


class PermanenceFactory(DjangoModelFactory):
    class Meta:
        model = Permanence

    site = factory.SubFactory(SiteFactory)
    member = factory.SubFactory(MemberFactory)
    opening_hours = "Tu 14:00-17:00"


PASSWORD = "mot-de-passe-de-test-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.invalid")
    username = factory.LazyAttribute(lambda o: o.email)
    password = factory.django.Password(PASSWORD)


class ProfessionalFactory(DjangoModelFactory):
    """ProfessionalFactory(referent=True) is the référent of its member."""

    class Meta:
        model = Professional

    class Params:
        referent = factory.Trait(role=ProfessionalRole.REFERENT)

    user = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
    role = ProfessionalRole.ADVISER
