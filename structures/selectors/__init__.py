"""Reads that pages need."""

from .communes import CommuneLookup, commune_lookup
from .network import network_violations
from .sites import SiteFilters, SiteSearchResult, site_search

__all__ = [
    "CommuneLookup",
    "SiteFilters",
    "SiteSearchResult",
    "commune_lookup",
    "network_violations",
    "site_search",
]
