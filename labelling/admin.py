"""Region staff tools for labelling: the review queue of applications (filters, days waiting, export of
the decisions), the application's page (the organisation, its places, each criterion's answer and evidence
beside its assessment, the completeness check, the history) with one small page per transition, the
criteria of the cahier des charges and the labels.

The admin never moves an application itself: every transition calls its service (labelling.services),
which checks who acts and from which state, records the step and e-mails the applicant, or refuses with
a French message and changes nothing."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DateTimeField, F, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from structures.admin import DepartmentFilter
from structures.enums import AccessibilityFeature, ServiceLevel, label_of
from structures.import_files import admin_formats

from . import admin_forms, services
from .enums import WAITING_FOR_REGION, ApplicationStatus, AttachmentKind, WantedKind
from .models import Attachment, Criterion, CriterionAnswer, Label, LabellingApplication
from .resources import DECIDED, DecisionResource
from .selectors import missing_items

WAITING_DAYS = 30
# The states in which the instructor assesses the criteria.
ASSESSABLE = services.OPEN_REVIEW


def may_assess(user, application) -> bool:
    """Region staff assess the criteria of an application under review that is not their own."""
    return (
        application is not None
        and application.status in ASSESSABLE
        and application.applicant_id != user.pk
        and services.is_instructor(user)
    )


# --- Transitions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str  # the URL name's suffix: admin:labelling_labellingapplication_<name>
    slug: str  # the URL's last segment
    label: str
    form_class: type
    service: str  # the function of labelling.services; it decides
    success: str
    one_click: bool = False  # a button on the application's page (its own page asks for a comment)


TRANSITIONS = [
    Transition(
        "assign",
        "prendre-en-charge",
        _("Prendre en charge"),
        admin_forms.AssignForm,
        "application_assign",
        _("Vous instruisez désormais cette candidature."),
        one_click=True,
    ),
    Transition(
        "request_complements",
        "demander-des-complements",
        _("Demander des compléments"),
        admin_forms.RequestComplementsForm,
        "application_request_complements",
        _("Compléments demandés : le candidat a été prévenu par courriel."),
    ),
    Transition(
        "record_opinion",
        "avis-du-crefop",
        _("Enregistrer l'avis du bureau du CREFOP"),
        admin_forms.OpinionForm,
        "application_record_opinion",
        _("L'avis du bureau du CREFOP est enregistré."),
    ),
    Transition(
        "approve",
        "approuver",
        _("Approuver"),
        admin_forms.ApproveForm,
        "application_approve",
        _("Candidature approuvée : le label est accordé et les lieux sont publiés."),
    ),
    Transition(
        "reject",
        "refuser",
        _("Refuser"),
        admin_forms.RejectForm,
        "application_reject",
        _("Candidature refusée : le candidat a été prévenu par courriel."),
    ),
]


def available_transitions(application: LabellingApplication, user) -> list[Transition]:
    """The buttons to show (the services check again on every POST)."""
    names = services.staff_transitions(application, user)
    return [transition for transition in TRANSITIONS if transition.name in names]


# --- The queue's filters ---------------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    """Drafts are the applicant's business: left out of the queue unless asked for."""

    title = _("état")
    parameter_name = "etat"
    EVERY = "tous"

    def lookups(self, request, model_admin):
        return [(self.EVERY, _("Tous, brouillons compris")), *ApplicationStatus.choices]

    def queryset(self, request, queryset):
        if self.value() == self.EVERY:
            return queryset
        if self.value() in ApplicationStatus.values:
            return queryset.filter(status=self.value())
        return queryset.exclude(status=ApplicationStatus.DRAFT)

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("Tous sauf les brouillons")
        return choices


