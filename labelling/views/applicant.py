"""The applicant's pages: the landing page and the account (`/labellisation/candidater/`), the
application's steps (organisation, proposed places, criteria, attachments, submission), the download of
its files, and its follow-up in the reserved space (`/espace-pro/labellisation/`).

An account has at most one application in progress (a constraint of the database): the step pages find
it without an id. Every write goes through labelling.services, which checks who acts and from which
state; what is missing comes from labelling.selectors.missing_items.
"""

import functools

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from structures.access import professional_of, signed_in_view
from structures.enums import AccessibilityFeature, ServiceLevel
from structures.forms import HoursForm
from structures.selectors.pro import typical_week_rows
from structures.services import AccountError, account_create

from ..enums import EDITABLE, ApplicationStatus
from ..forms import (
    AccountForm,
    AttachmentForm,
    ComplementsForm,
    CriteriaForm,
    OrganisationForm,
    ProposedSiteForm,
    SubmitForm,
    WithdrawForm,
)
from ..models import Attachment, Criterion, Label, LabellingApplication, ProposedSite, StatusChange
from ..selectors import missing_items
from ..services import (
    LabellingError,
    answers_save,
    application_provide_complements,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
    attachment_delete,
    proposed_site_delete,
    proposed_site_save,
    renewable_label,
)

# (key, label, URL name), in order.
STEPS = [
    ("organisation", _("Organisation"), "labelling:apply_organisation"),
    ("sites", _("Lieux proposés"), "labelling:apply_sites"),
    ("criteria", _("Critères"), "labelling:apply_criteria"),
    ("attachments", _("Pièces jointes"), "labelling:apply_attachments"),
    ("submit", _("Dépôt"), "labelling:apply_submit"),
]
STEP_URLS = {key: name for key, _label, name in STEPS}
NEXT_STEP = {STEPS[rank][0]: STEPS[rank + 1][2] for rank in range(len(STEPS) - 1)}
CONTINUE = "continuer"  # the name of the "Enregistrer et continuer" button


# --- Helpers -------------------------------------------------------------------------------------


def _steps(current: str) -> list[dict]:
    return [
        {"key": key, "label": label, "url": reverse(name), "current": key == current}
        for key, label, name in STEPS
    ]


def _missing_by_step(missing) -> list[dict]:
    """missing_items' lines, each with the link to the step where it is completed."""
    return [{"text": item.text, "step": item.step, "url": reverse(STEP_URLS[item.step])} for item in missing]


def _open_application(user):
    return LabellingApplication.objects.open().filter(applicant=user).select_related("commune").first()


def _renewable_labels(user) -> list[Label]:
    """The latest label of each member whose label the user may renew (services.renewable_label)."""
    professional = professional_of(user)
    condition = Q(application__applicant=user)
    if professional is not None and professional.is_referent:
        condition |= Q(member_id=professional.member_id)
    latest = {}
    for label in (
        Label.objects.filter(condition).select_related("member").order_by("member_id", "-valid_until")
    ):
        latest.setdefault(label.member_id, label)
    return [label for label in latest.values() if renewable_label(user, label)]


def _not_editable_message(application) -> str:
    return gettext("La candidature est « %(status)s » : elle ne peut plus être modifiée.") % {
        "status": application.status_label
    }


def applicant_step(step: str):
    """A step of the applicant's application: any signed-in account (anonymous visitors log in first),
    on its application in progress (none: back to the landing page). Editable in the states of EDITABLE
    only: otherwise the page is read-only and a POST changes nothing."""

    def decorator(view):
        @signed_in_view
        @require_http_methods(["GET", "POST"])
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            application = _open_application(request.user)
            if application is None:
                messages.info(request, gettext("Vous n'avez pas de candidature en cours : commencez-en une."))
                return redirect("labelling:apply")
            editable = application.status in EDITABLE
            if request.method == "POST" and not editable:
                messages.error(request, _not_editable_message(application))
                return redirect(request.path)
            request.step = step
            return view(request, application, editable, *args, **kwargs)

        return wrapped

    return decorator


def _render(request, template: str, application, editable: bool, context: dict):
    context.update(
        application=application,
        editable=editable,
        steps=_steps(request.step),
        step=request.step,
        not_editable=None if editable else _not_editable_message(application),
        level_labels=dict(ServiceLevel.choices),
        accessibility_labels=dict(AccessibilityFeature.choices),
    )
    return render(request, template, context)


