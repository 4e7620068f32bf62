from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from structures.catalog import catalog_invalidate
from structures.models import Department
from structures.reference_data import (
    DEFAULT_DIR,
    ReferenceDataError,
    read_reference_data,
    reference_data_load,
)


class Command(BaseCommand):
    help = (
        "Charge (ou met à jour) les régions, départements, zones d'emploi, communes et métiers ROME "
        "depuis les fichiers CSV de référence, en une seule transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR, help="Dossier des fichiers CSV.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie les fichiers sans rien écrire.")

    def handle(self, *args, data_dir: Path, dry_run: bool, verbosity: int, **options):
        self.verbosity = verbosity
        try:
            data = read_reference_data(data_dir)
        except ReferenceDataError as exc:
            raise CommandError(f"{exc} Rien n'a été modifié.") from None
        if dry_run:
            self.stdout.write(
                f"Fichiers valides : {len(data.communes)} communes. Rien n'a été écrit (--dry-run)."
            )
            self._report_relocations(data.relocated)
            return

        with tqdm(
            total=len(data.communes), desc="Communes", unit=" communes", disable=verbosity < 1, leave=False
        ) as bar:
            try:
                counts = reference_data_load(data=data, progress=bar.update)
            except ReferenceDataError as exc:
                raise CommandError(f"{exc} Rien n'a été modifié.") from None

        catalog_invalidate()
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Données de référence à jour : {summary}."))
        self._report_relocations(data.relocated)
        self._check_territory()

    def _report_relocations(self, relocated):
        if not relocated:
            return
        message = (
            f"{len(relocated)} commune(s) dont les coordonnées étaient loin de leurs voisines, placées au "
            "point médian des communes de leur code postal ou de leur département"
        )
        if self.verbosity < 2:
            self.stdout.write(f"{message} (--verbosity 2 pour la liste).")
            return
        self.stdout.write(f"{message} :")
        for move in relocated:
            self.stdout.write(
                f"  {move.commune.name} ({move.commune.code}) : {move.was[0]}, {move.was[1]} → "
                f"{move.commune.latitude}, {move.commune.longitude} ({move.distance_km:.0f} km, {move.basis})"
            )

    def _check_territory(self):
        served = {d.code: d for d in Department.objects.filter(code__in=settings.PORTAL_DEPARTMENTS)}
        for code in settings.PORTAL_DEPARTMENTS:
            department = served.get(code)
            if department is None:
                self.stderr.write(f"PORTAL_DEPARTMENTS : le département « {code} » n'existe pas.")
            elif department.region_id != settings.PORTAL_REGION:
                self.stderr.write(
                    f"PORTAL_DEPARTMENTS : {department} n'appartient pas à la région PORTAL_REGION "
                    f"({settings.PORTAL_REGION})."
                )
