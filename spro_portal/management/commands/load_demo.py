import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.demo import demo_load as events_demo_load
from governance.demo import demo_load as governance_demo_load
from labelling.demo import DEMO_APPLICANT, DEMO_APPLICANT_DESCRIPTION
from labelling.demo import demo_load as labelling_demo_load
from structures.coverage import coverage_refresh_later
from structures.demo import DemoDataError, demo_load
from structures.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_load
from trainings.demo import demo_load as trainings_demo_load
from trainings.services import LheoImportError


class Command(BaseCommand):
    help = (
        "Charge (ou remet à jour) les données de démonstration : membres de la charte, réseau de la Cité "
        "des métiers, lieux des membres, services et permanences, comptes de l'espace pro, événements et "
        "programme régional, une candidature à la labellisation, les comités du SPRO et leurs réunions, des "
        "offres de formation (importées comme un flux LHÉO). "
        "Coordonnées fictives ; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui changerait sans rien écrire."
        )

    def handle(self, *args, dry_run: bool, **options):
        started = time.perf_counter()
        try:
            # One transaction: the agenda needs the network, and a dry run rolls both back.
            with transaction.atomic():
                network = demo_load()
                accounts = Counter()
                demo_accounts_load(accounts)  # needs the demo members
                governance_demo_load(accounts)  # committees: needs the demo members
                agenda = events_demo_load()
                labelling_demo_load(DEMO_PASSWORD, accounts)
                trainings = trainings_demo_load()  # through the LHÉO import, as a Carif-Oref flow
                coverage_refresh_later()  # equal access to the places, computed once this commits
                if dry_run:
                    transaction.set_rollback(True)
        except (DemoDataError, LheoImportError) as error:
            raise CommandError(f"{error} Rien n'a été modifié.") from None
        totals = network.totals
        self.stdout.write(
            f"{totals['members']} membres, {totals['sites']} lieux, {totals['services']} services, "
            f"{totals['permanences']} permanences de démonstration."
        )
        totals = agenda.totals
        self.stdout.write(
            f"{totals['events']} événements (dont {totals['professional_events']} réservés aux "
            f"professionnels), {totals['priority_sectors']} secteurs prioritaires de démonstration."
        )
        self.stdout.write(
            f"{trainings.offers} offres de formation de démonstration ({trainings.sessions} sessions)."
        )
        for name, count in zip(("created", "updated", "deleted"), trainings.counts, strict=True):
            if count:  # the demo's summary below: offers created, updated, removed
                accounts[name] += count
        created, updated, deleted = (
            getattr(network, name) + getattr(agenda, name) + accounts[name]
            for name in ("created", "updated", "deleted")
        )
        changes = (
            f"créations : {created}, modifications : {updated}, suppressions : {deleted}"
            if network.changed or agenda.changed or accounts
            else "aucun changement"
        )
        self.stdout.write(f"Comptes de démonstration de l'espace pro (mot de passe {DEMO_PASSWORD}) :")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email} — {account.description}")
        self.stdout.write(f"  {DEMO_APPLICANT} — {DEMO_APPLICANT_DESCRIPTION}")
        if dry_run:
            self.stdout.write(f"Simulation ({changes}) : rien n'a été écrit (--dry-run).")
            return
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Données de démonstration à jour ({changes}) en {elapsed:.1f} s.")
        )
