"""Closed sets of the training offers, with their LHÉO codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExitLevel(models.IntegerChoices):
    """The level a training leads to, in the national nomenclature of 2019 (décret n° 2019-14): what
    people and the search filter use. LHÉO flows give their own codes (trainings.lheo maps them)."""

    NONE = 1, _("Sans niveau spécifique")
    LEVEL_3 = 3, _("Niveau 3 (CAP, BEP)")
    LEVEL_4 = 4, _("Niveau 4 (baccalauréat)")
    LEVEL_5 = 5, _("Niveau 5 (bac + 2 : BTS, BUT…)")
    LEVEL_6 = 6, _("Niveau 6 (bac + 3 ou 4 : licence…)")
    LEVEL_7 = 7, _("Niveau 7 (bac + 5 : master…)")
    LEVEL_8 = 8, _("Niveau 8 (doctorat)")


class TeachingMode(models.IntegerChoices):
    """LHÉO `dict-modalites-enseignement`."""

    ON_SITE = 0, _("Entièrement en présentiel")
    BLENDED = 1, _("En partie à distance")
    DISTANCE = 2, _("Entièrement à distance")
