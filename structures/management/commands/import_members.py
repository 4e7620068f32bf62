from structures.import_files import ImportCommand
from structures.resources import MemberResource


class Command(ImportCommand):
    help = (
        "Importe les membres du SPRO depuis un fichier .csv ou .xlsx (colonnes : voir docs/imports.md). "
        "Tout ou rien : une seule ligne en erreur et rien n'est enregistré."
    )
    resource_class = MemberResource
    noun = "membres"
