"""Events read as plain values, not model instances, for the hot lists: the agenda's page (`ListEvent`)
and the calendar feeds (`FeedEvent`, with `event_versions` for their cache). A model instance with its
related objects costs more to build than a card or a VEVENT."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from structures.compiled import CompiledQuery
from structures.urlcache import slug_url

from ..models import Event, EventFacts, place_label

# The columns `place_label` is made of, read at the end of each row.
_PLACE_COLUMNS = ("venue__name", "commune__name", "venue_name", "address", "postcode")


def _by_ids(columns) -> CompiledQuery:
    """The `columns` and the place's of the events of a list of ids, compiled once per number of ids."""
    return CompiledQuery(
        lambda ids: Event.objects.filter(pk__in=ids).order_by().values_list(*columns, *_PLACE_COLUMNS),
        ids="int list",
    )


def _rows_with_place(query: CompiledQuery, **values) -> Iterator[tuple[list, str]]:
    """Each row of `query` for `values` as (its other columns, its place label)."""
    for *fields, site, commune, venue_name, address, postcode in query(**values):
        label = place_label(
            site=site, commune=commune, venue_name=venue_name, address=address, postcode=postcode
        )
        yield fields, label


@dataclass(slots=True)
class ListEvent(EventFacts):
    """An event as lists show it (cards and map)."""

    pk: int
    slug: str
    title: str
    type: str
    start: datetime
    end: datetime
    attendance_mode: str
    place_label: str
    latitude: float | None
    longitude: float | None
    free: bool
    meets_charter: bool
    registration_required: bool
    status: str
    organiser_name: str
    url: str  # its page's path, built once per list (reverse() reads two context variables each time)
    distance_km: float | None = None

    def get_absolute_url(self):
        return self.url


_LIST_FIELDS = list(ListEvent.__dataclass_fields__)
_LIST_PLACE = _LIST_FIELDS.index("place_label")
# The columns of the fields read as such (url and distance_km are computed), then the place's.
LIST_COLUMNS = [
    *(
        {"organiser_name": "organiser__name"}.get(name, name)
        for name in _LIST_FIELDS
        if name not in ("place_label", "url", "distance_km")
    ),
    *_PLACE_COLUMNS,
]
_LIST_ROWS = _by_ids(LIST_COLUMNS[: -len(_PLACE_COLUMNS)])


def list_events(query: CompiledQuery, **values) -> list[ListEvent]:
    """The rows of `query` (a `values_list` of `LIST_COLUMNS`) for `values`, as `ListEvent`s."""
    url_of = slug_url("events:event_detail")
    return [
        ListEvent(*fields[:_LIST_PLACE], label, *fields[_LIST_PLACE:], url=url_of(fields[1]))
        for fields, label in _rows_with_place(query, **values)
    ]


def events_by_ids(ids: list[int]) -> list[ListEvent]:
    """The events of `ids` as lists show them, in the order of `ids` (those that still exist)."""
    if not ids:
        return []
    found = {event.pk: event for event in list_events(_LIST_ROWS, ids=list(ids))}
    return [found[pk] for pk in ids if pk in found]


class FeedEvent(NamedTuple):
    """What a calendar feed writes of an event (events.ics.vevent_fields): up to 50 a feed."""

    pk: int
    identifier: str
    slug: str
    title: str
    type: str
    description: str
    start: datetime
    end: datetime
    attendance_mode: str
    place_label: str
    online_url: str
    latitude: float | None
    longitude: float | None
    status: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, event: Event) -> "FeedEvent":
        """The feed's view of an event already read (a single event's calendar)."""
        return cls(*(getattr(event, name) for name in cls._fields))


_FEED_PLACE = FeedEvent._fields.index("place_label")
_FEED_ROWS = _by_ids([name for name in FeedEvent._fields if name != "place_label"])


def feed_events(ids: list[int]) -> list[FeedEvent]:
    """The events of `ids` (those that still exist, in any order) with what a calendar feed writes."""
    if not ids:
        return []
    return [
        FeedEvent(*fields[:_FEED_PLACE], label, *fields[_FEED_PLACE:])
        for fields, label in _rows_with_place(_FEED_ROWS, ids=list(ids))
    ]


_VERSIONS = CompiledQuery(
    lambda ids: Event.objects.filter(pk__in=ids).order_by().values_list("pk", "updated_at"), ids="int list"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# `version_of` in SQL, on a column: PostgreSQL's epoch is an exact numeric, so both give the same integer.
VERSION_SQL = "(extract(epoch FROM {column}) * 1000000)::bigint"


def version_of(updated_at: datetime) -> int:
    """An event's version for caches of what is built from it: its last change, in whole microseconds
    since 1970 (an integer that the database computes alike, see VERSION_SQL)."""
    return (updated_at - _EPOCH) // timedelta(microseconds=1)


def event_versions(ids: list[int]) -> list[tuple[int, int]]:
    """(id, version) of the events of `ids` that still exist, in the order of `ids`: what a calendar
    feed needs to find each event's cached VEVENT (see events.ics) before it reads any event."""
    if not ids:
        return []
    found = {pk: version_of(updated_at) for pk, updated_at in _VERSIONS(ids=list(ids))}
    return [(pk, found[pk]) for pk in ids if pk in found]
