"""Closed sets of labelling: an application's states, the CREFOP bureau's opinions, legal forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SUBMITTED = "deposee", _("Déposée")
    UNDER_REVIEW = "en_instruction", _("En instruction")
    COMPLEMENTS_REQUESTED = "complements_demandes", _("Compléments demandés")
    COMPLEMENTS_PROVIDED = "complements_fournis", _("Compléments fournis")
    OPINION_RECORDED = "avis_rendu", _("Avis du bureau du CREFOP rendu")
    APPROVED = "approuvee", _("Approuvée")
    REJECTED = "refusee", _("Refusée")
    WITHDRAWN = "retiree", _("Retirée")


# The applicant edits their application in these states only.
EDITABLE = {ApplicationStatus.DRAFT, ApplicationStatus.COMPLEMENTS_REQUESTED}
# No transition leaves these.
FINAL = {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
# Waiting for the Region (the queue's "days waiting" counts from the last change into one of these).
WAITING_FOR_REGION = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.COMPLEMENTS_PROVIDED,
    ApplicationStatus.OPINION_RECORDED,
}


class Opinion(models.TextChoices):
    FAVOURABLE = "favorable", _("Favorable")
    RESERVED = "reserve", _("Favorable avec réserves")
    UNFAVOURABLE = "defavorable", _("Défavorable")


class Assessment(models.TextChoices):
    """An instructor's reading of one criterion's answer."""

    MET = "conforme", _("Conforme")
    INCOMPLETE = "a_completer", _("À compléter")
    NOT_MET = "non_conforme", _("Non conforme")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "etablissement_public", _("Établissement public")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité territoriale ou groupement")
    GIP = "gip", _("Groupement d'intérêt public")
    COMPANY = "societe", _("Société (SA, SAS, SARL, SCOP…)")
    OTHER = "autre", _("Autre")


class WantedKind(models.TextChoices):
    """What a proposed place asks to become in the network (structures.SiteKind values)."""

    RELAY_POINT = "point_relais", _("Point relais")
    ASSOCIATED_CENTRE = "centre_associe", _("Centre associé")


class AttachmentKind(models.TextChoices):
    STATUTES = "statuts", _("Statuts")
    ACTIVITY_REPORT = "rapport_activite", _("Dernier rapport d'activité")
    EVIDENCE = "justificatif", _("Justificatif d'un critère")
    COMPLEMENT = "complement", _("Complément demandé")
    OTHER = "autre", _("Autre pièce")


REQUIRED_ATTACHMENTS = [AttachmentKind.STATUTES, AttachmentKind.ACTIVITY_REPORT]
