"""Writes with rules or side effects on events."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from structures.enums import MembershipBasis
from structures.geocoding import geocode
from structures.import_widgets import unique_slug
from structures.models import Audience, Member
from structures.services import ALL_PUBLICS
from structures.text import fold

from .enums import AudienceScope, EventStatus, RegistrationStatus
from .models import Event, Registration


def _event_search_text(event: Event) -> str:
    parts = [event.title, event.get_type_display(), event.description, event.venue_name, event.organiser.name]
    parts.append(event.organiser.acronym)
    if event.venue_id:
        parts.append(event.venue.name)
    if event.commune_id:
        parts.append(event.commune.name)
    for related in (event.audiences, event.sectors, event.projects, event.schemes, event.jobs):
        parts.extend(term.label for term in related.all())
    return fold(" ".join(part for part in parts if part))


@transaction.atomic
def event_index_refresh(*, events: Iterable[Event] | None = None) -> int:
    """Rebuild the search columns (folded text, public/sector/project ids) of these events (default: all).

    An event for "tous publics" is listed under every public.
    """
    queryset = Event.objects.all() if events is None else Event.objects.filter(pk__in=[e.pk for e in events])
    queryset = queryset.select_related("organiser", "venue", "commune").prefetch_related(
        "audiences", "sectors", "projects", "schemes", "jobs"
    )
    every_audience = sorted(Audience.objects.values_list("pk", flat=True))
    updated = []
    for event in queryset.iterator(chunk_size=2000):
        audiences = {term.pk for term in event.audiences.all()}
        if any(term.slug == ALL_PUBLICS for term in event.audiences.all()):
            audiences.update(every_audience)
        event.search_text = _event_search_text(event)
        event.audience_ids = sorted(audiences)
        event.sector_ids = sorted(term.pk for term in event.sectors.all())
        event.project_ids = sorted(term.pk for term in event.projects.all())
        updated.append(event)
    Event.objects.bulk_update(
        updated, ["search_text", "audience_ids", "sector_ids", "project_ids"], batch_size=1000
    )
    return len(updated)


@transaction.atomic
def event_publish(*, event: Event) -> Event:
    """Show the event in the agenda. It must be complete and valid (Event.full_clean, in French);
    otherwise a ValidationError is raised and nothing changes."""
    previous = event.status
    event.status = EventStatus.PUBLISHED
    try:
        event.full_clean()
    except ValidationError:
        event.status = previous
        raise
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Mark the event cancelled: it stays in the public agenda, shown as such, so that people who
    planned to come are told."""
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    return event


def needs_moderation(member: Member) -> bool:
    """The one rule: the events of labelled structures are published once Region staff validate them
    (created or changed); the other members publish directly."""
    return member.basis == MembershipBasis.LABELLED


RELATIONS = ("audiences", "sectors", "projects", "schemes")


@transaction.atomic
def event_write(*, event: Event, member: Member, relations: dict, publish: bool) -> Event:
    """Create or change an event of `member` from the reserved space: `event` carries the form's
    values (not saved), `relations` its publics, sectors, projects and schemes. `publish`: published,
    or submitted to Region staff when the member's events need moderation; else a draft (not public).
    Raises ValidationError (the model's rules), and then writes nothing."""
    if event.pk is None:
        event.organiser = member
        event.identifier = f"pro-{uuid.uuid4().hex[:16]}"
        event.slug = unique_slug(Event, event.title)
    elif event.organiser_id != member.pk:
        raise ValueError("an event is written by its organiser")
    if publish:
        event.status = EventStatus.SUBMITTED if needs_moderation(member) else EventStatus.PUBLISHED
    else:
        event.status = EventStatus.DRAFT
    if event.venue_id:
        event.commune_id = event.venue.commune_id  # Event.save copies the rest of the place
    elif event.commune_id:  # the address may have changed: placed again (the commune's centre offline)
        event.latitude, event.longitude, _approximate = geocode(event.address, event.postcode, event.commune)
    else:
        event.latitude = event.longitude = None
    event.full_clean()
    event.save()
    for name in RELATIONS:
        getattr(event, name).set(relations.get(name, []))
    event_index_refresh(events=[event])
    return event


class RegistrationError(Exception):
    """A registration that cannot be made; the message says why, in French."""


def _open_session(event: Event) -> Event:
    """The session, locked for the time of the registration (its places are counted once at a time)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    open_statuses = (EventStatus.PUBLISHED, EventStatus.FULL)
    if event.scope != AudienceScope.PROFESSIONALS or event.status not in open_statuses:
        raise RegistrationError(_("Cette session n'est pas ouverte aux inscriptions."))
    if event.end < timezone.now():
        raise RegistrationError(_("Cette session est passée."))
    return event


def _confirmed(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


@transaction.atomic
def registration_create(*, event: Event, professional) -> Registration:
    """Register a professional to a session: confirmed while places remain (no capacity: always),
    else on the waiting list. Registering again after a cancellation takes a new place in the queue."""
    event = _open_session(event)
    registration = Registration.objects.filter(event=event, professional=professional).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise RegistrationError(_("Vous êtes déjà inscrit à cette session."))
    has_place = event.capacity is None or _confirmed(event) < event.capacity
    status = RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITING
    if registration is None:
        registration = Registration(event=event, professional=professional)
    registration.status, registration.registered_at = status, timezone.now()
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(*, event: Event, professional) -> Registration | None:
    """Cancel a professional's registration; a confirmed place goes to the first on the waiting list,
    who is told by e-mail (once committed). Returns the registration promoted, if any."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(event=event, professional=professional).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("Vous n'êtes pas inscrit à cette session."))
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if not was_confirmed or event.end < timezone.now():
        return None
    promoted = (
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
        .select_related("professional__user")
        .order_by("registered_at", "pk")
        .first()
    )
    if promoted is not None and (event.capacity is None or _confirmed(event) < event.capacity):
        promoted.status = RegistrationStatus.CONFIRMED
        promoted.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: _tell_promoted(promoted, event))
        return promoted
    return None


def _tell_promoted(registration: Registration, event: Event) -> None:
    when = date_format(timezone.localtime(event.start), "j F Y à H:i")
    send_mail(
        _("Une place s'est libérée : %(title)s") % {"title": event.title},
        _(
            "Bonjour,\n\nUne place s'est libérée à la session « %(title)s » du %(when)s : votre inscription "
            "est confirmée. Vous pouvez vous désinscrire depuis l'espace professionnel, rubrique "
            "Professionnalisation.\n"
        )
        % {"title": event.title, "when": when},
        None,
        [registration.professional.user.email],
    )
