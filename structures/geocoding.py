"""Geocoding of site addresses with the Base Adresse Nationale (geopy's BANFrance).

The network is used only when the PORTAL_GEOCODING setting is true; otherwise, or when the address
is not found in the commune, a site is placed at its commune's centre and flagged approximate.
Tests never reach the network: PORTAL_GEOCODING is off unless a test turns it on and fakes BANFrance.
"""

import functools
import logging

from django.conf import settings
from geopy.exc import GeopyError
from geopy.geocoders import BANFrance

from .models import Commune

logger = logging.getLogger(__name__)

USER_AGENT = "spro-portal (geocodage des lieux du SPRO)"
TIMEOUT_SECONDS = 5
# BAN scores go from 0 to 1; below this the match is too doubtful to beat the commune's centre.
MIN_SCORE = 0.5
PRECISE_TYPES = {"housenumber", "street", "locality"}


def geocoding_enabled() -> bool:
    return bool(getattr(settings, "PORTAL_GEOCODING", False))


def geocode(address: str, postcode: str, commune: Commune) -> tuple[float | None, float | None, bool]:
    """(latitude, longitude, approximate) of an address in `commune`.

    The BAN answer is kept only when it lies in the same commune (INSEE code) with a good score;
    otherwise, and whenever geocoding is off or fails, the commune's coordinates are returned with
    approximate=True.
    """
    address, postcode = (address or "").strip(), (postcode or "").strip()
    if address and geocoding_enabled():
        try:
            found = _ban_lookup(address, postcode, commune.code, commune.name)
        except GeopyError as error:  # network down, quota, timeout: fall back, do not fail the import
            logger.warning("Géocodage BAN impossible pour « %s, %s » : %s", address, commune.name, error)
            found = None
        if found is not None:
            return found[0], found[1], False
    return commune.latitude, commune.longitude, True


@functools.lru_cache(maxsize=4096)
def _ban_lookup(address: str, postcode: str, citycode: str, city: str) -> tuple[float, float] | None:
    """Cached by address: the admin's two-step import (preview, then confirm) asks twice."""
    geocoder = BANFrance(user_agent=USER_AGENT, timeout=TIMEOUT_SECONDS)
    query = " ".join(part for part in (address, postcode, city) if part)
    for location in geocoder.geocode(query, exactly_one=False, limit=5) or []:
        properties = (location.raw or {}).get("properties", {})
        if (
            properties.get("citycode") == citycode
            and float(properties.get("score") or 0) >= MIN_SCORE
            and properties.get("type") in PRECISE_TYPES
        ):
            return location.latitude, location.longitude
    return None
