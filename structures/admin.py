from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Audience, Commune, Department, EmploymentZone, Job, Project, Region, Scheme, Sector


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


for model in (Audience, Scheme, Project, Sector):
    admin.site.register(model, TaxonomyAdmin)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "sector"]
    list_filter = ["sector"]
    search_fields = ["code", "label"]
    list_select_related = ["sector"]
