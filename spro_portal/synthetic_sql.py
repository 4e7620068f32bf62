"""SQL of the synthetic data (spro_portal.synthetic): COPY, primary keys, deletion, foreign keys, ANALYZE."""

import contextlib
from collections.abc import Iterable

from django.db import connection
from psycopg import sql

from events.models import CalendarEntry, Event, Registration
from governance.models import Committee, CommitteePerson
from labelling.models import Label, LabellingApplication, ProposedSite
from structures.models import (
    CommuneCoverage,
    Invitation,
    Member,
    Permanence,
    Professional,
    Question,
    QuestionEvent,
    ServiceOffer,
    Site,
    SiteChange,
)

from .synthetic_base import PREFIX, SyntheticDataError

# The tables written (with their many-to-many tables); all but Member have foreign keys to drop, and so
# have the tables of rows that name synthetic ones (deleted with them): the calendar feeds' store,
# professionals limited to places, invitations, the places' change history, registrations, labels and
# labelling applications (their member and published places are unset), questions asked online, the
# communes' coverage (its places unset), committees (their members). (A new
# table with a key to places, members or events goes here: PostgreSQL checks a key on every delete.)
WRITTEN = [Member, Site, ServiceOffer, Permanence, Event]
WITH_KEYS = [
    Site, ServiceOffer, Permanence, Event, CalendarEntry, Professional, Invitation, SiteChange, Registration,
    Label, LabellingApplication, ProposedSite, Question, QuestionEvent, CommuneCoverage, Committee,
    CommitteePerson,
]  # fmt: skip


# --- COPY -----------------------------------------------------------------------------------------


def columns(model, names: list[str]) -> list[str]:
    """The columns of these fields; every NOT NULL column without a database default must be among them
    (COPY ignores Django's defaults), so a new field of the model stops the generation with its name
    instead of half-way."""
    fields = [model._meta.get_field(name) for name in names]
    missing = [
        f.name
        for f in model._meta.concrete_fields
        if not f.null and not f.generated and not f.primary_key and f not in fields and not f.has_db_default()
    ]
    if missing:
        raise SyntheticDataError(f"{model.__name__} : champs non générés : {', '.join(missing)}.")
    return [f.column for f in fields]


def copy_rows(cursor, table: str, names: list[str], rows: Iterable[tuple]) -> int:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def copy_model(cursor, model, names: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows whose first value is the primary key (allocated with `allocate_ids`)."""
    return copy_rows(cursor, model._meta.db_table, [model._meta.pk.column, *columns(model, names)], rows)


def copy_m2m(cursor, model, name: str, pairs: Iterable[tuple[int, int]]) -> int:
    """COPY (owner id, term id) pairs into the through table of the many-to-many field `name`."""
    m2m = model._meta.get_field(name)
    table = m2m.remote_field.through._meta.db_table
    return copy_rows(cursor, table, [m2m.m2m_column_name(), m2m.m2m_reverse_name()], pairs)


def allocate_ids(cursor, model, count: int) -> list[int]:
    """Primary keys from the table's own sequence, so that concurrent inserts never collide."""
    if count == 0:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [model._meta.db_table, model._meta.pk.column, count],
    )
    return sorted(row[0] for row in cursor.fetchall())


# --- Deletion -------------------------------------------------------------------------------------


def _delete(cursor, table: str, column: str, subquery: sql.Composable) -> int:
    cursor.execute(
        sql.SQL("DELETE FROM {} WHERE {} IN ({})").format(
            sql.Identifier(table), sql.Identifier(column), subquery
        )
    )
    return cursor.rowcount


def _unset(cursor, table: str, column: str, subquery: sql.Composable) -> None:
    cursor.execute(
        sql.SQL("UPDATE {} SET {} = NULL WHERE {} IN ({})").format(
            sql.Identifier(table), sql.Identifier(column), sql.Identifier(column), subquery
        )
    )


def _synthetic(model, column: str = "id") -> sql.Composable:
    return sql.SQL("SELECT {} FROM {} WHERE identifier LIKE {}").format(
        sql.Identifier(column), sql.Identifier(model._meta.db_table), sql.Literal(PREFIX + "%")
    )


def _delete_m2m(cursor, model, owners: sql.Composable) -> None:
    for m2m in model._meta.many_to_many:
        _delete(cursor, m2m.remote_field.through._meta.db_table, m2m.m2m_column_name(), owners)


