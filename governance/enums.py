from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentCategory(models.TextChoices):
    GUIDE = "guide", _("Guide et méthode")
    TOOL = "outil", _("Outil d'animation")
    PRESENTATION = "presentation", _("Présentation")
    TRAINING = "formation", _("Support de formation")
    REFERENCE = "reference", _("Texte de référence")
    OTHER = "autre", _("Autre")


class CommitteeScope(models.TextChoices):
    REGIONAL = "regional", _("Comité régional de pilotage")
    DEPARTMENTAL = "departemental", _("Comité départemental de suivi")
