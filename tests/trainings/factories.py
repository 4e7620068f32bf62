"""Training offers for the tests: TrainingOfferFactory(rome_codes=["J1501"]) with one action in Rodez
and one session starting in 30 days unless told otherwise (TrainingActionFactory, TrainingSessionFactory)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from structures.models import Commune
from trainings.enums import ExitLevel, TeachingMode
from trainings.indexing import offer_search_text, rome_domains
from trainings.models import TrainingAction, TrainingOffer, TrainingSession


def commune(code: str) -> Commune:
    return Commune.objects.select_related("employment_zone").get(code=code)


class TrainingOfferFactory(DjangoModelFactory):
    class Meta:
        model = TrainingOffer
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"OF-{n:05d}")
    title = factory.Sequence(lambda n: f"Formation {n}")
    objective = "Acquérir les compétences du métier."
    content = "Enseignements professionnels et stage en entreprise."
    certifying = True
    exit_level = ExitLevel.LEVEL_4
    rome_codes = factory.LazyFunction(lambda: ["J1501"])
    rome_domains = factory.LazyAttribute(lambda o: rome_domains(o.rome_codes))
    formacode_codes = factory.LazyFunction(lambda: ["43436"])
    nsf_codes = factory.LazyFunction(lambda: ["331"])
    rncp_code = "4495"
    organisation_name = "Institut de formation de Rodez"
    organisation_siret = ""
    source = "tests.xml"
    lheo_version = "2.2"
    imported_at = factory.LazyFunction(timezone.now)
    search_text = factory.LazyAttribute(
        lambda o: offer_search_text(
            title=o.title, objective=o.objective, organisation_name=o.organisation_name
        )
    )

    @factory.post_generation
    def with_action(offer, create, extracted, **kwargs):
        """One action (in Rodez, with one session) unless `with_action=False`."""
        if create and extracted is not False:
            TrainingSessionFactory(action=TrainingActionFactory(offer=offer))


class TrainingActionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingAction

    offer = factory.SubFactory(TrainingOfferFactory, with_action=False)
    number = factory.Sequence(lambda n: f"AC-{n:05d}")
    commune = factory.LazyFunction(lambda: commune("12202"))  # Rodez
    place_name = "Centre de formation"
    address = "1 avenue de Bordeaux"
    postcode = factory.LazyAttribute(lambda o: o.commune.postcodes[0] if o.commune.postcodes else "")
    city = factory.LazyAttribute(lambda o: o.commune.name)
    employment_zone = factory.LazyAttribute(lambda o: o.commune.employment_zone)
    department_code = factory.LazyAttribute(lambda o: o.commune.department_id)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    rhythm = "Temps plein"
    teaching_mode = TeachingMode.ON_SITE
    funding_possible = True
    duration = "10 mois"


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    action = factory.SubFactory(TrainingActionFactory)
    number = factory.Sequence(lambda n: f"SE-{n:05d}")
    start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=300) if o.start else None)
    registration_address = "1 avenue de Bordeaux, 12000 Rodez"
