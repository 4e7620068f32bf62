from django.contrib import admin

from .models import DocumentVersion, SharedDocument


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
