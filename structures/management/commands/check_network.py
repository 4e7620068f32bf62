from django.core.management.base import BaseCommand

from structures.selectors import network_violations


class Command(BaseCommand):
    help = (
        "Vérifie les règles du réseau de la charte (un site central, un ou deux centres associés par "
        "département, rattachements) ; code de sortie 1 si une règle n'est pas respectée."
    )

    def handle(self, *args, **options):
        violations = network_violations()
        for violation in violations:
            self.stdout.write(violation)
        if violations:
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Réseau conforme à la charte."))
