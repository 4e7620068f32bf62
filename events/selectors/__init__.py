"""Reads that agenda pages need: the agenda (`agenda`, with dense areas in `cells`), events as plain
rows for lists and feeds (`rows`) and the regional programme (`programme`)."""

from .agenda import (
    DEFAULT_RADIUS_KM,
    FORMAT_ON_SITE,
    FORMAT_ONLINE,
    PER_PAGE,
    RESULT_CAP,
    TZ,
    AgendaFilters,
    AgendaResult,
    agenda_events,
    agenda_first_versions,
    agenda_search,
    local_midnight,
    upcoming_events,
)
from .programme import ProgrammeLine, ProgrammeZone, regional_programme
from .rows import FeedEvent, ListEvent, event_versions, feed_events, version_of

__all__ = [
    "DEFAULT_RADIUS_KM",
    "FORMAT_ONLINE",
    "FORMAT_ON_SITE",
    "PER_PAGE",
    "RESULT_CAP",
    "TZ",
    "AgendaFilters",
    "AgendaResult",
    "FeedEvent",
    "ListEvent",
    "ProgrammeLine",
    "ProgrammeZone",
    "agenda_events",
    "agenda_first_versions",
    "agenda_search",
    "event_versions",
    "version_of",
    "feed_events",
    "local_midnight",
    "regional_programme",
    "upcoming_events",
]
