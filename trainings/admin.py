"""The training offers in the admin: read-only (they come from the LHÉO flows, `import_lheo`), with their
source and import date; Region staff view them (structures.services.STAFF_GROUPS)."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import TrainingAction, TrainingOffer, TrainingSession


class ReadOnlyMixin:
    """Nobody adds, changes or deletes an imported offer: the next import would undo it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TrainingActionInline(ReadOnlyMixin, admin.StackedInline):
    model = TrainingAction
    extra = 0
    can_delete = False
    show_change_link = False
    fields = [
        "number",
        "place_name",
        "address",
        "postcode",
        "city",
        "commune",
        "employment_zone",
        "department_code",
        "latitude",
        "longitude",
        "rhythm",
        "teaching_mode",
        "funding_possible",
        "duration",
        "url",
        "session_list",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        sessions = Prefetch("sessions", queryset=TrainingSession.objects.order_by("start", "pk"))
        return (
            super()
            .get_queryset(request)
            .select_related("commune", "employment_zone")
            .prefetch_related(sessions)
        )

    @admin.display(description=_("sessions"))
    def session_list(self, action):
        sessions = list(action.sessions.all())
        if not sessions:
            return _("Aucune session")
        rows = (
            (
                session.number or "—",
                session.start.strftime("%d/%m/%Y") if session.start else _("entrée permanente"),
                session.end.strftime("%d/%m/%Y") if session.end else _("sans date de fin"),
                session.registration_address or "—",
            )
            for session in sessions
        )
        items = format_html_join("", "<li>{} : du {} au {} — {}</li>", rows)
        return format_html("<ul>{}</ul>", items)


@admin.register(TrainingOffer)
class TrainingOfferAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "number",
        "organisation_name",
        "exit_level",
        "certifying",
        "source",
        "imported_at",
    ]
    list_filter = ["source", "certifying", "exit_level", "lheo_version"]
    search_fields = ["title", "number", "organisation_name"]
    date_hierarchy = "imported_at"
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "title",
                    "objective",
                    "expected_results",
                    "content",
                    "certifying",
                    "exit_level",
                    "url",
                ]
            },
        ),
        (
            _("Codes"),
            {
                "fields": [
                    "rome_codes",
                    "rome_domains",
                    "formacode_codes",
                    "nsf_codes",
                    "rncp_code",
                    "certifinfo_code",
                ]
            },
        ),
        (
            _("Organisme responsable"),
            {
                "fields": [
                    "organisation_name",
                    "organisation_siret",
                    "organisation_phone",
                    "organisation_email",
                    "organisation_url",
                ]
            },
        ),
        (_("Import"), {"fields": ["source", "lheo_version", "imported_at"]}),
    ]
    readonly_fields = [field for _name, options in fieldsets for field in options["fields"]]
    inlines = [TrainingActionInline]
