"""Pages of the reserved space about members' teams: the team and its invitations, accepting one."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import can_manage_team, pro_view
from ..forms import InvitationAcceptForm, InvitationForm
from ..models import Member
from ..selectors.pro import team_of
from ..services import InvitationError, invitation_accept, invitation_create, invitation_for_token


@pro_view
@require_http_methods(["GET", "POST"])
def team(request):
    """A professional's team (référents invite to it); Region staff choose the member (`?membre=`)."""
    if request.professional is not None and not request.user.is_staff:
        member = request.professional.member
    else:
        slug = request.GET.get("membre")
        member = get_object_or_404(Member, slug=slug) if slug else None
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
