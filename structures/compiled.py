"""ORM queries compiled once, then run again with other values.

Django takes 1 to 3 ms to build and compile a query with joins and a few dozen columns, often more than
PostgreSQL takes to plan and run it. The hot pages run the same few queries with other values (a slug,
a site, a list of ids), so `CompiledQuery` builds and compiles each once per process and shape, with
marker values in place of the real ones, and then only swaps the values in the SQL parameters. The rows
come back as the ORM gives them: model instances with their `select_related` objects and annotations.
"""

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from psycopg.types.numeric import Int8BinaryDumper, Int8Dumper

_counter = itertools.count(1)


def _marker(kind: str):
    """A value of the kind that no real parameter takes, recognisable in the compiled parameters."""
    number = next(_counter)
    if kind == "int":
        # Negative (no id, code or grid cell is) and within PostgreSQL's integer range (Django treats a
        # lookup beyond the column's range as matching nothing).
        return -2_000_000_000 - number
    if kind == "str":
        return f"zqslot{number}qz"  # unchanged by structures.text.fold, unlike punctuation
    if kind == "float":
        # Growing with each marker: a builder comparing two (a box's west and east) sees them in order.
        return float(10**15 + number)
    if kind == "datetime":
        return datetime(1, 1, 1, tzinfo=UTC) + timedelta(seconds=number)
    raise ValueError(f"unknown slot kind: {kind}")


class CompiledQuery:
    """`build(**values)` returns the queryset for `values`; `kinds` names each value's kind: "int",
    "str", "float", "datetime", a list of one ("int list"), or "const" for a value that changes the
    query's shape (a LIMIT, a flag), passed as is. A value of None or "" is passed as is too (a criterion
    left out), and so is its absence part of the shape. `key` distinguishes shapes that the values do not
    (the catalogue's inactive members, say); the length of a list and the constants are part of it."""

    def __init__(
        self, build: Callable[..., QuerySet], *, prepared: Callable[[dict], bool] | None = None, **kinds
    ):
        self.build = build
        self.kinds = kinds
        # Whether PostgreSQL may plan the query once for all values (see `_PreparingCursor`): by
        # default yes; a function of the values says no where the best plan depends on them.
        self.prepared = prepared or (lambda values: True)
        self._compiled: dict = {}

    def __call__(self, key=(), **values) -> list:
        """The rows of `build(**values)`: model instances, or tuples for a `values_list` queryset."""
        return self._get(key, values).run(values)

    def sql(self, key=(), **values) -> tuple[str, list]:
        """The SQL of `build(**values)` and its parameters, to embed in a larger query."""
        compiled = self._get(key, values)
        return compiled.sql, compiled.bind(values)

    def _get(self, key, values: dict) -> "_Compiled":
        connection = connections["default"]
        shape = (key,)  # one compilation per process: the SQL is the same on every thread's connection
        for name, kind in self.kinds.items():
            if kind == "const":
                shape += (values[name],)
            elif kind.endswith(" list"):
                shape += (len(values[name]),)
            else:
                shape += (_empty(values[name]),)
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compiled[shape] = _Compiled(self, values, connection)
        return compiled


