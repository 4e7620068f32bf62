"""What the automated accessibility audit covers: shared by the browser tests (tests/e2e), which run it,
and the accessibility statement, which reports it. Add every new key page here."""

from datetime import date

from django.utils.translation import gettext_lazy as _

AUDIT_DATE = date(2026, 11, 29)

AUDIT_TOOLS = [
    _("axe-core 4.12, règles des WCAG 2.0 et 2.1 de niveaux A et AA, dans Chromium"),
    _("Nu Html Checker (vnu) : validité du code HTML"),
    _("navigation au clavier : lien d'évitement en premier, focus visible, pas de piège dans la carte"),
    _("affichage sur un écran de 320 pixels de large sans défilement horizontal"),
]

# (label, path) of the key pages; the paths use the demonstration data (load_demo).
AUDITED_PAGES = [
    (_("Accueil"), "/"),
    (_("Recherche de lieux, avec résultats"), "/lieux/?commune=Albi&rayon=30&public=jeunes"),
    (_("Fiche d'un lieu"), "/lieux/demo-cite-des-metiers-toulouse/"),
    (
        _("Trouver le bon interlocuteur, avec réponse"),
        "/orientation/?situation=salarie&projet=changer-de-metier&commune=castres-81065",
    ),
    (_("Agenda"), "/agenda/"),
    (_("Fiche d'un événement"), "/agenda/demo-salon-apprentissage-montauban/"),
    (_("Programme régional"), "/agenda/programme/"),
    (_("Membres du réseau"), "/membres/"),
    (_("Fiche d'un membre"), "/membres/demo-mission-locale/"),
    (_("Zones d'emploi"), "/zones/"),
    (_("Zone d'emploi"), "/zones/7625/"),
    (_("Métiers"), "/metiers/"),
    (_("Fiche d'un métier, près d'une commune"), "/metiers/J1501/?commune=rodez-12202"),
    (_("Recherche de formations, avec résultats"), "/formations/?q=aide-soignant&commune=rodez-12202"),
    (_("Labellisation"), "/labellisation/"),
    (_("Candidater à la labellisation"), "/labellisation/candidater/"),
    (_("Mentions légales"), "/mentions-legales/"),
    (_("Déclaration d'accessibilité"), "/accessibilite/"),
    (_("Données personnelles"), "/donnees-personnelles/"),
    (_("Données ouvertes"), "/donnees/"),
]