def _saved(request, step: str, message: str, url: str | None = None):
    messages.success(request, message)
    if CONTINUE in request.POST and step in NEXT_STEP:
        return redirect(NEXT_STEP[step])
    return redirect(url or request.path)


# --- Landing page and account --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request):
    """What the application asks and how it goes. Anonymous visitors: create an account or log in (the
    page has no form, hence no cookie). Signed in: start or continue the application, or renew a label."""
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        label = None
        raw = request.POST.get("label", "")
        if raw:
            label = Label.objects.filter(pk=raw).first() if raw.isdigit() else None
            if label is None:
                raise Http404
        try:
            application = application_start(user=user, renewal_of=label)
        except LabellingError as error:
            messages.error(request, str(error))
            return redirect("labelling:apply")
        if application.status not in EDITABLE:
            return redirect("pro:labelling")
        return redirect("labelling:apply_organisation")
    context = {"criteria_count": Criterion.objects.active().count(), "today": timezone.localdate()}
    if user.is_authenticated:
        current = _open_application(user)
        context.update(current=current, renewable=[] if current else _renewable_labels(user))
    return render(request, "labelling/apply.html", context)


@require_http_methods(["GET", "POST"])
def apply_account(request):
    """Create the account of an organisation applying (no professional: the approval makes it a
    référent), log it in and open its draft."""
    if request.user.is_authenticated:
        return redirect("labelling:apply")
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_create(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except AccountError as error:
            form.add_error("email", str(error))
        else:
            login(request, user, backend="structures.auth.EmailBackend")
            application_start(user=user)
            messages.success(
                request,
                gettext("Votre compte est créé. Commencez par présenter votre structure ; vous pouvez "
                        "enregistrer à tout moment et revenir plus tard."),
            )  # fmt: skip
            return redirect("labelling:apply_organisation")
    return render(request, "labelling/apply_account.html", {"form": form})


# --- The steps -----------------------------------------------------------------------------------


@applicant_step("organisation")
def apply_organisation(request, application, editable):
    """Who applies: name, SIRET, legal form, address and commune, website, activity, contact person."""
    form = OrganisationForm(request.POST or None, instance=application) if editable else None
    if request.method == "POST" and form.is_valid():
        try:
            application_update(application=application, user=request.user, values=form.values())
        except LabellingError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _saved(request, "organisation", gettext("Organisation enregistrée."))
    if form is not None and form.errors:
        application.refresh_from_db()  # the summary shows what is saved, not what was typed
    return _render(request, "labelling/apply_organisation.html", application, editable, {"form": form})


def _site_forms(request, proposed: ProposedSite):
    data = request.POST if request.method == "POST" else None
    form = ProposedSiteForm(data, instance=proposed, prefix="lieu")
    schedule = HoursForm(data, initial=HoursForm.initial_for(proposed), prefix="horaires")
    return form, schedule


def _site_save(request, application, form, schedule) -> ProposedSite | None:
    """Validate both forms (every error at once) and save the place through the service."""
    valid = [form.is_valid(), schedule.is_valid()]
    if not all(valid):
        return None
    proposed = form.save(commit=False)
    proposed.opening_hours = schedule.cleaned_data["opening_hours"]
    proposed.hours_note = schedule.cleaned_data["hours_note"]
    try:
        return proposed_site_save(
            application=application,
            user=request.user,
            proposed=proposed,
            audiences=form.cleaned_data["audiences"],
        )
    except LabellingError as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            if name in ("opening_hours", "hours_note"):
                schedule.add_error("expert" if name == "opening_hours" else name, errors)
            elif name in form.fields:
                form.add_error(name, errors)
            else:
                form.add_error(None, errors)
    return None


def _sites_of(application) -> list[ProposedSite]:
    return list(application.sites.select_related("commune").prefetch_related("audiences"))


@applicant_step("sites")
def apply_sites(request, application, editable):
    """The places proposed (relay points or associated centres), and the form to add one."""
    form = schedule = None
    if editable:
        form, schedule = _site_forms(request, ProposedSite(application=application))
    if request.method == "POST":
        if CONTINUE in request.POST and not form.has_changed() and not schedule.has_changed():
            return redirect(NEXT_STEP["sites"])  # nothing typed: on to the next step
        if _site_save(request, application, form, schedule) is not None:
            return _saved(request, "sites", gettext("Lieu ajouté à votre candidature."))
    sites = _sites_of(application)
    context = {
        "sites": sites,
        "form": form,
        "schedule": schedule,
        "forms": [f for f in (form, schedule) if f],
    }
    return _render(request, "labelling/apply_sites.html", application, editable, context)


@applicant_step("sites")
def apply_site(request, application, editable, pk: int):
    """Change a proposed place, or delete it (a POST with `supprimer`)."""
    proposed = get_object_or_404(
        ProposedSite.objects.select_related("commune").prefetch_related("audiences"),
        pk=pk,
        application=application,
    )
    list_url = reverse("labelling:apply_sites")
    if request.method == "POST" and "supprimer" in request.POST:
        try:
            proposed_site_delete(application=application, user=request.user, proposed=proposed)
        except LabellingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Lieu « %(name)s » supprimé.") % {"name": proposed.name})
        return redirect(list_url)
    form = schedule = None
    if editable:
        form, schedule = _site_forms(request, proposed)
    if request.method == "POST" and _site_save(request, application, form, schedule) is not None:
        return _saved(request, "sites", gettext("Lieu enregistré."), url=list_url)
    context = {
        "proposed": proposed,
        "form": form,
        "schedule": schedule,
        "forms": [f for f in (form, schedule) if f],
        "week": typical_week_rows(proposed.opening_hours),
    }
    return _render(request, "labelling/apply_site.html", application, editable, context)


@applicant_step("criteria")
def apply_criteria(request, application, editable):
    """One answer per criterion in force: the commitment, how it is met, the evidence."""
    criteria = list(Criterion.objects.active())
    answers = {answer.criterion_id: answer for answer in application.answers.all()}
    form = None
    if editable:
        form = CriteriaForm(request.POST or None, criteria=criteria, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            answers_save(application=application, user=request.user, answers=form.answers())
        except LabellingError as error:
            form.add_error(None, str(error))
        else:
            return _saved(request, "criteria", gettext("Réponses aux critères enregistrées."))
    context = {"form": form, "rows": [(criterion, answers.get(criterion.pk)) for criterion in criteria]}
    return _render(request, "labelling/apply_criteria.html", application, editable, context)


@applicant_step("attachments")
def apply_attachments(request, application, editable):
    """The documents of the application (statutes, activity report, evidence): add, delete, download."""
    criteria = list(Criterion.objects.active())
    form = None
    if editable:
        data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
        form = AttachmentForm(data, files, criteria=criteria)
    if request.method == "POST":
        if "supprimer" in request.POST:
            raw = request.POST["supprimer"]
            attachment = get_object_or_404(
                Attachment, pk=raw if raw.isdigit() else 0, application=application
            )
            try:
                attachment_delete(application=application, user=request.user, attachment=attachment)
            except LabellingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, gettext("Pièce « %(name)s » supprimée.") % {"name": attachment.original_name}
                )
            return redirect(request.path)
        if CONTINUE in request.POST and not request.FILES:
            return redirect(NEXT_STEP["attachments"])  # no file chosen: on to the next step
        if form.is_valid():
            data = form.cleaned_data
            try:
                attachment = attachment_add(
                    application=application,
                    user=request.user,
                    upload=data["file"],
                    kind=data["kind"],
                    criterion=data["criterion"],
                )
            except LabellingError as error:
                form.add_error("file", str(error))
            else:
                return _saved(
                    request,
                    "attachments",
                    gettext("Pièce « %(name)s » ajoutée.") % {"name": attachment.original_name},
                )
    attachments = list(application.attachments.select_related("criterion"))
    context = {"form": form, "attachments": attachments}
    return _render(request, "labelling/apply_attachments.html", application, editable, context)


@applicant_step("submit")
def apply_submit(request, application, editable):
    """The summary of the application, what is still missing (with links to the steps), and the
    submission, accepted only when nothing is missing."""
    form = SubmitForm(request.POST or None) if editable else None
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(
                application=application, user=request.user, comment=form.cleaned_data["comment"]
            )
        except LabellingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext("Votre candidature est déposée : un agent de la Région va l'instruire. Vous êtes "
                        "informé par e-mail de chaque étape."),
            )  # fmt: skip
            return redirect("pro:labelling")
    missing = _missing_by_step(missing_items(application))
    context = {
        "form": form,
        "missing": missing,
        "sites": list(application.sites.select_related("commune")),
        "attachments": list(application.attachments.all()),
        "committed": application.answers.filter(commitment=True, criterion__active=True).count(),
        "criteria_count": Criterion.objects.active().count(),
        "can_submit": application.status == ApplicationStatus.DRAFT and not missing,
    }
    return _render(request, "labelling/apply_submit.html", application, editable, context)


