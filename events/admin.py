"""Region staff tools for the agenda: events (with import and export, publish and cancel actions) and the
regional programme's priority sectors."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from structures.admin import EmploymentZoneFilter, NetworkImportExportAdmin
from structures.geocoding import geocode

from .models import Event, PrioritySector, Registration
from .resources import EventResource
from .services import event_cancel, event_index_refresh, event_publish

PARIS = ZoneInfo("Europe/Paris")


class PeriodFilter(admin.SimpleListFilter):
    """Weeks start on Monday and months on the 1st, in Paris time; an event belongs to every period it
    overlaps."""

    title = _("période")
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        return [
            ("a_venir", _("À venir")),
            ("cette_semaine", _("Cette semaine")),
            ("ce_mois", _("Ce mois-ci")),
            ("passes", _("Passés")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        today = timezone.localtime(now, PARIS).date()
        if self.value() == "a_venir":
            return queryset.filter(end__gte=now)
        if self.value() == "passes":
            return queryset.filter(end__lt=now)
        if self.value() == "cette_semaine":
            first = today - timedelta(days=today.weekday())
            return _overlapping(queryset, first, first + timedelta(days=7))
        if self.value() == "ce_mois":
            first = today.replace(day=1)
            following = (first + timedelta(days=32)).replace(day=1)
            return _overlapping(queryset, first, following)
        return queryset


def _overlapping(queryset, first_day, day_after):
    start = datetime.combine(first_day, time(0, 0), tzinfo=PARIS)
    end = datetime.combine(day_after, time(0, 0), tzinfo=PARIS)
    return queryset.filter(start__lt=end, end__gte=start)


class CharterFilter(admin.SimpleListFilter):
    title = _("charte de bonnes pratiques")
    parameter_name = "charte"

    def lookups(self, request, model_admin):
        return [
            ("oui", _("Respecte les cinq engagements")),
            ("non", _("Ne les respecte pas tous")),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("oui", "non"):
            return queryset.filter(meets_charter=self.value() == "oui")
        return queryset


class ZoneFilter(EmploymentZoneFilter):
    """The zones of the served territory (an event's zone is derived from its commune)."""

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(employment_zone_id=self.value())
        return queryset


TAXONOMIES = ("audiences", "sectors", "projects", "schemes")
EVENT_READONLY = ["employment_zone", "meets_charter", "created_at", "updated_at"]
EVENT_FIELDSETS = [
    (
        _("Description"),
        {"fields": ["title", "slug", "identifier", "type", "description", "organiser", "co_organisers"]},
    ),
    (_("Quand"), {"fields": ["start", "end"]}),
    (
        _("Où"),
        {
            "fields": [
                "attendance_mode",
                "venue",
                "venue_name",
                "address",
                "postcode",
                "commune",
                ("latitude", "longitude"),
                "employment_zone",
                "online_url",
            ],
            "description": _(
                "Choisissez un lieu du réseau : son adresse et sa position sont reprises. Sinon, indiquez "
                "l'adresse et la commune ; laissez latitude et longitude vides pour les calculer."
            ),
        },
    ),
    (_("Pour qui"), {"fields": ["scope", "audiences", "sectors", "jobs", "projects", "schemes"]}),
    (_("Inscription"), {"fields": ["registration_required", "registration_url", "capacity", "free"]}),
    (
        _("Charte de bonnes pratiques"),
        {
            "fields": [
                "charter_free",
                "charter_accessible",
                "charter_branches",
                "charter_companies",
                "charter_demonstrations",
                "meets_charter",
            ]
        },
    ),
    (_("Publication"), {"fields": ["status", "created_at", "updated_at"]}),
]


@admin.register(Event)
class EventAdmin(NetworkImportExportAdmin):
    resource_classes = [EventResource]
    list_display = ["title", "type", "start", "employment_zone", "organiser", "status", "charter"]
    list_filter = [
        "status",
        "type",
        ZoneFilter,
        ("organiser", admin.RelatedOnlyFieldListFilter),
        PeriodFilter,
        CharterFilter,
    ]
    search_fields = ["title", "identifier", "organiser__name", "organiser__acronym"]
    date_hierarchy = "start"
    list_select_related = ["organiser", "employment_zone"]
    autocomplete_fields = ["venue", "commune", "organiser", "co_organisers", "jobs"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = EVENT_READONLY
    fieldsets = EVENT_FIELDSETS
    actions = ["publish", "cancel"]

    @admin.display(description=_("charte"), boolean=True, ordering="meets_charter")
    def charter(self, event):
        return event.meets_charter

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in TAXONOMIES:  # a few terms each: checkboxes, usable without JavaScript
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not obj.venue_id and obj.commune_id and obj.latitude is None and obj.longitude is None:
            obj.latitude, obj.longitude, _approximate = geocode(obj.address, obj.postcode, obj.commune)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # publics, sectors… are in the search index
        event_index_refresh(events=[form.instance])

    @admin.action(description=_("Publier les événements sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        if done := self._change_status(request, queryset, event_publish):
            message = ngettext("%(count)s événement publié.", "%(count)s événements publiés.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Annuler les événements sélectionnés"), permissions=["change"])
    def cancel(self, request, queryset):
        if done := self._change_status(request, queryset, event_cancel):
            message = ngettext("%(count)s événement annulé.", "%(count)s événements annulés.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    def _change_status(self, request, queryset, service) -> int:
        """Apply the service to each event; an event it refuses is reported and left as it was."""
        done = 0
        for event in queryset.select_related("venue", "commune", "organiser"):
            try:
                service(event=event)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("« %(event)s » n'a pas été modifié : %(errors)s")
                    % {"event": event, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done += 1
        return done


@admin.register(PrioritySector)
class PrioritySectorAdmin(admin.ModelAdmin):
    list_display = ["year", "employment_zone", "sector", "rationale"]
    list_display_links = ["year", "employment_zone"]
    list_editable = ["rationale"]
    list_filter = ["year", ZoneFilter, "sector"]
    search_fields = ["employment_zone__name", "employment_zone__code", "sector__label", "rationale"]
    list_select_related = ["employment_zone", "sector"]
    autocomplete_fields = ["employment_zone"]
    ordering = ["-year", "employment_zone__name", "sector__position"]

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("widgets", {"rationale": forms.Textarea(attrs={"rows": 2, "cols": 60})})
        return super().get_changelist_form(request, **kwargs)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Who registered to the professionalisation sessions (written by the professionals themselves)."""

    list_display = ["event", "professional", "status", "registered_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "professional__user__last_name", "professional__member__name"]
    list_select_related = ["event", "professional__user", "professional__member"]
    raw_id_fields = ["event", "professional"]