class InstructorFilter(admin.SimpleListFilter):
    title = _("instruction")
    parameter_name = "instruction"

    def lookups(self, request, model_admin):
        return [("moi", _("Instruites par moi")), ("personne", _("Sans instructeur"))]

    def queryset(self, request, queryset):
        if self.value() == "moi":
            return queryset.filter(instructor=request.user)
        if self.value() == "personne":
            return queryset.filter(instructor__isnull=True)
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    title = _("attente")
    parameter_name = "attente"

    def lookups(self, request, model_admin):
        return [("plus_30", _("En attente depuis plus de 30 jours"))]

    def queryset(self, request, queryset):
        if self.value() == "plus_30":
            return queryset.filter(
                status__in=WAITING_FOR_REGION,
                status_changed_at__lt=timezone.now() - timedelta(days=WAITING_DAYS),
            )
        return queryset


# --- The criteria: the applicant's answer beside the instructor's assessment -----------------------


def _text(value: str):
    return mark_safe(linebreaks(value, autoescape=True)) if value.strip() else ""  # noqa: S308 (escaped)


def attachment_url(attachment: Attachment) -> str:
    return reverse(
        "admin:labelling_labellingapplication_attachment", args=[attachment.application_id, attachment.pk]
    )


class CriterionAnswerInline(admin.TabularInline):
    model = CriterionAnswer
    fields = ["criterion_summary", "applicant_answer", "assessment", "assessment_note"]
    readonly_fields = ["criterion_summary", "applicant_answer"]
    extra = 0
    can_delete = False
    verbose_name = _("critère")
    verbose_name_plural = _("critères du cahier des charges : réponses du candidat et appréciation")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("widgets", {"assessment_note": forms.Textarea(attrs={"rows": 3, "cols": 30})})
        return super().get_formset(request, obj, **kwargs)

    def has_add_permission(self, request, obj=None):
        return False  # one answer per criterion, written by the applicant's form

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_assess(request.user, obj)

    def _evidence(self, application_id: int) -> dict[int, list[Attachment]]:
        """The evidence files by criterion: one query per page (an inline is made per request)."""
        cache = self.__dict__.setdefault("_evidence_cache", {})
        if application_id not in cache:
            files = defaultdict(list)
            for attachment in Attachment.objects.filter(
                application_id=application_id, kind=AttachmentKind.EVIDENCE
            ):
                files[attachment.criterion_id].append(attachment)
            cache[application_id] = files
        return cache[application_id]

    @admin.display(description=_("critère et justificatifs attendus"))
    def criterion_summary(self, answer: CriterionAnswer):
        criterion = answer.criterion
        expected = ""
        if criterion.evidence:
            expected = format_html(
                '<div class="review-expected"><em>{}</em> {}</div>',
                gettext("Justificatifs attendus :"),
                criterion.evidence,
            )
        return format_html("<strong>{}</strong>{}", criterion.title, expected)

    @admin.display(description=_("réponse du candidat"))
    def applicant_answer(self, answer: CriterionAnswer):
        commitment = (
            format_html('<p class="review-yes">✔ {}</p>', gettext("La structure s'engage."))
            if answer.commitment
            else format_html('<p class="review-no">✘ {}</p>', gettext("Pas d'engagement."))
        )
        evidence = ""
        if answer.evidence.strip():
            evidence = format_html(
                '<div class="review-evidence"><em>{}</em>{}</div>',
                gettext("Justificatifs décrits :"),
                _text(answer.evidence),
            )
        files = self._evidence(answer.application_id).get(answer.criterion_id, [])
        links = ""
        if files:
            links = format_html(
                '<ul class="review-files">{}</ul>',
                format_html_join(
                    "",
                    '<li><a href="{}">{}</a></li>',
                    ((attachment_url(attachment), attachment.original_name) for attachment in files),
                ),
            )
        return format_html("{}{}{}{}", commitment, _text(answer.explanation), evidence, links)


# --- The review queue and the application's page --------------------------------------------------

