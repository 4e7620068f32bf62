"""factory_boy factories for the agenda. Events are indexed for search once created (EventFactory.index).

EventFactory()                                  a published workshop in Toulouse, in two weeks
EventFactory(online=True)                       online only: no place, a link to join
EventFactory(meets_charter=True)                the five charter commitments ticked
EventFactory(past=True) / EventFactory(draft=True)
EventFactory(venue=site, commune=None)          at a network site (Event.save() copies its place)
EventFactory(audiences=["jeunes"], sectors=["h"], projects=[…], schemes=[…], jobs=["M1805"],
             co_organisers=[member, …])
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.enums import AttendanceMode, EventStatus, EventType
from events.models import Event, PrioritySector
from events.services import event_index_refresh
from structures.models import Audience, EmploymentZone, Job, Project, Scheme, Sector
from tests.factories import MemberFactory, commune

ONLINE_URL = "https://visio.example.org/evenement"


def in_two_weeks():
    """Nine o'clock, Paris time, fourteen days from now."""
    return (timezone.localtime() + timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)


def _relation(name, model, field="slug"):
    """EventFactory(audiences=["jeunes"]): slugs (codes for jobs) of the terms to relate."""

    def set_terms(event, create, values, **kwargs):
        if create and values:
            getattr(event, name).set(model.objects.filter(**{f"{field}__in": values}))

    return factory.PostGeneration(set_terms)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        online = factory.Trait(
            attendance_mode=AttendanceMode.ONLINE, commune=None, online_url=ONLINE_URL, type=EventType.WEBINAR
        )
        meets_charter = factory.Trait(
            charter_free=True,
            charter_accessible=True,
            charter_branches=True,
            charter_companies=True,
            charter_demonstrations=True,
        )
        past = factory.Trait(start=factory.LazyFunction(lambda: in_two_weeks() - timedelta(days=28)))
        draft = factory.Trait(status=EventStatus.DRAFT)

    identifier = factory.Sequence(lambda n: f"evenement-{n}")
    title = factory.Sequence(lambda n: f"Événement {n}")
    slug = factory.LazyAttribute(lambda o: o.identifier)
    type = EventType.WORKSHOP
    description = "Rencontre avec des professionnels et des conseillers en orientation."
    start = factory.LazyFunction(in_two_weeks)
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    commune = factory.LazyFunction(lambda: commune("31555"))
    postcode = factory.LazyAttribute(
        lambda o: o.commune.postcodes[0] if o.commune and o.commune.postcodes else ""
    )
    address = factory.LazyAttribute(lambda o: "1 place du Capitole" if o.commune else "")
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude if o.commune else None)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude if o.commune else None)
    organiser = factory.SubFactory(MemberFactory)
    status = EventStatus.PUBLISHED

    audiences = _relation("audiences", Audience)
    sectors = _relation("sectors", Sector)
    projects = _relation("projects", Project)
    schemes = _relation("schemes", Scheme)
    jobs = _relation("jobs", Job, field="code")

    @factory.post_generation
    def co_organisers(event, create, members, **kwargs):
        if create and members:
            event.co_organisers.set(members)

    @factory.post_generation
    def index(event, create, extracted, **kwargs):
        if not create:
            return
        event_index_refresh(events=[event])
        event.refresh_from_db()


class PrioritySectorFactory(DjangoModelFactory):
    class Meta:
        model = PrioritySector

    employment_zone = factory.LazyFunction(lambda: EmploymentZone.objects.get(code="7625"))  # Toulouse
    sector = factory.LazyFunction(lambda: Sector.objects.get(slug="f"))
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    rationale = "Besoins de recrutement élevés dans la zone."
