"""The reserved space's pages about the member's events: list, create, change, cancel."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from structures.access import pro_view
from structures.rendering import WEEKDAY_NAMES

from ..enums import EventStatus, RegistrationStatus
from ..forms import MONTH_FORMAT, EventForm, ProgrammingForm
from ..models import Event
from ..selectors.pro import member_events, professional_sessions, programming_month
from ..services import (
    RELATIONS,
    RegistrationError,
    event_cancel,
    event_write,
    needs_moderation,
    registration_cancel,
    registration_create,
)


def _member_or_403(request):
    """The member whose events the user manages: a professional's (Region staff use the admin)."""
    if request.professional is None:
        raise PermissionDenied
    return request.professional.member


def _own_event(request, slug: str) -> Event:
    member = _member_or_403(request)
    event = get_object_or_404(Event.objects.select_related("commune", "venue", "organiser"), slug=slug)
    if event.organiser_id != member.pk:
        raise PermissionDenied
    return event


@pro_view
@require_safe
def event_list(request):
    if request.professional is None:  # Region staff: every event, in the admin (moderation included)
        return redirect("admin:events_event_changelist")
    member = _member_or_403(request)
    coming, past = member_events(member)
    context = {"member": member, "coming": coming, "past": past, "moderated": needs_moderation(member)}
    return render(request, "pro/event_list.html", context)


def _event_form_page(request, event: Event | None):
    member = _member_or_403(request)
    form = EventForm(request.POST or None, instance=event, member=member)
    if request.method == "POST" and form.is_valid():
        publish = "publier" in request.POST
        relations = {name: form.cleaned_data[name] for name in RELATIONS}
        try:
            saved = event_write(event=form.instance, member=member, relations=relations, publish=publish)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.status == EventStatus.SUBMITTED:
                messages.success(
                    request, _("Événement transmis à la Région : il sera publié après validation.")
                )
            elif saved.status == EventStatus.PUBLISHED:
                messages.success(request, _("Événement publié dans l'agenda."))
            else:
                messages.success(request, _("Brouillon enregistré : il n'est pas visible du public."))
            return redirect("pro:event_list")
    context = {"form": form, "event": event, "moderated": needs_moderation(member), "member": member}
    return render(request, "pro/event_form.html", context)


@pro_view
@require_http_methods(["GET", "POST"])
def event_create(request):
    return _event_form_page(request, None)


@pro_view
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str):
    return _event_form_page(request, _own_event(request, slug))


@pro_view
@require_http_methods(["GET", "POST"])
def event_cancel_view(request, slug: str):
    """Confirm, then cancel: the event stays in the agenda, marked cancelled."""
    event = _own_event(request, slug)
    if request.method == "POST":
        event_cancel(event=event)
        messages.success(request, _("Événement annulé : il reste dans l'agenda, signalé comme annulé."))
        return redirect("pro:event_list")
    return render(request, "pro/event_cancel.html", {"event": event})


@pro_view
@require_safe
def programming(request):
    """Every member's events of a month, drafts included, to coordinate and avoid overlaps: a calendar
    or a list; the viewer's member's events link to their editor, the others are read-only."""
    form = ProgrammingForm(request.GET)
    today = timezone.localdate()
    criteria = {"mois": None, "vue": "mois", "zone": "", "departement": "", "membre": None}
    if form.is_valid():
        criteria.update({name: value for name, value in form.cleaned_data.items() if value})
    month = criteria["mois"] or today.replace(day=1)
    member = request.professional.member if request.professional is not None else None
    result = programming_month(
        month=month,
        member=member,
        zone=criteria["zone"],
        department=criteria["departement"],
        organiser=criteria["membre"],
    )
    query = {key: value for key, value in request.GET.items() if key != "mois"}
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    context = {
        "form": form,
        "result": result,
        "view": criteria["vue"],
        "today": today,
        "previous_url": "?" + urlencode({**query, "mois": previous.strftime(MONTH_FORMAT)}),
        "next_url": "?" + urlencode({**query, "mois": following.strftime(MONTH_FORMAT)}),
        "weekdays": WEEKDAY_NAMES,
    }
    return render(request, "pro/programming.html", context)


@pro_view
@require_safe
def sessions(request):
    """The professionalisation sessions: register, join the waiting list, cancel; my registrations."""
    rows = professional_sessions(request.professional)
    context = {"sessions": rows, "mine": [row for row in rows if row.mine]}
    return render(request, "pro/sessions.html", context)


@pro_view
@require_POST
def session_register(request, slug: str):
    if request.professional is None:  # Region staff: nothing to register
        raise PermissionDenied
    event = get_object_or_404(Event, slug=slug)
    try:
        registration = registration_create(event=event, professional=request.professional)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Inscription confirmée."))
        else:
            messages.success(
                request,
                _(
                    "La session est complète : vous êtes en liste d'attente, prévenu par e-mail si une "
                    "place se libère."
                ),
            )
    return redirect("pro:sessions")


@pro_view
@require_POST
def session_cancel(request, slug: str):
    if request.professional is None:
        raise PermissionDenied
    event = get_object_or_404(Event, slug=slug)
    try:
        registration_cancel(event=event, professional=request.professional)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Désinscription enregistrée."))
    return redirect("pro:sessions")