STATE_FIELDS = [
    "status",
    "status_changed_at",
    "submitted_at",
    "instructor",
    "opinion",
    "opinion_date",
    "decided_at",
    "decision_reason",
    "label",
]
ORGANISATION_FIELDS = [
    "name",
    "siret",
    "legal_form",
    "address",
    "postcode",
    "commune",
    "website",
    "presentation",
    "contact_name",
    "contact_email",
    "contact_phone",
    "applicant",
    "member",
    "renewal_of",
]


@admin.register(LabellingApplication)
class LabellingApplicationAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [DecisionResource]
    export_formats = admin_formats()
    export_template_name = "admin/labelling/labellingapplication/export.html"
    list_display = [
        "organisation",
        "department",
        "status",
        "instructor_name",
        "submitted_at",
        "days_waiting",
        "renewal",
    ]
    list_filter = [StatusFilter, DepartmentFilter, InstructorFilter, WaitingFilter]
    search_fields = ["name", "siret", "contact_email"]
    search_help_text = _("Nom de la structure, SIRET ou courriel de contact.")
    list_select_related = ["commune", "instructor"]
    fieldsets = [
        (_("État de la candidature"), {"fields": STATE_FIELDS}),
        (_("Structure candidate"), {"fields": ORGANISATION_FIELDS}),
    ]
    readonly_fields = flatten_fieldsets(fieldsets)
    inlines = [CriterionAnswerInline]

    class Media:
        css = {"all": ["labelling/admin_review.css"]}

    def get_ordering(self, request):
        """Oldest waiting first; then those waiting for the applicant, or decided, latest first."""
        return [F("waiting_since").asc(nulls_last=True), "-status_changed_at"]

    def get_queryset(self, request):
        waiting_since = Case(
            When(status__in=WAITING_FOR_REGION, then=F("status_changed_at")),
            default=None,
            output_field=DateTimeField(),
        )
        return super().get_queryset(request).annotate(waiting_since=waiting_since)

    # Columns

    @admin.display(description=_("structure"), ordering="name")
    def organisation(self, application):
        return str(application)

    @admin.display(description=_("département"), ordering="commune__department")
    def department(self, application):
        return application.commune.department_id if application.commune_id else ""

    @admin.display(description=_("instructeur"), ordering="instructor__last_name")
    def instructor_name(self, application):
        instructor = application.instructor
        return (instructor.get_full_name() or instructor.email) if instructor else ""

    @admin.display(description=_("jours d'attente"), ordering="waiting_since")
    def days_waiting(self, application):
        since = getattr(application, "waiting_since", None)
        return (timezone.now() - since).days if since else ""

    @admin.display(description=_("renouvellement"), ordering="renewal_of")
    def renewal(self, application):
        return gettext("Renouvellement") if application.renewal_of_id else ""

    # Permissions: applications come from the applicants' form; their content is theirs.

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def save_model(self, request, obj, form, change):
        """Nothing of the application itself is edited here (only the assessments, in the inline)."""

    # The application's page

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_context(self, request, application) -> dict:
        assessing = may_assess(request.user, application)
        return {
            "missing_items": missing_items(application),
            "proposed_sites": proposed_site_rows(application),
            "attachments": [
                (attachment, attachment_url(attachment))
                for attachment in application.attachments.select_related("criterion")
            ],
            "history": list(application.history.select_related("actor")),
            "transitions": [
                {
                    "label": transition.label,
                    "url": self._transition_url(transition, application),
                    "one_click": transition.one_click,
                }
                for transition in available_transitions(application, request.user)
            ],
            "assessing": assessing,
            "show_save": assessing,
            "show_save_and_continue": assessing,
            "show_save_and_add_another": False,
        }

    def _transition_url(self, transition: Transition, application) -> str:
        return reverse(f"admin:labelling_labellingapplication_{transition.name}", args=[application.pk])

    # Transitions and attachments: views of their own

    def get_urls(self):
        own = [
            path(
                f"<path:object_id>/{transition.slug}/",
                self.admin_site.admin_view(self._transition_view(transition)),
                name=f"labelling_labellingapplication_{transition.name}",
            )
            for transition in TRANSITIONS
        ]
        own.append(
            path(
                "<path:object_id>/pieces/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="labelling_labellingapplication_attachment",
            )
        )
        return own + super().get_urls()

    def _transition_view(self, transition: Transition):
        def view(request, object_id):
            return self.transition_view(request, object_id, transition)

        view.__name__ = f"application_{transition.name}"
        return view

    def transition_view(self, request, object_id, transition: Transition):
        """GET shows the transition's form; POST calls its service (which decides)."""
        application = self.get_object(request, unquote(object_id))
        if application is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        change_url = reverse("admin:labelling_labellingapplication_change", args=[application.pk])
        if request.method == "POST":
            form = transition.form_class(request.POST)
            if form.is_valid():
                service = getattr(services, transition.service)
                try:
                    service(application=application, user=request.user, **form.cleaned_data)
                except services.LabellingError as error:
                    messages.error(request, str(error))
                except ValidationError as error:  # a rule of another model (the member, a place)
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, transition.success)
                    return redirect(change_url)
        else:
            if transition not in available_transitions(application, request.user):
                messages.warning(
                    request,
                    _("« %(action)s » n'est pas possible pour vous sur une candidature « %(status)s ».")
                    % {"action": transition.label, "status": application.status_label},
                )
                return redirect(change_url)
            form = transition.form_class()
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": transition.label,
            "subtitle": str(application),
            "application": application,
            "transition": transition,
            "form": form,
            "change_url": change_url,
            "has_view_permission": True,
            "proposed_sites": proposed_site_rows(application) if transition.name == "approve" else [],
        }
        return TemplateResponse(request, "admin/labelling/labellingapplication/transition_form.html", context)

    def attachment_view(self, request, object_id, attachment_id: int):
        """A document of the application, to Region staff allowed to see applications, as an attachment."""
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, application=application, pk=attachment_id)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    # Export of the decisions

    def get_export_queryset(self, request):
        """The filtered queue; without a chosen state, the decisions (approved or rejected)."""
        queryset = super().get_export_queryset(request)
        if not request.GET.get(StatusFilter.parameter_name):
            queryset = queryset.filter(status__in=DECIDED)
        return DecisionResource.related(queryset)

    def get_export_filename(self, request, queryset, file_format):
        return f"decisions-labellisation-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


