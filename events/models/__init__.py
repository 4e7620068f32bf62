"""The agenda of collective events and the regional programme (agenda.py), the calendar feeds' store
(calendar.py), the professionalisation sessions' registrations (registrations.py)."""

from .agenda import CELLS_PER_DEGREE, LONG_EVENT, MAX_DURATION, Event, EventFacts, PrioritySector, place_label
from .calendar import CalendarEntry
from .registrations import Registration

__all__ = [
    "CELLS_PER_DEGREE",
    "LONG_EVENT",
    "MAX_DURATION",
    "CalendarEntry",
    "Event",
    "EventFacts",
    "PrioritySector",
    "Registration",
    "place_label",
]
