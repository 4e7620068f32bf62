from django.contrib import admin

from .models import Criterion, Label


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["title", "code", "description"]
    prepopulated_fields = {"code": ["title"]}


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["member", "valid_from", "valid_until", "note"]
    search_fields = ["member__name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    date_hierarchy = "valid_until"
