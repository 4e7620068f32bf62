"""Checks of uploaded documents: their type is read from their content, never from their name alone."""

import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "ODT")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
ACCEPTED = [PDF, ODT, DOCX, XLSX, PNG, JPEG]
EXTENSIONS = {"pdf": PDF, "odt": ODT, "docx": DOCX, "xlsx": XLSX, "png": PNG, "jpg": JPEG, "jpeg": JPEG}


class UploadError(Exception):
    """A file refused; the message says why, in French."""


def _zip_type(upload) -> FileType | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype")[:100].strip() == ODT.content_type.encode():
                return ODT
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def detected_type(upload) -> FileType | None:
    """The type of a file from its first bytes (and, for office documents, its archive's entries)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    return None


def clean_name(name: str) -> str:
    """A file name safe to show and to send back in Content-Disposition: no path, no control
    characters, at most 150 characters."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable() and ch not in '"<>|:*?'
    )
    return name.strip(" .")[:150] or "document"


def check_upload(upload) -> FileType:
    """The upload's type, when it is accepted: one of ACCEPTED by its content, its name's extension
    matching, at most MAX_BYTES. Else UploadError, in French."""
    accepted = ", ".join(file_type.label for file_type in ACCEPTED)
    if upload.size > MAX_BYTES:
        raise UploadError(_("Fichier trop lourd : 10 Mo au plus."))
    if upload.size == 0:
        raise UploadError(_("Le fichier est vide."))
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    named = EXTENSIONS.get(extension)
    if named is None:
        raise UploadError(_("Type de fichier refusé : sont acceptés %(types)s.") % {"types": accepted})
    found = detected_type(upload)
    if found is None or found != named:
        raise UploadError(
            _("Le contenu du fichier ne correspond pas à son nom (%(extension)s) : sont acceptés %(types)s.")
            % {"extension": extension, "types": accepted}
        )
    return found


def stored_name(instance, filename: str) -> str:
    """A random name, without the original one (kept in the database): nothing guessable on disk."""
    return f"{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"