def synthetic_delete(cursor) -> dict[str, int]:
    """Delete every synthetic row (identifiers starting with `synth-`), children first, in SQL."""
    _delete_m2m(cursor, Event, _synthetic(Event))
    co_organisers = Event._meta.get_field("co_organisers")
    _delete(
        cursor,
        co_organisers.remote_field.through._meta.db_table,
        co_organisers.m2m_reverse_name(),
        _synthetic(Member),
    )
    _delete(cursor, CalendarEntry._meta.db_table, "event_id", _synthetic(Event))
    _delete(cursor, Registration._meta.db_table, "event_id", _synthetic(Event))
    events = _delete(cursor, Event._meta.db_table, "id", _synthetic(Event))
    services = sql.SQL("SELECT id FROM {} WHERE site_id IN ({})").format(
        sql.Identifier(ServiceOffer._meta.db_table), _synthetic(Site)
    )
    _delete_m2m(cursor, ServiceOffer, services)
    _delete(cursor, ServiceOffer._meta.db_table, "site_id", _synthetic(Site))
    _delete(cursor, Permanence._meta.db_table, "site_id", _synthetic(Site))
    _delete(cursor, Permanence._meta.db_table, "member_id", _synthetic(Member))
    _delete(cursor, Professional.sites.through._meta.db_table, "site_id", _synthetic(Site))
    _delete(cursor, Invitation._meta.db_table, "member_id", _synthetic(Member))
    _delete(cursor, SiteChange._meta.db_table, "site_id", _synthetic(Site))
    questions = sql.SQL("SELECT id FROM {} WHERE site_id IN ({}) OR member_id IN ({})").format(
        sql.Identifier(Question._meta.db_table), _synthetic(Site), _synthetic(Member)
    )
    _delete(cursor, QuestionEvent._meta.db_table, "question_id", questions)
    _unset(cursor, QuestionEvent._meta.db_table, "from_member_id", _synthetic(Member))
    _unset(cursor, QuestionEvent._meta.db_table, "to_member_id", _synthetic(Member))
    _delete(cursor, Question._meta.db_table, "id", questions)
    _unset(cursor, ProposedSite._meta.db_table, "site_id", _synthetic(Site))
    _unset(cursor, CommuneCoverage._meta.db_table, "reception_site_id", _synthetic(Site))
    _unset(cursor, CommuneCoverage._meta.db_table, "cep_site_id", _synthetic(Site))
    committee_members = Committee._meta.get_field("members")
    _delete(
        cursor,
        committee_members.remote_field.through._meta.db_table,
        committee_members.m2m_reverse_name(),
        _synthetic(Member),
    )
    _unset(cursor, CommitteePerson._meta.db_table, "organisation_id", _synthetic(Member))
    _unset(cursor, LabellingApplication._meta.db_table, "member_id", _synthetic(Member))
    labels = sql.SQL("SELECT id FROM {} WHERE member_id IN ({})").format(
        sql.Identifier(Label._meta.db_table), _synthetic(Member)
    )
    _unset(cursor, LabellingApplication._meta.db_table, "label_id", labels)
    _unset(cursor, LabellingApplication._meta.db_table, "renewal_of_id", labels)
    _delete(cursor, Label._meta.db_table, "member_id", _synthetic(Member))
    sites = _delete(cursor, Site._meta.db_table, "id", _synthetic(Site))
    members = _delete(cursor, Member._meta.db_table, "id", _synthetic(Member))
    return {"members": members, "sites": sites, "events": events}


def _tables(models_: Iterable) -> list[str]:
    """The tables of these models and of their many-to-many fields."""
    tables = []
    for model in models_:
        tables.append(model._meta.db_table)
        tables.extend(m2m.remote_field.through._meta.db_table for m2m in model._meta.many_to_many)
    return list(dict.fromkeys(tables))


@contextlib.contextmanager
def foreign_keys_checked_once(cursor, models_: Iterable):
    """Drop the foreign keys of these tables for the load and add them back after it, as pg_restore does.

    Checked row by row, the keys of a million events cost minutes; added back, each is checked by one
    join over the whole table. The tables stay locked until the end of the transaction, which undoes
    everything (keys included) on failure.
    """
    connection.check_constraints()  # pending deferred checks would forbid ALTER TABLE
    tables = _tables(models_)
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [tables],
    )
    keys = cursor.fetchall()
    for table, name, _definition in keys:
        cursor.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
        )
    yield
    for table, name, definition in keys:
        cursor.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)
            )
        )


def analyze() -> None:
    """Places and events stored in geographic order (what a geographically sorted import gives, and what
    `CLUSTER` restores on a real database after large imports: neighbours share disk pages), then fresh
    planner statistics for the tables written (and their many-to-many tables), and their visibility map
    when not in a transaction."""
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("CLUSTER structures_site USING site_location_idx")
        cursor.execute("CLUSTER events_event USING event_location_idx")
        # VACUUM too, outside a transaction (it cannot run in one): it marks the pages all-visible, so
        # that index-only scans read no table row (autovacuum does it later on a real database).
        statement = "ANALYZE {}" if connection.in_atomic_block else "VACUUM (ANALYZE) {}"
        cursor.execute(sql.SQL(statement).format(sql.SQL(", ").join(map(sql.Identifier, _tables(WRITTEN)))))
