"""The shared document library of the reserved space: search, share, new versions, downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from structures.access import pro_view

from ..forms import DocumentForm, DocumentSearchForm, VersionForm
from ..models import DocumentVersion, SharedDocument
from ..services import document_add_version, document_create

LIST_LIMIT = 100


def can_change(request, document: SharedDocument) -> bool:
    """Region staff, and the professionals of the member that shared the document."""
    if request.user.is_staff:
        return True
    professional = request.professional
    return professional is not None and document.member_id == professional.member_id


@pro_view
@require_http_methods(["GET", "POST"])
def document_list(request):
    """Search the documents; share one (a POST of the form below the list)."""
    search = DocumentSearchForm(request.GET)
    documents = SharedDocument.objects.select_related("member", "created_by").annotate(
        count=Count("versions")
    )
    if search.is_valid():
        for word in search.cleaned_data["q"].split():
            documents = documents.filter(Q(title__icontains=word) | Q(description__icontains=word))
        if search.cleaned_data["categorie"]:
            documents = documents.filter(category=search.cleaned_data["categorie"])
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = request.professional.member if request.professional is not None else None
        document = document_create(
            title=data["title"],
            category=data["category"],
            description=data["description"],
            upload=data["file"],
            user=request.user,
            member=member,
        )
        messages.success(request, _("Document partagé avec le réseau."))
        return redirect("pro:document_detail", pk=document.pk)
    latest = Prefetch(
        "versions", queryset=DocumentVersion.objects.order_by("-number"), to_attr="latest_versions"
    )
    rows = list(documents.prefetch_related(latest).order_by("-updated_at", "-pk")[:LIST_LIMIT])
    return render(request, "pro/document_list.html", {"search": search, "documents": rows, "form": form})


@pro_view
@require_http_methods(["GET", "POST"])
def document_detail(request, pk: int):
    document = get_object_or_404(SharedDocument.objects.select_related("member", "created_by"), pk=pk)
    allowed = can_change(request, document)
    form = VersionForm(request.POST or None, request.FILES or None) if allowed else None
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            version = document_add_version(
                document=document,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
            messages.success(request, _("Version %(number)s déposée.") % {"number": version.number})
            return redirect("pro:document_detail", pk=document.pk)
    versions = document.versions.select_related("uploaded_by").order_by("-number")
    return render(
        request, "pro/document_detail.html", {"document": document, "versions": versions, "form": form}
    )


@pro_view
@require_safe
def document_download(request, pk: int, number: int):
    """A version's file, to every professional and Region staff, always as an attachment."""
    version = get_object_or_404(DocumentVersion, document_id=pk, number=number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
