"""Reading the spreadsheets that Region staff import, and reporting on an import.

CSV (UTF-8 with or without BOM, or Windows-1252; `;`, `,` or tab) and XLSX are read the same way by the
admin (as django-import-export formats) and by the import commands (`import_file`); every problem with
the file itself is an `ImportFileError` carrying French messages.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from import_export.formats import base_formats

# Control characters never found in a spreadsheet's text: their presence means a binary or UTF-16 file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DELIMITERS = (";", ",", "\t")
EXPORT_DELIMITER = ";"  # what French spreadsheet software expects


class ImportFileError(Exception):
    """The file cannot be read as a table; `messages` says why, in French."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


def decode(content: bytes) -> str:
    """The text of a CSV file saved as UTF-8 (with or without BOM) or Windows-1252."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            line = content[: error.start].count(b"\n") + 1
            raise ImportFileError(
                _(
                    "Le fichier contient des caractères illisibles (ligne %(line)s) : il n'est ni en UTF-8 "
                    "ni en Windows-1252. Enregistrez-le au format « CSV UTF-8 » ou "
                    "« CSV (séparateur : point-virgule) »."
                )
                % {"line": line}
            ) from None
    if match := _CONTROL.search(text):
        line = text[: match.start()].count("\n") + 1
        raise ImportFileError(
            _(
                "Le fichier contient des caractères illisibles (ligne %(line)s) : ce n'est pas un fichier "
                "CSV en UTF-8 ou Windows-1252. Enregistrez-le au format « CSV UTF-8 »."
            )
            % {"line": line}
        )
    return text


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def csv_dataset(content: bytes) -> tablib.Dataset:
    """A dataset from CSV bytes: encoding and delimiter (`;`, `,` or tab) are detected."""
    text = decode(content)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    return _dataset(rows)


def xlsx_dataset(content: bytes) -> tablib.Dataset:
    """A dataset from the first sheet of an XLSX workbook (values of formulas, not formulas)."""
    try:
        import openpyxl  # only this format needs it
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:
        raise ImportFileError(_("Fichiers .xlsx illisibles ici (paquet openpyxl absent).")) from None

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
        workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(
            _("Le fichier n'est pas un classeur .xlsx lisible : ouvrez-le et enregistrez-le à nouveau.")
        ) from None
    return _dataset(rows)


def _dataset(rows: list[list]) -> tablib.Dataset:
    """Rows to a dataset: line 1 holds the headers; short lines are padded; blank lines are kept (they
    are dropped later, so that line numbers in messages match the spreadsheet's)."""
    rows = [_trim(row) for row in rows]
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        raise ImportFileError(_("Le fichier est vide ou sa première ligne (les en-têtes de colonnes) l'est."))
    headers = ["" if cell is None else str(cell) for cell in rows[0]]
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    too_long = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width:
            too_long.append(number)
            row = row[:width]
        dataset.append(row + [""] * (width - len(row)))
    if too_long:
        raise ImportFileError(
            [
                _("ligne %(line)s : plus de valeurs que de colonnes nommées sur la ligne 1.") % {"line": line}
                for line in too_long[:20]
            ]
        )
    return dataset


def _trim(row: list) -> list:
    """Drop the empty cells at the end of a line (spreadsheets add `;;;`)."""
    row = list(row)
    while row and row[-1] in (None, ""):
        row.pop()
    return row


def read_dataset(content: bytes, filename: str) -> tablib.Dataset:
    """A dataset from a file's bytes; .csv and .xlsx are read, by extension."""
    extension = Path(filename).suffix.lower()
    if extension == ".csv":
        return csv_dataset(content)
    if extension == ".xlsx":
        return xlsx_dataset(content)
    raise ImportFileError(
        _("Format de fichier « %(extension)s » non pris en charge : utilisez un fichier .csv ou .xlsx.")
        % {"extension": extension or filename}
    )


class CSVFormat(base_formats.CSV):
    """The admin's CSV: read as bytes so that the encoding and delimiter are detected here; written
    with a BOM and `;` so that French spreadsheet software opens it directly."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return csv_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        return ("\ufeff" + dataset.export("csv", delimiter=EXPORT_DELIMITER)).encode("utf-8")


class XLSXFormat(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return xlsx_dataset(in_stream)


def admin_formats() -> list:
    return [format_ for format_ in (CSVFormat, XLSXFormat) if format_.is_available()]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def result_errors(result) -> list[str]:
    """French messages, file errors first, then by line: "ligne 3, colonne commune : …"."""
    messages = []
    for error in result.base_errors:
        messages.extend(getattr(error.error, "messages", None) or [str(error.error)])
    by_line = []
    for invalid in result.invalid_rows:
        for column, column_messages in invalid.error_dict.items():
            by_line.extend((invalid.number, _at(invalid.number, column, text)) for text in column_messages)
    for error_row in result.error_rows:
        for error in error_row.errors:
            text = _("erreur inattendue (%(error)s)") % {"error": error.error}
            by_line.append((error_row.number, _at(error_row.number, NON_FIELD_ERRORS, text)))
    by_line.sort(key=lambda pair: pair[0])
    return messages + [message for _line, message in by_line]


def _at(line: int, column: str, message: str) -> str:
    if column == NON_FIELD_ERRORS:
        return _("ligne %(line)s : %(message)s") % {"line": line, "message": message}
    return _("ligne %(line)s, colonne %(column)s : %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


def import_file(resource_class, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import a .csv or .xlsx file whole, or nothing of it (the report then lists the errors)."""
    try:
        dataset = read_dataset(Path(path).read_bytes(), str(path))
    except ImportFileError as error:
        return ImportReport(errors=error.messages)
    result = resource_class().import_data(dataset, dry_run=dry_run)
    errors = result_errors(result)
    if errors:
        return ImportReport(errors=errors)
    return ImportReport(
        created=result.totals["new"], updated=result.totals["update"], unchanged=result.totals["skip"]
    )


class ImportCommand(BaseCommand):
    """`manage.py import_<things> FILE [--dry-run]`: the file is imported whole, or nothing of it."""

    resource_class = None
    noun = ""  # "lieux", "membres"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier .csv (UTF-8 ou Windows-1252) ou .xlsx.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie le fichier sans rien écrire.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": file})
        report = import_file(self.resource_class, file, dry_run=dry_run)
        if report.errors:
            raise CommandError(
                _("Fichier refusé, rien n'a été enregistré (%(count)s erreurs) :\n%(errors)s")
                % {"count": len(report.errors), "errors": "\n".join(report.errors)}
            )
        summary = _("%(noun)s : %(created)s créés, %(updated)s mis à jour, %(unchanged)s inchangés.") % {
            "noun": self.noun.capitalize(),
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if dry_run:
            self.stdout.write(
                _("Fichier valide (--dry-run, rien n'a été écrit). %(summary)s") % {"summary": summary}
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary))
