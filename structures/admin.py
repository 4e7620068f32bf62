import calendar

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from .coverage import coverage_refresh_later
from .enums import AccessibilityFeature, ServiceMode
from .geocoding import geocode
from .import_files import ImportFileError, admin_formats
from .models import (
    Audience,
    Commune,
    Department,
    EmploymentZone,
    Invitation,
    Job,
    Member,
    OrientationRule,
    Permanence,
    Professional,
    Project,
    Region,
    Scheme,
    Sector,
    ServiceOffer,
    Site,
)
from .models.questions import Question, QuestionEvent
from .resources import MemberResource, SiteResource
from .selectors.questions import STATUS_LABELS
from .services import InvitationError, invitation_create, question_erase, site_index_refresh

STALE_MONTHS = 6


class ReferenceDataAdmin(admin.ModelAdmin):
    """Territories come from the INSEE files (load_reference_data): readable, not editable."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(EmploymentZone)
class EmploymentZoneAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "department_codes"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("departments")

    @admin.display(description=_("départements"))
    def department_codes(self, zone):
        return ", ".join(department.code for department in zone.departments.all())


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "department", "employment_zone", "population"]
    list_filter = ["department__region"]
    search_fields = ["code", "name", "search_name"]
    list_select_related = ["department", "employment_zone"]
    show_full_result_count = False


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["label", "slug"]
    prepopulated_fields = {"slug": ["label"]}


class IndexedTaxonomyAdmin(TaxonomyAdmin):
    """Publics, schemes and projects: their labels (and the "tous-publics" slug) are in the sites' search
    index, rebuilt when one is added, renamed or deleted (not when reordered)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"label", "slug"} & set(form.changed_data):
            site_index_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        site_index_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        site_index_refresh()


for model in (Audience, Scheme, Project):
    admin.site.register(model, IndexedTaxonomyAdmin)
admin.site.register(Sector, TaxonomyAdmin)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "sector"]
    list_filter = ["sector"]
    search_fields = ["code", "label"]
    list_select_related = ["sector"]


@admin.register(OrientationRule)
class OrientationRuleAdmin(admin.ModelAdmin):
    """The rules of the orientation wizard (`/orientation/`): who to turn to, for a situation and a
    project. A rule targets a category of members, a national network, or the members of both."""

    list_display = ["situation", "project", "target", "priority", "active", "explanation"]
    list_display_links = ["situation"]
    list_editable = ["priority", "active"]
    list_filter = ["situation", "project", "target_category", "target_network", "active"]
    search_fields = ["explanation", "target_network"]
    list_select_related = ["project"]
    fields = [
        "situation", "project", "target_category", "target_network", "priority", "explanation", "active"
    ]  # fmt: skip

    @admin.display(description=_("cible"))
    def target(self, rule):
        parts = [rule.get_target_category_display() if rule.target_category else "", rule.target_network]
        return " · ".join(part for part in parts if part)


# --- The network: members and their sites, with import and export ----------------------------------


class NetworkImportExportAdmin(ImportExportModelAdmin):
    """CSV (UTF-8 or Windows-1252, `;` or `,`) and XLSX; a file imports whole or not at all."""

    import_formats = admin_formats()
    export_formats = admin_formats()
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_import_permission(self, request):
        """An import creates and changes rows: it needs both permissions (without them, a Region
        instructor, who only reads the network, could rewrite members and places from a file)."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", e.messages)
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(Member)
class MemberAdmin(NetworkImportExportAdmin):
    resource_classes = [MemberResource]
    list_display = ["name", "acronym", "identifier", "category", "basis", "network", "site_count", "active"]
    list_filter = ["category", "basis", "active", "demo"]
    search_fields = ["name", "acronym", "identifier", "network"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["deactivated_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(site_count=models.Count("sites"))

    @admin.display(description=_("lieux"), ordering="site_count")
    def site_count(self, member):
        return member.site_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sites = list(form.instance.sites.all())  # the member's name and acronym are in their search text
        if sites:
            site_index_refresh(sites=sites)
            if {"active", "category"} & set(form.changed_data):  # which places count for equal access
                coverage_refresh_later()


def months_ago(moment, months: int):
    """The same day `months` calendar months earlier (31 August - 6 months = 28 or 29 February)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


class StaleFilter(admin.SimpleListFilter):
    title = _("mise à jour")
    parameter_name = "mise_a_jour"

    def lookups(self, request, model_admin):
        return [("ancienne", _("Fiche non mise à jour depuis 6 mois"))]

    def queryset(self, request, queryset):
        if self.value() == "ancienne":
            return queryset.filter(updated_at__lt=months_ago(timezone.now(), STALE_MONTHS))
        return queryset


