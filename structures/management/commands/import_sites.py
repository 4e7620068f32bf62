from structures.import_files import ImportCommand
from structures.resources import SiteResource


class Command(ImportCommand):
    help = (
        "Importe les lieux du réseau depuis un fichier .csv ou .xlsx (colonnes : voir docs/imports.md). "
        "Tout ou rien : une seule ligne en erreur et rien n'est enregistré."
    )
    resource_class = SiteResource
    noun = "lieux"
