from datetime import date

from django.core.management.base import BaseCommand, CommandError

from labelling.services import labels_expiring


class Command(BaseCommand):
    help = (
        "Labels SPRO en fin de validité : rappel aux structures 90 puis 30 jours avant la fin, puis, à "
        "l'échéance, dépublication des lieux apportés par le label. À lancer chaque jour ; sans effet la "
        "deuxième fois le même jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche ce qui serait fait, sans rien envoyer."
        )
        parser.add_argument(
            "--date", dest="day", help="Jour de référence AAAA-MM-JJ (aujourd'hui par défaut)."
        )

    def handle(self, *args, dry_run=False, day=None, **options):
        today = None
        if day:
            try:
                today = date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--date « {day} » invalide : attendu AAAA-MM-JJ.") from None
        report = labels_expiring(today=today, dry_run=dry_run)
        verb = "serait envoyé" if dry_run else "envoyé"
        for label, days in report.reminders:
            self.stdout.write(
                f"Rappel à {days} jours {verb} : {label.member} (fin le {label.valid_until:%d/%m/%Y})."
            )
        verb = "seraient dépubliés" if dry_run else "dépubliés"
        for label in report.expired:
            names = (
                ", ".join(site.name for site in report.unpublished if site.member_id == label.member_id)
                or "aucun"
            )
            self.stdout.write(
                f"Label échu : {label.member} (fin le {label.valid_until:%d/%m/%Y}) ; lieux {verb} : {names}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.reminders)} rappel(s), {len(report.expired)} label(s) échu(s), "
                f"{len(report.unpublished)} lieu(x) dépublié(s)" + (" (simulation)." if dry_run else ".")
            )
        )
