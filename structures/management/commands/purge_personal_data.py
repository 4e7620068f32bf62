from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from structures.selectors.questions import questions_past_retention
from structures.services import question_erase


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des questions en ligne closes (ou répondues et sans suite) "
        "depuis plus de PORTAL_QUESTION_RETENTION_DAYS jours : nom, e-mail, commune, question, réponses "
        "et notes. Restent le lieu, les membres, les dates et les étapes. Sans effet si relancée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compter les questions concernées sans rien effacer."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.PORTAL_QUESTION_RETENTION_DAYS
        questions = questions_past_retention(days=days, now=timezone.now()).order_by("pk")
        if dry_run:
            count = questions.count()
            self.stdout.write(
                f"Simulation : {count} question(s) à effacer (closes ou répondues depuis plus de {days} "
                "jours) ; rien n'a été modifié."
            )
            return
        erased = 0
        for question in questions.only("pk"):  # each erased in its own transaction, locked
            erased += question_erase(question=question)
        self.stdout.write(
            self.style.SUCCESS(
                f"Données personnelles effacées : {erased} question(s) closes ou répondues depuis plus de "
                f"{days} jours."
            )
        )
