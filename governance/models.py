"""The shared document library of the reserved space (and, later, committees and indicators)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from structures.models import Department, Member

from .enums import CommitteeScope, DocumentCategory
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


class Committee(models.Model):
    """The regional steering committee, or the follow-up committee of a département: they meet at least
    once a year, the departmental ones before the regional one (the charter's governance)."""

    name = models.CharField(_("nom"), max_length=200)
    scope = models.CharField(_("portée"), max_length=20, choices=CommitteeScope.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("département"),
        help_text=_("Pour un comité départemental de suivi."),
    )
    members = models.ManyToManyField(
        Member, blank=True, related_name="committees", verbose_name=_("membres représentés")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        ordering = ["scope", "department", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope=CommitteeScope.REGIONAL, department__isnull=True)
                | models.Q(scope=CommitteeScope.DEPARTMENTAL, department__isnull=False),
                name="committee_department_iff_departmental",
            ),
            models.UniqueConstraint(
                fields=["scope"],
                condition=models.Q(scope=CommitteeScope.REGIONAL),
                name="one_regional_committee",
            ),
            models.UniqueConstraint(fields=["department"], name="one_committee_per_department"),
        ]

    def __str__(self):
        return self.name


class CommitteePerson(models.Model):
    """A person sitting on a committee (for the organisation they represent)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("nom"), max_length=150)
    function = models.CharField(_("fonction"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("membre représenté"),
    )
    organisation_name = models.CharField(
        _("autre organisation"),
        max_length=200,
        blank=True,
        help_text=_("Quand elle n'est pas membre du SPRO."),
    )

    class Meta:
        verbose_name = _("membre d'un comité")
        verbose_name_plural = _("membres des comités")
        ordering = ["committee", "name"]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """A meeting of a committee: when, where, its agenda, minutes and decisions."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("comité")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.ForeignKey(
        SharedDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte rendu"),
        help_text=_("Un document de la bibliothèque partagée."),
    )
    decisions = models.TextField(_("décisions"), blank=True)

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-date", "committee"]
        indexes = [models.Index(fields=["committee", "-date"], name="meeting_committee_idx")]

    def __str__(self):
        return f"{self.committee} — {self.date:%d/%m/%Y}"