@signed_in_view
@require_safe
def attachment_download(request, pk: int):
    """A document of one of the user's applications, always as an attachment (others: 404)."""
    attachment = get_object_or_404(Attachment, pk=pk, application__applicant=request.user)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- The follow-up in the reserved space ---------------------------------------------------------


def _timeline(application) -> list[dict]:
    """The history as the applicant sees it: who is "vous" or "la Région" (never an officer's name or
    address); the Region's internal moves (taking over an application) are left out."""
    rows = []
    for change in application.history.all():
        if change.from_status and change.from_status == change.to_status:
            continue  # one officer takes over from another
        by_applicant = change.actor_id is not None and change.actor_id == application.applicant_id
        internal = not by_applicant and change.to_status == ApplicationStatus.UNDER_REVIEW
        rows.append(
            {
                "at": change.at,
                "iso": change.at.replace(microsecond=0).isoformat(),  # HTML allows 3 decimals at most
                "from": ApplicationStatus(change.from_status).label if change.from_status else "",
                "to": ApplicationStatus(change.to_status).label,
                "by": gettext("vous") if by_applicant else gettext("la Région"),
                "comment": "" if internal else change.comment,
                "message": not by_applicant and change.to_status == ApplicationStatus.COMPLEMENTS_REQUESTED,
            }
        )
    return rows


