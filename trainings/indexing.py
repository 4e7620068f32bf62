"""The derived columns of a training offer, written by the import (and by the tests' factories)."""

from structures.text import fold


def rome_domains(rome_codes) -> list[str]:
    """The ROME professional domains (first letters, A to N) of the codes, sorted, without repeats."""
    return sorted({code[0].upper() for code in rome_codes if code})


def offer_search_text(*, title: str, objective: str = "", organisation_name: str = "", places=()) -> str:
    """What the full-text search of /formations/ reads: title, objective, organisation and the places'
    cities, accent-folded (structures.text.fold); the title first (french stemming applies)."""
    return " ".join(fold(part) for part in (title, objective, organisation_name, *places) if part)
