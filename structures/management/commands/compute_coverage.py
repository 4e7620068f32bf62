import time

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from structures.coverage import coverage_compute, served_communes
from structures.selectors.coverage import coverage_figures


def _number(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Calcule, pour chaque commune du territoire servi, la distance au lieu de premier accueil le plus "
        "proche (Cité des métiers, centre associé, point relais) et au lieu d'un opérateur du CEP le plus "
        "proche. Remplace le calcul précédent en une transaction ; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Calcule puis annule : rien n'est enregistré."
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options):
        started = time.perf_counter()
        with (
            transaction.atomic(),
            tqdm(
                total=served_communes().count(),
                desc="Communes",
                unit=" communes",
                disable=verbosity < 1,
                leave=False,
            ) as bar,
        ):
            count = coverage_compute(progress=bar.update)
            territory = coverage_figures().territory
            if dry_run:
                transaction.set_rollback(True)
        elapsed = time.perf_counter() - started
        if territory.population:
            shares = (
                f" : {_number(territory.reception_20)} % de la population à moins de 20 km d'un lieu de "
                f"premier accueil, {_number(territory.cep_20)} % d'un lieu d'opérateur du CEP"
            )
        else:
            shares = ""
        summary = f"Accès de {count} communes calculé en {_number(elapsed)} s{shares}."
        if dry_run:
            self.stdout.write(f"{summary} Simulation : rien n'a été enregistré (--dry-run).")
            return
        self.stdout.write(self.style.SUCCESS(summary))