@signed_in_view
@require_http_methods(["GET", "POST"])
def application_status(request):
    """The applicant's applications: the one in progress (its timeline, the instructor's messages, the
    answer to a request for complements, the withdrawal) and the past ones (the label granted)."""
    history = Prefetch("history", queryset=StatusChange.objects.order_by("at", "pk"))
    applications = list(
        LabellingApplication.objects.filter(applicant=request.user)
        .select_related("label", "member")
        .prefetch_related(history)
        .order_by("-created_at", "-pk")
    )
    current = next((application for application in applications if not application.is_final), None)
    action = request.POST.get("action") if request.method == "POST" else None
    complements = ComplementsForm(request.POST if action == "complements" else None, prefix="complements")
    withdraw = WithdrawForm(request.POST if action == "retirer" else None, prefix="retrait")
    if request.method == "POST":
        if current is None:
            messages.error(request, gettext("Vous n'avez pas de candidature en cours."))
            return redirect("pro:labelling")
        if action == "complements" and complements.is_valid():
            try:
                application_provide_complements(
                    application=current, user=request.user, message=complements.cleaned_data["message"]
                )
            except LabellingError as error:
                complements.add_error(None, str(error))
            else:
                messages.success(request, gettext("Vos compléments sont transmis à l'instructeur."))
                return redirect("pro:labelling")
        elif action == "retirer" and withdraw.is_valid():
            try:
                application_withdraw(
                    application=current, user=request.user, comment=withdraw.cleaned_data["comment"]
                )
            except LabellingError as error:
                withdraw.add_error(None, str(error))
            else:
                messages.success(request, gettext("Votre candidature est retirée."))
                return redirect("pro:labelling")
    missing = []
    if current is not None and current.status == ApplicationStatus.COMPLEMENTS_REQUESTED:
        missing = _missing_by_step(missing_items(current))
    latest_approved = next(
        (application for application in applications if application.label_id is not None), None
    )
    context = {
        "current": current,
        "past": [application for application in applications if application.is_final],
        "timelines": {application.pk: _timeline(application) for application in applications},
        "missing": missing,
        "complements": complements,
        "withdraw": withdraw,
        "latest_approved": latest_approved,
        "steps": _steps(""),
    }
    return render(request, "labelling/application_status.html", context)
