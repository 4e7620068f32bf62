"""Export and import of the business data of every application (`manage.py export_all` / `import_all`).

The file is JSON Lines (one Django-serialized object a line, Django's `jsonl` format), written and read
in a stream. What it holds, in dependency order: staff groups, user accounts (with their password
hashes, so that people can log in after a restore: protect the file like a database dump), then the
business rows of `structures`, `events`, `labelling`, `governance` and `trainings` (the training offers
last imported, so that a restore needs no flow).

Left out: the reference data (régions, départements, employment zones, communes, ROME jobs: loaded by
`load_reference_data`, which must have run on the target database), derived data recomputed after an
import (`CommuneCoverage`) or kept as a cache (`events.CalendarEntry`, an UNLOGGED table), sessions,
django-axes' login logs, content types and permissions (created by `migrate`), and the uploaded files
(`PRIVATE_FILES_ROOT`: copy the directory, see the README).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction

# In dependency order (targets of foreign keys first; PostgreSQL's foreign keys are deferred to the
# end of the transaction anyway, but natural keys are looked up as the lines are read).
EXPORTED_MODELS = [
    "auth.Group",
    "auth.User",
    "structures.Audience",
    "structures.Scheme",
    "structures.Project",
    "structures.Sector",
    "structures.Member",
    "structures.Site",
    "structures.ServiceOffer",
    "structures.Permanence",
    "structures.OrientationRule",
    "structures.Professional",
    "structures.Invitation",
    "structures.SiteChange",
    "structures.Question",
    "structures.QuestionEvent",
    "events.Event",
    "events.PrioritySector",
    "events.Registration",
    "labelling.Criterion",
    "labelling.Label",
    "labelling.LabellingApplication",
    "labelling.ProposedSite",
    "labelling.CriterionAnswer",
    "labelling.Attachment",
    "labelling.StatusChange",
    "governance.SharedDocument",
    "governance.DocumentVersion",
    "governance.Committee",
    "governance.CommitteePerson",
    "governance.Meeting",
    "trainings.TrainingOffer",
    "trainings.TrainingAction",
    "trainings.TrainingSession",
]

# Rows that `migrate` creates (seeded taxonomies, criteria, orientation rules, staff groups): an import
# replaces them with the file's. Every other exported table must be empty before an import.
SEEDED_MODELS = {
    "auth.Group",
    "structures.Audience",
    "structures.Scheme",
    "structures.Project",
    "structures.Sector",
    "structures.OrientationRule",
    "labelling.Criterion",
}

# Reference data that an import needs (load_reference_data) and does not carry.
REFERENCE_MODELS = ["structures.Region", "structures.Department", "structures.Commune", "structures.Job"]

# Groups are matched by name (their ids differ from one database to another); every other row keeps its id.
NATURAL_PRIMARY_KEYS = {"auth.Group"}


class BackupError(Exception):
    """An import refused, with a French message; nothing was written."""


@dataclass
class ImportResult:
    counts: dict[str, int]
    coverage_rows: int


def exported_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in EXPORTED_MODELS]


def model_counts() -> dict[str, int]:
    """Rows per exported model in the database (the round-trip test compares them)."""
    return {model._meta.label: model._default_manager.count() for model in exported_models()}


def export_all(stream) -> dict[str, int]:
    """Write every exported row to the text `stream`, model by model in dependency order, in id order,
    in batches (the whole table is never in memory). Returns the rows written per model."""
    counts = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one consistent snapshot of every table
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in exported_models():
            label = model._meta.label
            queryset = model._default_manager.order_by("pk")
            counter = _Counted(queryset.iterator(chunk_size=2000))
            serializers.serialize(
                "jsonl",
                counter,
                stream=stream,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=label in NATURAL_PRIMARY_KEYS,
            )
            counts[label] = counter.count
    return counts


class _Counted:
    def __init__(self, iterable: Iterable):
        self.iterable, self.count = iterable, 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            yield item


def check_target() -> None:
    """Refuse an import into a database without reference data or with business rows."""
    for label in REFERENCE_MODELS:
        model = apps.get_model(label)
        if not model._default_manager.exists():
            raise BackupError(
                f"Données de référence absentes ({model._meta.verbose_name_plural}) : lancez d'abord "
                "« manage.py migrate » puis « manage.py load_reference_data »."
            )
    filled = [
        str(model._meta.verbose_name_plural)
        for model in exported_models()
        if model._meta.label not in SEEDED_MODELS and model._default_manager.exists()
    ]
    if filled:
        raise BackupError(
            f"La base n'est pas vide ({', '.join(filled)}) : l'import se fait dans une base neuve "
            "(migrate, load_reference_data), rien n'a été importé."
        )


def import_all(stream) -> ImportResult:
    """Load a file written by `export_all` into an empty database, in one transaction: the seeded rows
    (taxonomies, criteria, orientation rules, groups) are replaced by the file's, every other row is
    inserted with its id; then the id sequences are moved past the imported ids and the derived data
    (communes' coverage, cached lists) recomputed. Raises BackupError, with nothing written, when the
    database is not empty or lacks the reference data."""
    from structures.catalog import catalog_invalidate
    from structures.coverage import coverage_compute

    counts: dict[str, int] = {}
    seen: dict[str, set] = {label: set() for label in SEEDED_MODELS}
    with transaction.atomic():
        check_target()
        for deserialized in serializers.deserialize("jsonl", stream):
            label = deserialized.object._meta.label
            if label not in EXPORTED_MODELS:
                raise BackupError(f"Objet inattendu dans le fichier : {label}.")
            deserialized.save()
            counts[label] = counts.get(label, 0) + 1
            if label in seen:
                seen[label].add(deserialized.object.pk)
        # Seeded rows that the exported database no longer had.
        for label, pks in seen.items():
            model = apps.get_model(label)
            try:
                model._default_manager.exclude(pk__in=pks).delete()
            except models.ProtectedError as error:
                raise BackupError(
                    f"Impossible de retirer des {model._meta.verbose_name_plural} absents du fichier : "
                    f"{error.args[0]}"
                ) from error
        reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a broken reference fails here
        coverage_rows = coverage_compute()
    catalog_invalidate()
    return ImportResult(
        counts={label: counts.get(label, 0) for label in EXPORTED_MODELS}, coverage_rows=coverage_rows
    )


def reset_sequences() -> None:
    """Move every exported table's id sequence past its largest id (new rows get fresh ids)."""
    model_list = [*exported_models(), Group]
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
