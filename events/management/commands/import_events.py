from events.resources import EventResource
from structures.import_files import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe les événements de l'agenda depuis un fichier .csv ou .xlsx (colonnes : voir "
        "docs/events_import.md). Tout ou rien : une seule ligne en erreur et rien n'est enregistré ; "
        "l'index de recherche des événements importés est mis à jour."
    )
    resource_class = EventResource
    noun = "événements"
