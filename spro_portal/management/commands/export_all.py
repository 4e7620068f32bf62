import sys

from django.core.management.base import BaseCommand

from spro_portal.backup import export_all


class Command(BaseCommand):
    help = (
        "Exporte les données métier de toutes les applications (comptes avec leurs mots de passe chiffrés, "
        "membres, lieux, événements, labellisation, gouvernance) en JSON Lines, pour « import_all ». "
        "Sans les données de référence, les sessions, les journaux de connexion ni les fichiers déposés."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Fichier à écrire (par défaut : la sortie standard).")

    def handle(self, *args, output=None, **options):
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                counts = export_all(stream)
        else:
            counts = export_all(sys.stdout)  # raw: Django's OutputWrapper would add line ends
        total = sum(counts.values())
        # The summary goes to stderr when the data goes to stdout.
        report = sys.stderr if not output else self.stdout
        report.write(f"Export terminé : {total} objets ({len(counts)} tables).\n")
