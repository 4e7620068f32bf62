from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from structures.models import Department

from .enums import CommitteeScope
from .models import Committee, CommitteePerson, DocumentVersion, Meeting, SharedDocument
from .selectors import with_meeting_dates, year_before


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = ["number", "original_name", "content_type", "size", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # files are checked and stored by the reserved space's form


@admin.register(SharedDocument)
class SharedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "member", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "description", "member__name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [VersionInline]


# --- Committees and their meetings (the charter's governance) ---------------------------------------


class CommitteeForm(forms.ModelForm):
    """The committee's scope and département, checked with French messages before the database's
    constraints would refuse them (one regional committee; one committee per département, which a
    departmental committee needs and a regional one has not)."""

    class Meta:
        model = Committee
        fields = ["name", "scope", "department", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields:  # the served départements (and the committee's own, if no longer)
            served = Q(code__in=settings.PORTAL_DEPARTMENTS)
            if self.instance.department_id:
                served |= Q(pk=self.instance.department_id)
            self.fields["department"].queryset = Department.objects.filter(served)

    def clean(self):
        cleaned = super().clean()
        scope, department = cleaned.get("scope"), cleaned.get("department")
        others = Committee.objects.exclude(pk=self.instance.pk)
        if scope == CommitteeScope.DEPARTMENTAL and department is None and "department" not in self.errors:
            self.add_error("department", _("Choisissez le département de ce comité départemental de suivi."))
        if scope == CommitteeScope.REGIONAL:
            if department is not None:
                self.add_error(
                    "department",
                    _(
                        "Le comité régional de pilotage ne se rattache à aucun département : "
                        "laissez ce champ vide."
                    ),
                )
            existing = others.filter(scope=CommitteeScope.REGIONAL).first()
            if existing is not None:
                self.add_error(
                    "scope",
                    _("Le comité régional de pilotage existe déjà : « %(name)s ». Il n'y en a qu'un.")
                    % {"name": existing.name},
                )
        elif department is not None:
            existing = others.filter(department=department).first()
            if existing is not None:
                self.add_error(
                    "department",
                    _(
                        "%(department)s a déjà son comité de suivi : « %(name)s ». "
                        "Il n'y en a qu'un par département."
                    )
                    % {"department": department, "name": existing.name},
                )
        return cleaned


class CommitteePersonForm(forms.ModelForm):
    class Meta:
        model = CommitteePerson
        fields = ["name", "function", "organisation", "organisation_name"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("organisation_name", "").strip():
            self.add_error(
                "organisation_name",
                _("Indiquez soit le membre représenté, soit une autre organisation, pas les deux."),
            )
        return cleaned


class CommitteePersonInline(admin.TabularInline):
    model = CommitteePerson
    form = CommitteePersonForm
    autocomplete_fields = ["organisation"]
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ["date", "place", "minutes", "agenda", "decisions"]
    autocomplete_fields = ["minutes"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 32})}}
    ordering = ["-date", "-pk"]
    show_change_link = True
    extra = 0


class MetRecentlyFilter(admin.SimpleListFilter):
    title = _("réunion dans les 12 derniers mois")
    parameter_name = "reuni"

    def lookups(self, request, model_admin):
        return [("oui", _("Oui")), ("non", _("Non"))]

    def queryset(self, request, queryset):
        if self.value() in ("oui", "non"):
            return queryset.filter(met_recently=self.value() == "oui")
        return queryset


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    form = CommitteeForm
    list_display = ["name", "scope", "department", "last_meeting", "met_recently", "next_meeting"]
    list_filter = ["scope", ("department", admin.RelatedOnlyFieldListFilter), MetRecentlyFilter]
    list_select_related = ["department"]
    search_fields = ["name", "department__name", "department__code"]
    autocomplete_fields = ["members"]
    inlines = [CommitteePersonInline, MeetingInline]

    def get_queryset(self, request):
        """Each committee's last and next meetings, and whether it met in the last 12 months: annotated
        in the list's one query (selectors.with_meeting_dates)."""
        today = timezone.localdate()
        return with_meeting_dates(super().get_queryset(request), today=today).annotate(
            met_recently=Case(
                When(last_meeting__gte=year_before(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    @admin.display(description=_("dernière réunion"), ordering="last_meeting", empty_value=_("jamais"))
    def last_meeting(self, committee):
        return committee.last_meeting

    @admin.display(description=_("réunion dans les 12 derniers mois"), boolean=True, ordering="met_recently")
    def met_recently(self, committee):
        return committee.met_recently

    @admin.display(description=_("prochaine réunion"), ordering="next_meeting", empty_value="—")
    def next_meeting(self, committee):
        return committee.next_meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "committee", "place", "minutes"]
    list_filter = ["committee__scope", "committee"]
    list_select_related = ["committee", "minutes"]
    date_hierarchy = "date"
    search_fields = ["committee__name", "place", "agenda", "decisions"]
    autocomplete_fields = ["committee", "minutes"]
