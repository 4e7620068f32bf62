"""Checks of what applicants type."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's establishments share one SIREN and follow their own rule (sum of the digits divisible by 5).
LA_POSTE_SIREN = "356000000"


def normalize_siret(value: str) -> str:
    """The digits of a SIRET typed with spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "")


def siret_is_valid(siret: str) -> bool:
    """14 digits whose Luhn checksum holds (INSEE rule; La Poste's establishments excepted)."""
    if not re.fullmatch(r"\d{14}", siret):
        return False
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00012":
        return sum(int(digit) for digit in siret) % 5 == 0
    total = 0
    for position, digit in enumerate(reversed(siret)):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def validate_siret(value: str) -> None:
    siret = normalize_siret(value)
    if not re.fullmatch(r"\d{14}", siret):
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_length")
    if not siret_is_valid(siret):
        raise ValidationError(
            _("Ce SIRET n'est pas valide (clé de contrôle) : vérifiez-le sur votre avis de situation INSEE."),
            code="siret_checksum",
        )
