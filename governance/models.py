"""The shared document library of the reserved space (and, later, committees and indicators)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from structures.models import Member

from .enums import DocumentCategory
from .uploads import stored_name


def private_storage() -> FileSystemStorage:
    """Files outside any public path (settings.PRIVATE_FILES_ROOT): served only by permission-checked
    views, as attachments. A callable, so that migrations name it rather than a machine's path."""
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT, base_url=None)


class SharedDocument(models.Model):
    """A document shared with every professional of the network, in successive versions."""

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("catégorie"), max_length=20, choices=DocumentCategory.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("membre"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("document partagé")
        verbose_name_plural = _("documents partagés")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    """One file of a document: its number, who uploaded it and when; the file under a random name."""

    document = models.ForeignKey(SharedDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=150)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version d'un document")
        verbose_name_plural = _("versions des documents")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self):
        return f"{self.document} — v{self.number}"
