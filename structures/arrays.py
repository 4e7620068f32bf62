"""Criteria served by GIN indexes — words (full-text vector) and the integer arrays that denormalise
many-to-many criteria (publics, schemes, sectors, projects) — written for or against those indexes."""

from django.db.models import BooleanField, Func, Q, QuerySet


class _IsTrue(Func):
    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def gin_filtered(queryset: QuerySet, *, near_place: bool, words=None, **arrays) -> QuerySet:
    """Rows matching `words` (a SearchQuery on `search_vector`) and sharing a value with each non-empty
    array criterion (`audience_ids=(1, 2)`, …).

    Alone, these criteria read their GIN index. Near a place (`near_place`), whose index already narrows
    the rows to a few thousand, they are written so that PostgreSQL checks them on those rows: the
    planner otherwise ANDs the place with the GIN match of a common public or word (100,000 rows and
    10–20 ms at national scale)."""
    tests = [Q(search_vector=words)] if words is not None else []
    tests += [Q(**{f"{column}__overlap": list(ids)}) for column, ids in arrays.items() if ids]
    for test in tests:
        queryset = queryset.filter(_IsTrue(test) if near_place else test)
    return queryset
