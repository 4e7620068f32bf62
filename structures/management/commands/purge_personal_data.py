from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from labelling.retention import (
    applicant_accounts_past_retention,
    application_personal_data_erase,
    applications_past_retention,
    draft_delete,
    drafts_past_retention,
)
from structures.retention import (
    accounts_past_retention,
    invitations_past_retention,
    login_records_past_retention,
)
from structures.selectors.questions import questions_past_retention
from structures.services import question_erase


class Command(BaseCommand):
    help = (
        "Efface les données personnelles dont la durée de conservation est passée : celles des questions "
        "en ligne closes (ou répondues et sans suite) depuis plus de PORTAL_QUESTION_RETENTION_DAYS jours "
        "(nom, e-mail, commune, question, réponses et notes ; restent le lieu, les membres, les dates et "
        "les étapes), les invitations acceptées ou expirées depuis plus de 30 jours, les échecs de "
        "connexion de plus de 30 jours, le journal des connexions de plus de 6 mois, les sessions "
        "expirées, les comptes de professionnels désactivés depuis plus d'un an (avec leur profil et leurs "
        "inscriptions) et, deux ans après la fin du label (ou le refus, le retrait), la personne à contacter "
        "et les documents des candidatures à la labellisation, les brouillons abandonnés et les comptes des "
        "structures candidates inactifs. Sans effet si relancée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compter ce qui serait effacé sans rien effacer."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        days = settings.PORTAL_QUESTION_RETENTION_DAYS
        questions = questions_past_retention(days=days, now=now).order_by("pk")
        invitations = invitations_past_retention(now=now)
        logins = login_records_past_retention(now=now)
        sessions = Session.objects.filter(expire_date__lt=now)
        accounts = accounts_past_retention(now=now)
        applications = applications_past_retention(now=now).order_by("pk")
        drafts = drafts_past_retention(now=now).order_by("pk")
        applicants = applicant_accounts_past_retention(now=now)
        if dry_run:
            count = questions.count()
            self.stdout.write(
                f"Simulation : {count} question(s) à effacer (closes ou répondues depuis plus de {days} "
                "jours) ; rien n'a été modifié."
            )
            self.stdout.write(
                f"Simulation : {invitations.count()} invitation(s), "
                f"{sum(records.count() for records in logins)} trace(s) de connexion, "
                f"{accounts.count()} compte(s) désactivé(s) depuis plus d'un an à effacer."
            )
            self.stdout.write(
                f"Simulation : {applications.count()} candidature(s) à la labellisation dont effacer le "
                f"contact et les documents, {drafts.count()} brouillon(s) et {applicants.count()} compte(s) "
                "de structure candidate à supprimer."
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
        with transaction.atomic():
            invitation_count, _ = invitations.delete()
            login_count = sum(records.delete()[1].get(records.model._meta.label, 0) for records in logins)
            account_count = accounts.delete()[1].get(accounts.model._meta.label, 0)
        erased_applications = sum(
            application_personal_data_erase(application) for application in applications.only("pk")
        )
        abandoned = list(drafts)
        for draft in abandoned:
            draft_delete(draft)
        with transaction.atomic():  # after the drafts: an account's applications are then all past
            applicant_count = applicants.delete()[1].get(applicants.model._meta.label, 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Labellisation : {erased_applications} candidature(s) sans contact ni documents deux ans "
                f"après la fin du label, {len(abandoned)} brouillon(s) abandonné(s) et {applicant_count} "
                "compte(s) de structure candidate inactif(s) supprimés."
            )
        )
        if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
            session_count, _ = sessions.delete()
        else:  # other engines expire their sessions themselves, or clear them here
            session_count = 0
            import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        self.stdout.write(
            self.style.SUCCESS(
                f"Effacées aussi : {invitation_count} invitation(s) acceptées ou expirées depuis plus de "
                f"30 jours, {login_count} trace(s) de connexion, {session_count} session(s) expirée(s), "
                f"{account_count} compte(s) désactivé(s) depuis plus d'un an."
            )
        )
