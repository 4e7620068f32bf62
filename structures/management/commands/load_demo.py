import time

from django.core.management.base import BaseCommand, CommandError

from structures.demo import DemoDataError, demo_load


class Command(BaseCommand):
    help = (
        "Charge (ou remet à jour) les données de démonstration : membres de la charte, réseau de la Cité "
        "des métiers, lieux des membres, services et permanences. Coordonnées fictives ; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui changerait sans rien écrire."
        )

    def handle(self, *args, dry_run: bool, **options):
        started = time.perf_counter()
        try:
            result = demo_load(dry_run=dry_run)
        except DemoDataError as error:
            raise CommandError(f"{error} Rien n'a été modifié.") from None
        totals = result.totals
        self.stdout.write(
            f"{totals['members']} membres, {totals['sites']} lieux, {totals['services']} services, "
            f"{totals['permanences']} permanences de démonstration."
        )
        changes = (
            f"créations : {result.created}, modifications : {result.updated}, suppressions : {result.deleted}"
            if result.changed
            else "aucun changement"
        )
        if dry_run:
            self.stdout.write(f"Simulation ({changes}) : rien n'a été écrit (--dry-run).")
            return
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Données de démonstration à jour ({changes}) en {elapsed:.1f} s.")
        )
