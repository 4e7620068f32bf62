"""Who may see and do what in the reserved space (`/espace-pro/`)."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .models import Professional
from .retention import account_deletion_date


def professional_of(user) -> Professional | None:
    """The user's professional (with its member), remembered on the user for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_professional"):
        user._professional = Professional.objects.select_related("member").filter(user=user).first()
    return user._professional


def pro_view(view):
    """A page of the reserved space: anonymous visitors go to the login page; signed-in users who are
    neither a professional of an active member nor Region staff get a 403 (saying why, when their member
    left the network). The view finds `request.professional` (None for Region staff without one)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.professional = professional_of(request.user)
        if request.user.is_staff:
            return view(request, *args, **kwargs)
        if request.professional is None:
            raise PermissionDenied
        if not request.professional.member.active:  # the directory and the network's work are not theirs
            context = {
                "member": request.professional.member,
                "erased_on": account_deletion_date(request.professional),
            }
            return render(request, "pro/member_inactive.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def signed_in_view(view):
    """A page of the reserved space open to every signed-in account, professional or not (an
    organisation applying for the label has none yet): anonymous visitors go to the login page. The
    view finds `request.professional` (None when the account has none)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.professional = professional_of(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def can_manage_team(user, member) -> bool:
    """Region staff for every member; a member's référent for theirs."""
    if user.is_staff:
        return True
    professional = professional_of(user)
    return professional is not None and professional.is_referent and professional.member_id == member.pk


def can_edit_site(user, site) -> bool:
    """Region staff for every place; a professional for their member's places (or, when limited to
    some, for those)."""
    if user.is_staff:
        return True
    professional = professional_of(user)
    if professional is None or professional.member_id != site.member_id:
        return False
    limited = set(professional.sites.values_list("pk", flat=True))  # one query
    return not limited or site.pk in limited


def can_handle_question(user, question) -> bool:
    """Region staff for every question; a professional for the questions addressed to their member —
    when limited to some places, those asked on these places (and those other members sent on to
    them), as `can_edit_site` says."""
    if user.is_staff:
        return True
    professional = professional_of(user)
    if professional is None or professional.member_id != question.member_id:
        return False
    if question.site.member_id != question.member_id:  # sent on by another member
        return True
    limited = set(professional.sites.values_list("pk", flat=True))  # one query
    return not limited or question.site_id in limited
