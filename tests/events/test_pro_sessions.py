"""Professionalisation sessions: registration within the capacity, waiting list, cancellation."""

from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from events.enums import AudienceScope, EventStatus, RegistrationStatus
from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import ProfessionalFactory

URL = "/espace-pro/professionnalisation/"


def session(**fields):
    start = timezone.now() + timedelta(days=7)
    values = {
        "title": "Journée inter-réseaux",
        "scope": AudienceScope.PROFESSIONALS,
        "status": EventStatus.PUBLISHED,
        "capacity": 2,
        "start": start,
        "end": start + timedelta(hours=6),
    }
    values.update(fields)
    return EventFactory(**values)


def register(client, professional, event):
    client.force_login(professional.user)
    return client.post(f"{URL}{event.slug}/inscription/")


def status_of(professional, event):
    return Registration.objects.get(professional=professional, event=event).status


def test_places_then_waiting_list_then_promotion_on_cancellation(client):
    event = session(capacity=2)
    first, second, third, fourth = (ProfessionalFactory() for _n in range(4))
    for person in (first, second, third, fourth):
        assert register(client, person, event).status_code == 302
    assert [status_of(p, event) for p in (first, second, third, fourth)] == [
        "inscrit",
        "inscrit",
        "attente",
        "attente",
    ]
    client.force_login(third.user)
    page = client.get(URL).content.decode()
    assert (
        "Complet — 2 personne(s) en liste d&#39;attente." in page
        or "Complet — 2 personne(s) en liste d'attente." in page
    )
    assert "Vous êtes en liste d" in page

    client.force_login(first.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"{URL}{event.slug}/desinscription/")
    assert status_of(first, event) == RegistrationStatus.CANCELLED
    assert status_of(third, event) == RegistrationStatus.CONFIRMED  # the first on the waiting list
    assert status_of(fourth, event) == RegistrationStatus.WAITING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [third.user.email]
    assert "Une place s'est libérée" in mail.outbox[0].subject

    register(client, first, event)  # back, at the end of the queue
    assert status_of(first, event) == RegistrationStatus.WAITING


def test_cancelling_a_waiting_registration_promotes_nobody(client):
    event = session(capacity=1)
    first, second = ProfessionalFactory(), ProfessionalFactory()
    register(client, first, event)
    register(client, second, event)
    client.force_login(second.user)
    client.post(f"{URL}{event.slug}/desinscription/")
    assert status_of(first, event) == "inscrit" and status_of(second, event) == "annule"


def test_registering_twice_or_to_a_public_event_is_refused_with_a_french_message(client):
    event = session(capacity=None)
    person = ProfessionalFactory()
    register(client, person, event)
    response = client.post(f"{URL}{event.slug}/inscription/", follow=True)
    assert "déjà inscrit" in response.content.decode()
    public = EventFactory(scope=AudienceScope.EVERYONE, status=EventStatus.PUBLISHED)
    response = client.post(f"{URL}{public.slug}/inscription/", follow=True)
    assert "pas ouverte aux inscriptions" in response.content.decode()
    assert not Registration.objects.filter(event=public).exists()
    draft = session(status=EventStatus.DRAFT, title="Brouillon")
    assert "Brouillon" not in client.get(URL).content.decode()
    client.post(f"{URL}{draft.slug}/inscription/")
    assert not Registration.objects.filter(event=draft).exists()


def test_the_organiser_sees_who_registered(client):
    event = session()
    organiser = ProfessionalFactory(member=event.organiser)
    person = ProfessionalFactory()
    register(client, person, event)
    client.force_login(organiser.user)
    page = client.get(URL).content.decode()
    assert person.user.get_full_name() in page
    client.force_login(ProfessionalFactory().user)
    assert person.user.get_full_name() not in client.get(URL).content.decode()


def test_region_staff_see_the_sessions_but_cannot_register(staff_client):
    event = session()
    assert "Journée inter-réseaux" in staff_client.get(URL).content.decode()
    assert staff_client.post(f"{URL}{event.slug}/inscription/").status_code == 403


def test_query_count_does_not_grow_with_sessions(client, django_assert_max_num_queries):
    person = ProfessionalFactory()
    for _n in range(15):
        event = session()
        Registration.objects.create(
            event=event, professional=person, status="inscrit", registered_at=timezone.now()
        )
    client.force_login(person.user)
    with django_assert_max_num_queries(10):
        client.get(URL)
