"""Writes of the shared documents."""

from django.db import transaction
from django.db.models import Max

from .models import DocumentVersion, SharedDocument
from .uploads import clean_name


def _version(document: SharedDocument, upload, *, note: str, user) -> DocumentVersion:
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=clean_name(upload.name),
        content_type=upload.checked_type.content_type,
        size=upload.size,
        note=note,
        uploaded_by=user,
    )
    version.file.save(upload.name, upload, save=False)  # under a random name (uploads.stored_name)
    version.save()
    return version


@transaction.atomic
def document_create(*, title: str, category: str, description: str, upload, user, member) -> SharedDocument:
    """Share a document (its first version). `upload` has passed forms.UploadField's checks."""
    document = SharedDocument.objects.create(
        title=title.strip(),
        category=category,
        description=description.strip(),
        member=member,
        created_by=user,
    )
    _version(document, upload, note="", user=user)
    return document


@transaction.atomic
def document_add_version(*, document: SharedDocument, upload, note: str, user) -> DocumentVersion:
    """A new version of a document (the earlier ones stay downloadable)."""
    document = SharedDocument.objects.select_for_update().get(pk=document.pk)
    version = _version(document, upload, note=note.strip(), user=user)
    document.save(update_fields=["updated_at"])
    return version
