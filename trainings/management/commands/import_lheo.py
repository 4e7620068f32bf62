import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from tqdm.utils import CallbackIOWrapper

from trainings.services import LheoImportError, lheo_import


class Command(BaseCommand):
    help = (
        "Importe un flux LHÉO 2.2 ou 2.3 d'offres de formation (Carif-Oref) : crée ou met à jour les offres "
        "par numéro, en une seule transaction (tout ou rien)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Le fichier XML du flux LHÉO.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifie le flux et montre ce qui changerait sans rien écrire.",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Flux complet : supprime les offres absentes du flux (hors offres de démonstration).",
        )

    def handle(self, *args, file: Path, dry_run: bool, full: bool, verbosity: int, **options):
        started = time.perf_counter()
        try:
            size = file.stat().st_size
            stream = file.open("rb")
        except OSError as error:
            raise CommandError(f"Impossible de lire « {file} » : {error.strerror}.") from None
        with (
            stream,
            tqdm(
                total=size,
                desc=file.name,
                unit="o",
                unit_scale=True,
                disable=verbosity < 1,
                leave=False,
                file=self.stderr._out,
            ) as bar,
        ):
            source = CallbackIOWrapper(bar.update, stream, "read")
            try:
                result = lheo_import(source=source, source_name=file.name, full=full, dry_run=dry_run)
            except LheoImportError as error:
                for line in error.errors:
                    self.stderr.write(f"  {line}")
                raise CommandError(f"{error} Rien n'a été modifié.") from None

        summary = (
            f"{result.offers} offres lues (LHÉO {result.version}) : {result.created} créées, "
            f"{result.updated} mises à jour, {result.unchanged} inchangées"
            + (f", {result.removed} supprimées (absentes du flux complet)" if full else "")
            + f" ; {result.actions} actions, {result.sessions} sessions."
        )
        if dry_run:
            self.stdout.write(f"Simulation — {summary} Rien n'a été écrit (--dry-run).")
            return
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Flux importé en {elapsed:.1f} s — {summary}"))
