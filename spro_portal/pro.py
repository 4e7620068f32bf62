"""The reserved space's shell: logging in and out, passwords, and the dashboard (`/espace-pro/`)."""

import functools

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from events.selectors.pro import events_awaiting_moderation, member_upcoming_events
from events.views import pro as events_pro
from governance.models import SharedDocument
from governance.selectors import committee_alerts
from governance.views import pro as governance_pro
from labelling.models import LabellingApplication
from labelling.views import applicant as labelling_applicant
from structures.access import pro_view, professional_of, signed_in_view
from structures.models import Member, Site
from structures.selectors.pro import STALE_AFTER, sites_freshness, sites_of
from structures.views import pro as structures_pro
from structures.views import questions as structures_questions

from . import personal_data, pilotage


class EmailAuthenticationForm(AuthenticationForm):
    """The login form: an e-mail address rather than a user name."""

    username = forms.CharField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Après 5 échecs, la connexion est bloquée "
            "pendant 15 minutes."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


def applicants_to_labelling(view):
    """An organisation applying for the label (an account with an application, neither a member's
    professional nor Region staff) has no dashboard: its page in the space is its application's."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_staff
            and professional_of(user) is None
            and LabellingApplication.objects.filter(applicant=user).exists()
        ):
            return redirect("pro:labelling")
        return view(request, *args, **kwargs)

    return wrapped


@applicants_to_labelling
@pro_view
@require_safe
def dashboard(request):
    professional = request.professional
    context = {
        "professional": professional,
        "stale_months": STALE_AFTER.days // 30,
        "documents": list(SharedDocument.objects.order_by("-updated_at", "-pk")[:5]),
    }
    if professional is not None:
        context["sites"] = sites_freshness(sites_of(professional))
        context["events"] = member_upcoming_events(professional.member)
    if request.user.is_staff:
        waiting, first = events_awaiting_moderation()
        context["moderation"] = {"count": waiting, "events": first}
        context["network"] = {
            "members": Member.objects.active().count(),
            "sites": Site.objects.filter(published=True).count(),
        }
        if request.user.has_perm("governance.view_committee"):  # not the instructors: admin links
            context["governance"] = {"alerts": committee_alerts()}  # 3 queries at most
    return render(request, "pro/dashboard.html", context)


_PASSWORD_EMAILS = {
    "email_template_name": "pro/email/password_reset.txt",
    "subject_template_name": "pro/email/password_reset_subject.txt",
}

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="pro/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            template_name="pro/password_reset.html",
            form_class=ResetForm,
            success_url=reverse_lazy("pro:password_reset_done"),
            **_PASSWORD_EMAILS,
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="pro/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="pro/password_reset_confirm.html",
            success_url=reverse_lazy("pro:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="pro/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        signed_in_view(  # every account, an applicant's too
            auth_views.PasswordChangeView.as_view(
                template_name="pro/password_change.html", success_url=reverse_lazy("pro:password_change_done")
            )
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe/change/",
        signed_in_view(
            auth_views.PasswordChangeDoneView.as_view(template_name="pro/password_change_done.html")
        ),
        name="password_change_done",
    ),
    path("invitation/<str:token>/", structures_pro.invitation_accept_view, name="invitation_accept"),
    path("equipe/", structures_pro.team, name="team"),
    path("equipe/<int:pk>/", structures_pro.team_member, name="team_member"),
    path("lieux/", structures_pro.site_list, name="site_list"),
    path("lieux/<slug:slug>/modifier/", structures_pro.site_edit, name="site_edit"),
    path("lieux/<slug:slug>/services/", structures_pro.site_services, name="site_services"),
    path("annuaire/", structures_pro.directory, name="directory"),
    path("questions/", structures_questions.question_list, name="question_list"),
    path("questions/<int:pk>/", structures_questions.question_detail, name="question_detail"),
    path("documents/", governance_pro.document_list, name="document_list"),
    path("documents/<int:pk>/", governance_pro.document_detail, name="document_detail"),
    path(
        "documents/<int:pk>/versions/<int:number>/telecharger/",
        governance_pro.document_download,
        name="document_download",
    ),
    path("profil/", structures_pro.profile, name="profile"),
    path("profil/mes-donnees/", personal_data.my_data, name="my_data"),
    path("programmation/", events_pro.programming, name="programming"),
    path("professionnalisation/", events_pro.sessions, name="sessions"),
    path(
        "professionnalisation/<slug:slug>/inscription/", events_pro.session_register, name="session_register"
    ),
    path(
        "professionnalisation/<slug:slug>/desinscription/", events_pro.session_cancel, name="session_cancel"
    ),
    path("labellisation/", labelling_applicant.application_status, name="labelling"),
    path("evenements/", events_pro.event_list, name="event_list"),
    path("evenements/nouveau/", events_pro.event_create, name="event_create"),
    path("evenements/<slug:slug>/modifier/", events_pro.event_edit, name="event_edit"),
    path("evenements/<slug:slug>/annuler/", events_pro.event_cancel_view, name="event_cancel"),
    path("pilotage/", pilotage.pilotage, name="pilotage"),
    path("pilotage/rapport/", pilotage.pilotage_report, name="pilotage_report"),
    path("pilotage/export/<slug:indicator>.csv", pilotage.pilotage_export, name="pilotage_export"),
]
