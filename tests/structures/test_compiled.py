from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from structures.compiled import CompiledQuery
from structures.models import Site
from tests.factories import MemberFactory, SiteFactory


def _by_slug(slug):
    return Site.objects.filter(slug=slug).select_related("member", "commune").order_by("pk")


def test_rows_are_the_orms_with_related_objects_and_annotations(django_assert_num_queries):
    first = SiteFactory(name="Point A", member=MemberFactory(name="Membre A"))
    second = SiteFactory(name="Point B", member=MemberFactory(name="Membre B"))
    query = CompiledQuery(
        lambda slug, latitude: _by_slug(slug).with_distance(latitude, 1.4), slug="str", latitude="float"
    )
    for site in (first, second):
        expected = (site.pk, site.name, site.member.name, site.commune.name)
        with django_assert_num_queries(1):
            [row] = query(slug=site.slug, latitude=43.6)
            assert (row.pk, row.name, row.member.name, row.commune.name) == expected
        expected = Site.objects.with_distance(43.6, 1.4).get(pk=site.pk).distance_km
        assert row.distance_km == pytest.approx(expected)
    assert query(slug="nothing-here", latitude=43.6) == []


def test_each_shape_is_built_and_compiled_once():
    sites = [SiteFactory() for _ in range(3)]
    built = []

    def build(ids, limit):
        built.append(limit)
        return Site.objects.filter(pk__in=ids).order_by("-pk")[:limit].values_list("pk", "name")

    query = CompiledQuery(build, ids="int list", limit="const")
    assert query(ids=[sites[0].pk, sites[1].pk], limit=5) == [(s.pk, s.name) for s in sites[1::-1]]
    assert query(ids=[sites[1].pk, sites[2].pk], limit=5) == [(s.pk, s.name) for s in sites[2:0:-1]]
    assert query(ids=[sites[2].pk, sites[0].pk], limit=1) == [(sites[2].pk, sites[2].name)]
    assert query(ids=[s.pk for s in sites], limit=5) == [(s.pk, s.name) for s in reversed(sites)]
    assert built == [5, 1, 5]  # two ids and a limit of 5, then of 1; three ids


def test_key_separates_shapes_the_values_do_not():
    site = SiteFactory()
    built = []

    def build(slug):
        built.append(slug)
        return _by_slug(slug)

    query = CompiledQuery(build, slug="str")
    query(key="a", slug=site.slug)
    query(key="a", slug="other")
    query(key="b", slug=site.slug)
    assert len(built) == 2


def test_datetime_values_are_swapped():
    site = SiteFactory()
    query = CompiledQuery(
        lambda pk, since: Site.objects.filter(pk=pk, updated_at__gte=since).values_list("pk"),
        pk="int",
        since="datetime",
    )
    assert query(pk=site.pk, since=site.updated_at - timedelta(minutes=1)) == [(site.pk,)]
    assert query(pk=site.pk, since=datetime(2999, 1, 1, tzinfo=UTC)) == []


def test_a_value_the_orm_transforms_is_refused():
    query = CompiledQuery(lambda name: Site.objects.filter(name__icontains=name), name="str")
    with pytest.raises(ImproperlyConfigured):
        query(name="mission")


def test_a_compiled_query_is_prepared_once_on_the_connection():
    sites = [SiteFactory() for _ in range(3)]
    query = CompiledQuery(lambda slug: _by_slug(slug), slug="str")
    for site in sites:
        assert query(slug=site.slug)[0].pk == site.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"structures_site"."slug" = $1%'],
        )
        assert len(cursor.fetchall()) == 1


def test_a_query_is_prepared_once_whatever_the_size_of_its_integers():
    # psycopg would send 1 as a smallint, 70,000 as an integer: a statement per combination of types.
    by_ids = CompiledQuery(lambda ids: Site.objects.filter(pk__in=ids).values_list("pk"), ids="int list")
    kept = [SiteFactory().pk, SiteFactory().pk]
    for ids in ([kept[0], 2], [kept[1], 70_000], [70_000, 3_000_000_000], [3_000_000_000, kept[0]]):
        assert by_ids(ids=ids) == [(pk,) for pk in sorted(kept) if pk in ids]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT parameter_types::text FROM pg_prepared_statements WHERE statement LIKE %s",
            ['SELECT "structures_site"."id" AS "pk" FROM "structures_site" WHERE%'],
        )
        assert [row[0] for row in cursor.fetchall()] == ["{bigint,bigint}"]