def proposed_site_rows(application: LabellingApplication) -> list[dict]:
    """The proposed places as the review shows them (three queries)."""
    rows = []
    for site in application.sites.select_related("commune", "site").prefetch_related("audiences"):
        rows.append(
            {
                "name": site.name,
                "wanted_kind": label_of(WantedKind, site.wanted_kind),
                "address": ", ".join(
                    part for part in (site.address, f"{site.postcode} {site.commune.name}".strip()) if part
                ),
                "department": site.commune.department_id,
                "contact": " · ".join(value for value in (site.phone, site.email) if value),
                "opening_hours": site.opening_hours,
                "hours_note": site.hours_note,
                "levels": [label_of(ServiceLevel, level) for level in site.levels],
                "audiences": [audience.label for audience in site.audiences.all()],
                "accessibility": [label_of(AccessibilityFeature, feature) for feature in site.accessibility],
                "published": (
                    reverse("admin:structures_site_change", args=[site.site_id]) if site.site_id else ""
                ),
            }
        )
    return rows


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["title", "code", "description"]
    prepopulated_fields = {"code": ["title"]}


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["member", "valid_from", "valid_until", "note", "application_link"]
    search_fields = ["member__name"]
    list_select_related = ["member", "application"]
    autocomplete_fields = ["member"]
    date_hierarchy = "valid_until"
    readonly_fields = ["application_link"]

    @admin.display(description=_("candidature"))
    def application_link(self, label):
        application = getattr(label, "application", None)  # none for a label granted in the admin
        if application is None:
            return ""
        url = reverse("admin:labelling_labellingapplication_change", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, application)