class DepartmentFilter(admin.SimpleListFilter):
    title = _("département")
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        return [(department.code, str(department)) for department in Department.objects.served()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(commune__department_id=self.value())
        return queryset


class EmploymentZoneFilter(admin.SimpleListFilter):
    title = _("zone d'emploi")
    parameter_name = "zone_emploi"

    def lookups(self, request, model_admin):
        return [(zone.code, str(zone)) for zone in EmploymentZone.objects.served().order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(commune__employment_zone_id=self.value())
        return queryset


class ServiceOfferForm(forms.ModelForm):
    modes = forms.MultipleChoiceField(
        label=_("modalités"), choices=ServiceMode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = ServiceOffer
        fields = ["level", "modes", "audiences", "schemes", "projects", "free", "description"]


class ServiceOfferInline(admin.StackedInline):
    model = ServiceOffer
    form = ServiceOfferForm
    extra = 0
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class PermanenceInline(admin.TabularInline):
    model = Permanence
    fields = ["member", "opening_hours", "note"]
    autocomplete_fields = ["member"]
    extra = 0


SITE_READONLY = ["created_at", "updated_at"]
# The fields on which the communes' distances to the places depend (see structures.coverage).
COVERAGE_FIELDS = ["published", "kind", "member", "latitude", "longitude"]
SITE_FIELDSETS = [
    (None, {"fields": ["name", "slug", "identifier", "member", "kind", "parent", "published"]}),
    (
        _("Adresse"),
        {"fields": ["address", "postcode", "commune", ("latitude", "longitude"), "coordinates_approximate"]},
    ),
    (
        _("Contact"),
        {"fields": ["phone", "free_phone", "email", "website", "chat_url", "appointment_url"]},
    ),
    (_("Horaires et accessibilité"), {"fields": ["opening_hours", "hours_note", "accessibility"]}),
    (_("Suivi"), {"fields": ["created_at", "updated_at"]}),
]


def https_url_formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class SiteForm(forms.ModelForm):
    """The model's clean() runs with the form: network rules and OSM hours are checked, in French."""

    accessibility = forms.MultipleChoiceField(
        label=_("accessibilité"),
        choices=AccessibilityFeature.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Site
        formfield_callback = https_url_formfield
        fields = [name for name in flatten_fieldsets(SITE_FIELDSETS) if name not in SITE_READONLY]
        help_texts = {
            "latitude": _("Laissez latitude et longitude vides pour les calculer à partir de l'adresse."),
        }


@admin.register(Site)
class SiteAdmin(NetworkImportExportAdmin):
    resource_classes = [SiteResource]
    form = SiteForm
    list_display = ["name", "identifier", "kind", "member", "commune", "published", "updated_at"]
    list_filter = [
        "kind",
        DepartmentFilter,
        EmploymentZoneFilter,
        ("member", admin.RelatedOnlyFieldListFilter),
        StaleFilter,
        "published",
    ]
    search_fields = ["name", "identifier", "commune__name", "member__name"]
    list_select_related = ["member", "commune"]
    autocomplete_fields = ["member", "parent", "commune"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = SITE_READONLY
    inlines = [ServiceOfferInline, PermanenceInline]
    fieldsets = SITE_FIELDSETS

    def save_model(self, request, obj, form, change):
        if obj.latitude is None and obj.longitude is None and obj.commune_id:
            obj.latitude, obj.longitude, obj.coordinates_approximate = geocode(
                obj.address, obj.postcode, obj.commune
            )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # services and permanences are indexed too
        site_index_refresh(sites=[form.instance])
        site, initial = form.instance, form.initial
        geocoded = (site.latitude, site.longitude) != (initial.get("latitude"), initial.get("longitude"))
        if not change or geocoded or set(COVERAGE_FIELDS) & set(form.changed_data):
            coverage_refresh_later()  # equal access: a place published, moved, retyped or handed over

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        coverage_refresh_later()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        coverage_refresh_later()


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "member", "role", "job_title"]
    list_filter = ["role", "member__category"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "member__name"]
    list_select_related = ["user", "member"]
    autocomplete_fields = ["member", "sites"]
    raw_id_fields = ["user"]
    readonly_fields = ["deactivated_at"]


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "first_name", "last_name", "member", "role"]

    def clean_email(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Un compte existe déjà pour cette adresse."))
        return email


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Region staff invite professionals here: the link is e-mailed when the invitation is saved."""

    form = InvitationAdminForm
    list_display = [
        "email",
        "first_name",
        "last_name",
        "member",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", "accepted_at"]
    search_fields = ["email", "last_name", "member__name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    readonly_fields = ["invited_by", "created_at", "expires_at", "accepted_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            created = invitation_create(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                member=data["member"],
                role=data["role"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except InvitationError as error:  # an account created meanwhile
            raise forms.ValidationError(str(error)) from error
        obj.pk, obj.token_digest, obj.expires_at = created.pk, created.token_digest, created.expires_at
        obj._state.adding = False


# --- Questions asked online (handled in the reserved space: read-only here) -------------------------


class QuestionEventInline(admin.TabularInline):
    model = QuestionEvent
    fields = ["action", "at", "actor", "from_member", "to_member", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """The questions asked on places' pages, for Region staff to follow; professionals answer them in
    the reserved space. The list shows no personal data (a question's page does); "Effacer les données
    personnelles" erases them at once, when a person asks for it."""

    list_display = ["created_at", "site", "member", "status_label", "erased"]
    list_filter = ["status", ("member", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["site", "member"]
    date_hierarchy = "created_at"
    search_fields = ["=email"]
    search_help_text = _("L'adresse e-mail exacte de la personne (demande d'accès ou d'effacement).")
    fields = [
        "site", "member", "status", "name", "email", "commune", "text",
        "created_at", "updated_at", "closed_at", "erased_at",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [QuestionEventInline]
    actions = ["erase_personal_data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("état"), ordering="status")
    def status_label(self, question):
        return STATUS_LABELS.get(question.status, question.status)

    @admin.display(boolean=True, description=_("données effacées"))
    def erased(self, question):
        return question.erased_at is not None

    @admin.action(description=_("Effacer les données personnelles"), permissions=["delete"])
    def erase_personal_data(self, request, queryset):
        erased = sum(question_erase(question=question, actor=request.user) for question in queryset)
        self.message_user(
            request,
            ngettext(
                "Données personnelles effacées pour %(count)d question.",
                "Données personnelles effacées pour %(count)d questions.",
                erased,
            )
            % {"count": erased},
        )
