"""Closed sets of the network (glossary in CONVENTIONS). Stored values are those of the import files."""

import functools

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class MemberCategory(models.TextChoices):
    STATE = "etat", _("État (CIO, SCUIO-IP, ONISEP)")
    REGION = "region", _("Région")
    CHAMBER = "chambre_consulaire", _("Chambre consulaire")
    CEP_OPERATOR = "operateur_cep", _("Opérateur du conseil en évolution professionnelle")
    ASSOCIATED_NETWORK = "reseau_associe", _("Réseau associé (ARML, CHEOPS, Carif-Oref, MCEF)")
    LABELLED = "structure_labellisee", _("Structure labellisée")
    PARTNER = "partenaire", _("Partenaire (Agefiph)")


class MembershipBasis(models.TextChoices):
    STATUTORY = "de_droit", _("Membre de droit")
    ADDED = "ajoute", _("Ajouté par la Région")
    LABELLED = "labellise", _("Labellisé")
    ASSOCIATED = "associe", _("Associé")


class SiteKind(models.TextChoices):
    CENTRAL = "cite_des_metiers", _("Cité des métiers (site central)")
    ASSOCIATED_CENTRE = "centre_associe", _("Centre associé")
    RELAY_POINT = "point_relais", _("Point relais")
    MEMBER_OFFICE = "lieu_membre", _("Lieu d'accueil d'un membre")


class ServiceLevel(models.TextChoices):
    """First service (reception, information), second service (advice, support), and the CEP levels."""

    INFORMATION = "accueil_information", _("Accueil et information")
    ADVICE = "conseil", _("Conseil en orientation")
    SUPPORT = "accompagnement", _("Accompagnement")
    CEP_RECEPTION = "cep_accueil", _("CEP niveau 1 : accueil individualisé")
    CEP_ADVICE = "cep_conseil", _("CEP niveau 2 : conseil personnalisé")
    CEP_SUPPORT = "cep_accompagnement", _("CEP niveau 3 : accompagnement du projet")


class ServiceMode(models.TextChoices):
    ON_SITE = "sur_place", _("Sur place")
    REMOTE = "a_distance", _("À distance (visio, en ligne)")
    PHONE = "telephone", _("Par téléphone")


class ProfessionalRole(models.TextChoices):
    """A professional's role in their member's team (the reserved space)."""

    REFERENT = "referent", _("Référent (gère l'équipe et les données du membre)")
    ADVISER = "conseiller", _("Conseiller")


class Situation(models.TextChoices):
    """Where a person stands, as the orientation wizard asks it (`handicap` combines with the others)."""

    PUPIL = "eleve", _("Collégien ou lycéen")
    STUDENT = "etudiant", _("Étudiant")
    YOUNG = "jeune", _("Jeune de 16 à 25 ans sorti d'études")
    JOB_SEEKER = "demandeur-emploi", _("Demandeur d'emploi")
    EMPLOYEE = "salarie", _("Salarié du privé")
    PUBLIC_SERVANT = "agent-public", _("Agent public")
    MANAGER = "cadre", _("Cadre")
    SELF_EMPLOYED = "independant", _("Indépendant ou créateur d'entreprise")
    DISABILITY = "handicap", _("En situation de handicap")


class QuestionStatus(models.TextChoices):
    NEW = "nouvelle", _("Nouvelle")
    ANSWERED = "repondue", _("Répondue")
    REDIRECTED = "redirigee", _("Redirigée")
    CLOSED = "close", _("Clôturée")


class QuestionAction(models.TextChoices):
    """One line of a question's history."""

    RECEIVED = "recue", _("Reçue")
    ANSWERED = "repondue", _("Réponse envoyée")
    REDIRECTED = "redirigee", _("Redirigée vers un autre membre")
    CLOSED = "close", _("Question clôturée")
    ERASED = "effacee", _("Données personnelles effacées")


class AccessibilityFeature(models.TextChoices):
    WHEELCHAIR = "fauteuil-roulant", _("Accessible en fauteuil roulant")
    HEARING_LOOP = "boucle-magnetique", _("Boucle magnétique")
    SIGN_LANGUAGE = "langue-des-signes", _("Accueil en langue des signes (LSF)")
    EASY_TO_READ = "facile-a-lire", _("Documents faciles à lire et à comprendre (FALC)")
    VISUAL = "deficience-visuelle", _("Adapté aux personnes malvoyantes")
    PARKING = "stationnement-adapte", _("Place de stationnement adaptée")
    PUBLIC_TRANSPORT = "transports-en-commun", _("Desservi par les transports en commun")


@functools.lru_cache(maxsize=512)
def _labels(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def labels(choices: type[models.TextChoices], language: str | None = None) -> dict[str, str]:
    """Every translated label of the choices, by value (cached per language); `language` is the active
    one when the caller already has it (get_language costs a context-variable lookup)."""
    return _labels(choices, language or get_language() or "fr")


def label_of(choices: type[models.TextChoices], value: str) -> str:
    """The translated label of a value, cached per language (get_FOO_display re-translates every time)."""
    return _labels(choices, get_language() or "fr").get(value, value)
