"""A PostgreSQL int4multirange column (core PostgreSQL ≥ 14) holding minute-of-week ranges."""

import re

from django.db import models

_RANGE = re.compile(r"([\[(])\s*(-?\d+)?\s*,\s*(-?\d+)?\s*([\])])")


def _normalise(start: int, end: int, lower: str = "[", upper: str = ")") -> tuple[int, int]:
    return start + (lower == "("), end + (upper == "]")


class MinuteRangesField(models.Field):
    """Sorted [start, end) minute ranges, as a tuple of pairs in Python."""

    description = "Minute ranges (int4multirange)"

    def db_type(self, connection):
        return "int4multirange"

    def get_placeholder(self, value, compiler, connection):
        return "%s::int4multirange"

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, tuple):
            return value
        if isinstance(value, list):
            return tuple(tuple(pair) for pair in value)
        if isinstance(value, str):
            return tuple(
                _normalise(int(a), int(b), lower, upper)
                for lower, a, b, upper in _RANGE.findall(value)
                if a and b
            )
        # psycopg's Multirange of Range objects
        return tuple(_normalise(r.lower, r.upper, r.bounds[0], r.bounds[1]) for r in value if not r.isempty)

    def get_prep_value(self, value):
        if value is None:
            return None
        return "{" + ",".join(f"[{start},{end})" for start, end in value) + "}"

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


@MinuteRangesField.register_lookup
class ContainsMinute(models.Lookup):
    """`week_open__contains_minute=4380`: the ranges contain that minute."""

    lookup_name = "contains_minute"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [int(value)])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> ({rhs})::integer", [*lhs_params, *rhs_params]


class PointField(models.Field):
    """A core PostgreSQL `point` (x, y), used for GiST indexes and k-nearest-neighbour ordering (`<->`)."""

    description = "Point (PostgreSQL)"

    def db_type(self, connection):
        return "point"

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, tuple):
            return value
        x, y = str(value).strip("()").split(",")
        return float(x), float(y)
