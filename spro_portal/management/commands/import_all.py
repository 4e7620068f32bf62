from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

from spro_portal.backup import BackupError, import_all


class Command(BaseCommand):
    help = (
        "Importe un fichier écrit par « export_all » dans une base neuve (après migrate et "
        "load_reference_data), en une transaction : tout ou rien. Refuse une base qui contient déjà des "
        "données métier."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier JSON Lines écrit par export_all.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                result = import_all(stream)
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error}.") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        except (IntegrityError, DeserializationError) as error:
            raise CommandError(f"Fichier incohérent, rien n'a été importé : {error}") from error
        total = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Import terminé : {total} objets ; accès des communes recalculé ({result.coverage_rows})."
            )
        )
