"""Pages of the reserved space about members, their places and their teams: the team and its
invitations, a professional's management, my places and their editors, the directory, my profile."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import hours
from ..access import can_edit_site, can_manage_team, pro_view
from ..forms import (
    DirectoryForm,
    HoursForm,
    InvitationAcceptForm,
    InvitationForm,
    PermanenceFormSet,
    ProfessionalManageForm,
    ProfileForm,
    ServiceFormSet,
    SiteContactForm,
)
from ..models import Member, Professional, Site
from ..retention import account_deletion_date
from ..selectors.pro import (
    directory_search,
    site_history,
    sites_freshness,
    sites_of,
    team_of,
    typical_week_rows,
)
from ..services import (
    InvitationError,
    TeamError,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    professional_manage,
    profile_update,
    site_services_update,
    site_update,
)


@pro_view
@require_http_methods(["GET", "POST"])
def team(request):
    """A professional's team (référents invite to it); Region staff choose the member (`?membre=`)."""
    member = _chosen_member(request)
    may_invite = request.user.is_staff or (member is not None and can_manage_team(request.user, member))
    if request.method == "POST" and not may_invite:
        raise PermissionDenied
    form = None
    if may_invite:
        fixed = member if not request.user.is_staff else None
        form = InvitationForm(request.POST or None, member=fixed, initial={"member": member})
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitation_create(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                member=data["member"],
                role=data["role"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s : le lien est valable 7 jours.")
                % {"email": invitation.email},
            )
            url = request.path
            if request.user.is_staff:
                url += f"?membre={invitation.member.slug}"
            return redirect(url)
    professionals, invitations = team_of(member) if member is not None else ([], [])
    context = {
        "member": member,
        "professionals": professionals,
        "invitations": invitations,
        "form": form,
        "members": Member.objects.active().order_by("name") if request.user.is_staff else [],
    }
    return render(request, "pro/team.html", context)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    """The one-time link of an invitation: choose a password, then the account is created and opened."""
    try:
        invitation = invitation_for_token(token)
    except InvitationError as error:
        return render(request, "pro/invitation_invalid.html", {"message": str(error)}, status=410)
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            professional = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except InvitationError as error:
            return render(request, "pro/invitation_invalid.html", {"message": str(error)}, status=410)
        login(request, professional.user, backend="structures.auth.EmailBackend")
        messages.success(request, _("Bienvenue ! Votre compte est créé."))
        return redirect("pro:dashboard")
    return render(request, "pro/invitation_accept.html", {"invitation": invitation, "form": form})


def _chosen_member(request) -> Member | None:
    """A professional's member; for Region staff, the member of `?membre=` (None: not chosen yet)."""
    if request.professional is not None and not request.user.is_staff:
        return request.professional.member
    slug = request.GET.get("membre")
    return get_object_or_404(Member, slug=slug) if slug else None


@pro_view
@require_safe
def site_list(request):
    """The places a professional looks after (Region staff: those of the member chosen)."""
    member = _chosen_member(request)
    if request.professional is not None and not request.user.is_staff:
        sites = sites_of(request.professional)
    else:
        sites = (
            list(Site.objects.filter(member=member).select_related("commune").order_by("name"))
            if member
            else []
        )
    context = {
        "member": member,
        "sites": sites_freshness(sites),
        "members": Member.objects.active().order_by("name") if request.user.is_staff else [],
    }
    return render(request, "pro/site_list.html", context)


@pro_view
@require_http_methods(["GET", "POST"])
def site_edit(request, slug: str):
    """A place's contact details, accessibility and opening hours (day by day, or the OSM expression),
    public once saved, with the history of its changes. "Aperçu" shows the week without saving."""
    site = get_object_or_404(Site.objects.select_related("member", "commune"), slug=slug)
    if not can_edit_site(request.user, site):
        raise PermissionDenied
    contact = SiteContactForm(request.POST or None, instance=site, prefix="contact")
    schedule = HoursForm(request.POST or None, initial=HoursForm.initial_for(site), prefix="horaires")
    preview = site.opening_hours
    if request.method == "POST" and contact.is_valid() and schedule.is_valid():
        preview = schedule.cleaned_data["opening_hours"]
        if "apercu" not in request.POST:
            values = {name: contact.cleaned_data[name] for name in contact.Meta.fields}
            values.update(
                opening_hours=schedule.cleaned_data["opening_hours"],
                hours_note=schedule.cleaned_data["hours_note"],
            )
            try:
                change = site_update(site=site, user=request.user, values=values)
            except ValidationError as error:
                contact.add_error(None, error)
            else:
                if change is None:
                    messages.info(request, _("Aucune modification : le lieu est inchangé."))
                else:
                    messages.success(request, _("Modifications enregistrées : elles sont en ligne."))
                return redirect("pro:site_edit", slug=site.slug)
    context = {
        "site": site,
        "contact": contact,
        "schedule": schedule,
        "preview": preview,
        "week": typical_week_rows(preview),
        "history": site_history(site),
        "expert_only": hours.days_of_expression(site.opening_hours) is None,
    }
    return render(request, "pro/site_edit.html", context)


@pro_view
@require_safe
def directory(request):
    """Members, places and professionals of the network, with the contact details each shares."""
    form = DirectoryForm(request.GET)  # bound even when empty: the first rows of each kind
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = directory_search(
            q=data["q"], member=data["membre"], department=data["departement"], zone=data["zone"]
        )
    return render(request, "pro/directory.html", {"form": form, "result": result})


@pro_view
@require_http_methods(["GET", "POST"])
def profile(request):
    """My name, job title and phone, and what the directory shows of me."""
    professional = request.professional
    initial = {"first_name": request.user.first_name, "last_name": request.user.last_name}
    if professional is not None:
        initial.update(
            job_title=professional.job_title,
            phone=professional.phone,
            share_email=professional.share_email,
            share_phone=professional.share_phone,
        )
    form = ProfileForm(request.POST or None, initial=initial)
    if professional is None:
        for name in ("job_title", "phone", "share_email", "share_phone"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, values={**initial, **form.cleaned_data})
        messages.success(request, _("Profil enregistré."))
        return redirect("pro:profile")
    return render(request, "pro/profile.html", {"form": form})


@pro_view
@require_http_methods(["GET", "POST"])
def site_services(request, slug: str):
    """A place's services (level, publics, schemes, projects, how) and the permanences of partners."""
    site = get_object_or_404(Site.objects.select_related("member", "commune"), slug=slug)
    if not can_edit_site(request.user, site):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    services = ServiceFormSet(data, instance=site, prefix="services")
    permanences = PermanenceFormSet(data, instance=site, prefix="permanences")
    # Both validated (no short cut), so that the page shows every error at once.
    valid = [services.is_valid(), permanences.is_valid()] if request.method == "POST" else [False]
    if all(valid):
        change = site_services_update(
            site=site, user=request.user, services=services, permanences=permanences
        )
        if change is None:
            messages.info(request, _("Aucune modification : le lieu est inchangé."))
        else:
            messages.success(request, _("Services et permanences enregistrés : ils sont en ligne."))
        return redirect("pro:site_services", slug=site.slug)
    context = {"site": site, "services": services, "permanences": permanences, "history": site_history(site)}
    return render(request, "pro/site_services.html", context)


@pro_view
@require_http_methods(["GET", "POST"])
def team_member(request, pk: int):
    """A référent (or Region staff) sets a team member's role, places and account."""
    professional = get_object_or_404(Professional.objects.select_related("user", "member"), pk=pk)
    if not can_manage_team(request.user, professional.member):
        raise PermissionDenied
    initial = {
        "role": professional.role,
        "sites": list(professional.sites.all()),
        "active": professional.user.is_active,
    }
    form = ProfessionalManageForm(request.POST or None, initial=initial, member=professional.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            professional_manage(
                professional=professional,
                by=request.user,
                role=data["role"],
                sites=data["sites"],
                active=data["active"],
            )
        except TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Modifications enregistrées."))
            url = reverse("pro:team")
            if request.user.is_staff:
                url += f"?membre={professional.member.slug}"
            return redirect(url)
    context = {"person": professional, "form": form, "erased_on": account_deletion_date(professional)}
    return render(request, "pro/team_member.html", context)
