import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from spro_portal.synthetic import SyntheticDataError, synthetic_generate


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"« {value} » n'est pas un nombre entier positif ou nul.")
    return int(value)


class Command(BaseCommand):
    help = (
        "Génère des données synthétiques à l'échelle nationale pour mesurer les performances : membres, "
        "lieux répartis sur toutes les communes selon leur population, services, permanences et "
        "événements. Remplace les données synthétiques précédentes (identifiants « synth-… ») en une "
        "transaction, sans toucher aux données réelles ni de démonstration. Même graine, mêmes données. "
        "Les tables concernées restent verrouillées pendant le chargement : à lancer sur une base de test."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sites", type=_count, required=True, help="Nombre de lieux à générer.")
        parser.add_argument("--events", type=_count, required=True, help="Nombre d'événements à générer.")
        parser.add_argument("--seed", type=int, default=0, help="Graine du tirage aléatoire (0 par défaut).")
        parser.add_argument(
            "--batch",
            type=_count,
            default=20_000,
            help="Lignes écrites par envoi COPY (20 000 par défaut) : mémoire utilisée et pas de la barre "
            "de progression.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Génère puis annule tout : rien n'est écrit."
        )

    def handle(self, *args, sites, events, seed, batch, dry_run, **options):
        if batch == 0:
            raise CommandError("--batch doit être supérieur à zéro.")
        try:
            result = synthetic_generate(
                sites=sites, events=events, seed=seed, batch=batch, progress=options["verbosity"] > 0,
                dry_run=dry_run,
            )  # fmt: skip
        except SyntheticDataError as error:
            raise CommandError(f"{error} Rien n'a été modifié.") from None
        except DatabaseError as error:
            raise CommandError(f"Échec de l'écriture, rien n'a été modifié : {error}".strip()) from None
        deleted, counts = result.deleted, result.counts
        self.stdout.write(
            f"Supprimés : {deleted['members']} membres, {deleted['sites']} lieux, "
            f"{deleted['events']} événements synthétiques."
        )
        self.stdout.write(
            f"Générés : {counts['members']} membres, {counts['sites']} lieux, {counts['services']} services, "
            f"{counts['permanences']} permanences, {counts['events']} événements "
            f"({counts['event_audiences']} publics, {counts['event_sectors']} secteurs, "
            f"{counts['event_projects']} projets, {counts['event_schemes']} dispositifs, "
            f"{counts['event_jobs']} métiers, {counts['event_co_organisers']} co-organisateurs)."
        )
        if options["verbosity"] > 1:
            for step, seconds in result.steps.items():
                self.stdout.write(f"  {step} : {seconds:.1f} s")
        if dry_run:
            self.stdout.write("Simulation : rien n'a été écrit (--dry-run).")
            return
        self.stdout.write(self.style.SUCCESS(f"Données synthétiques chargées en {result.seconds:.1f} s."))
