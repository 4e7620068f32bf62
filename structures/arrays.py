"""Filters on the integer arrays that denormalise many-to-many criteria (publics, schemes, sectors…),
and on other GIN-indexed columns, written for or against the index."""

from django.db.models import BooleanField, Func, Q


class _IsTrue(Func):
    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def overlap(field: str, ids, *, use_index: bool = True):
    """Rows whose array `field` shares a value with `ids`, for `.filter()`.

    With `use_index=False` the test is written so that PostgreSQL cannot answer it from the GIN index:
    once a place already narrows the rows to a few thousand, the planner otherwise ANDs them with the
    GIN bitmap of a common public (100,000 rows and 20 ms at national scale) instead of checking the few
    rows it reads anyway."""
    return on_rows(Q(**{f"{field}__overlap": list(ids)}), use_index=use_index)


def on_rows(test: Q, *, use_index: bool = False):
    """`test` as given, or (use_index=False) written so that PostgreSQL checks it on the rows another
    index found instead of reading its own GIN index (see `overlap`)."""
    return test if use_index else _IsTrue(test)