class _Compiled:
    def __init__(self, query: CompiledQuery, values: dict, connection):
        markers, where = {}, {}
        for name, kind in query.kinds.items():
            if kind == "const" or _empty(values[name]):
                markers[name] = values[name]  # no criterion, or one that shapes the query
            elif kind.endswith(" list"):
                markers[name] = [_marker(kind.removesuffix(" list")) for _ in values[name]]
                where.update({marker: (name, position) for position, marker in enumerate(markers[name])})
            else:
                markers[name] = _marker(kind)
                where[markers[name]] = (name, None)
        queryset = query.build(**markers)
        self.prepared = query.prepared(values)
        self.compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.slots = [
            (index, where[param]) for index, param in enumerate(self.params) if _hashable(param) in where
        ]
        missing = set(where.values()) - {slot for _index, slot in self.slots}
        # A value transformed on its way to SQL (a LIKE pattern, a computed bound) cannot be swapped.
        if missing:
            raise ImproperlyConfigured(f"values not found in the compiled query: {sorted(map(str, missing))}")
        self.values_list = queryset._fields is not None
        self.model_rows = not self.values_list and self.compiler.klass_info is not None
        select = self.compiler.select
        self.converters = self.compiler.get_converters(
            [column[0] for column in select[: self.compiler.col_count]]
        )
        if self.model_rows:
            klass_info = self.compiler.klass_info
            fields = klass_info["select_fields"]
            self.model = klass_info["model"]
            self.model_columns = (fields[0], fields[-1] + 1)
            self.init_list = [column[0].target.attname for column in select[fields[0] : fields[-1] + 1]]
            self.populators = get_related_populators(klass_info, select, connection.alias)
            self.annotations = list((self.compiler.annotation_col_map or {}).items())

    def bind(self, values: dict) -> list:
        """The compiled parameters with `values` in place of the markers."""
        params = self.params.copy()
        for index, (name, position) in self.slots:
            params[index] = values[name] if position is None else values[name][position]
        return params

    def run(self, values: dict) -> list:
        params = self.bind(values)
        connection = connections["default"]  # this thread's (the compiler keeps the first one's)
        with preparing_cursor(connection) if self.prepared else connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.compiler.has_extra_select:
            rows = [row[: self.compiler.col_count] for row in rows]
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        if not self.model_rows:
            return [tuple(row) for row in rows]
        start, end = self.model_columns
        instances = []
        for row in rows:
            instance = self.model.from_db(connection.alias, self.init_list, row[start:end])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, column in self.annotations:
                setattr(instance, name, row[column])
            instances.append(instance)
        return instances


class _PreparingCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares every query: PostgreSQL parses and plans a compiled
    query once per connection instead of on every run (2.7 ms → 0.4 ms for a place with its member and
    commune). Only these fixed, parameter-insensitive queries (a slug, a site, ids) go through it; the
    searches keep Django's client-side binding, planned for their values.

    Rows come in PostgreSQL's binary format: the same Python values (Django's text loader of timestamps,
    written in Python, adds nothing to the binary one with the connection in UTC) read at half the cost:
    20 events of the agenda, 1.2 ms → 0.7 ms. (A jsonb column would come decoded, unlike Django's text:
    no compiled query reads one.)"""

    def __init__(self, connection, **kwargs):
        super().__init__(connection, **kwargs)
        # Every integer as a bigint: psycopg otherwise sends each as the smallest type its value fits in
        # (smallint, integer, bigint), and a statement is prepared per combination of types: 20 place
        # ids of a national directory made a new statement, parsed and planned, on nearly every request.
        self.adapters.register_dumper(int, Int8Dumper)
        self.adapters.register_dumper(int, Int8BinaryDumper)

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=True)


def preparing_cursor(connection):
    """A `_PreparingCursor` in Django's wrapper (query logging, execute wrappers, error translation)."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def sql_constant(value: str) -> RawSQL:
    """A string written into the SQL as a literal, not passed as a parameter: for the fixed values of a
    condition that a partial index carries (PostgreSQL matches the index's condition with constants only,
    and a prepared query's generic plan sees its parameters as unknown)."""
    text = str(value)
    if any(character in text for character in "\\%\0"):  # kept simple: our values are plain words
        raise ValueError(f"not a plain SQL constant: {text!r}")
    literal = "'{}'".format(text.replace("'", "''"))  # quotes doubled, nothing else special (checked)
    return RawSQL(literal, (), output_field=CharField())  # noqa: S611 (a checked literal, no input)


def _empty(value) -> bool:
    """None or "": a criterion left out (the query has no place for it)."""
    return value is None or value == ""


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return None
    return value
