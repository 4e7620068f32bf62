"""Geometry on a spherical Earth: enough for "places within 30 km" (error under 0.5 % against the
WGS84 ellipsoid), computed in SQL without PostGIS."""

import math

from django.db import models

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# Planar coordinates of the GiST-indexed planar point: (longitude × cos 46.5°, latitude), degrees.
# Mainland France spans 41°–51.5° N, so planar distances are within 9 % of the true ones there;
# `PLANAR_LOWER_BOUND` (true / planar ≥ 0.85 up to 54° of latitude) lets nearest-first searches prove
# that no unfetched row is nearer than the rows they keep.
PLANAR_X_SCALE = math.cos(math.radians(46.5))
PLANAR_LOWER_BOUND = 0.85


def location_expression():
    """The planar point of a row with latitude and longitude, as indexed with GiST (see the models)."""
    from .fields import PointField

    return models.Func(
        models.F("longitude") * models.Value(PLANAR_X_SCALE),
        models.F("latitude"),
        function="point",
        output_field=PointField(),
    )


def bounding_box(latitude: float, longitude: float, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box containing every point within `km` of the point."""
    angular = km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    south, north = latitude - dlat, latitude + dlat
    if south <= -90 or north >= 90:
        return max(south, -90.0), min(north, 90.0), -180.0, 180.0
    # Widest longitude extent of a spherical cap (exact, not the centre-latitude approximation).
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(latitude)))))
    west, east = longitude - dlon, longitude + dlon
    if west < -180:
        west += 360
    if east > 180:
        east -= 360
    return south, north, west, east


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance, the same formula as SiteQuerySet.with_distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _point_sql(table: str) -> str:
    """The indexed expression, written exactly as the index has it so that PostgreSQL uses the index."""
    return f'point(("{table}"."longitude" * {PLANAR_X_SCALE!r}), "{table}"."latitude")'


class GeoQuerySet(models.QuerySet):
    """For models with `latitude` and `longitude` columns (sites, events)."""

    def with_distance(self, latitude: float, longitude: float):
        """Annotate `distance_km`, the great-circle (haversine) distance from the point, as
        `distance_km` in structures.geo computes it. Plain SQL: cheaper to build than an expression tree."""
        table = self.model._meta.db_table
        lat, lon = f'"{table}"."latitude"', f'"{table}"."longitude"'
        sql = (
            f"2 * {EARTH_RADIUS_KM!r} * asin(sqrt(power(sin(radians({lat} - %s) / 2), 2)"
            f" + cos(radians(%s)) * cos(radians({lat})) * power(sin(radians({lon} - %s) / 2), 2)))"
        )
        return self.annotate(
            distance_km=models.expressions.RawSQL(  # noqa: S611 (numbers as parameters, names from the model)
                sql, (latitude, latitude, longitude), output_field=models.FloatField()
            )
        )

    def near(self, latitude: float, longitude: float, km: float, box=None):
        """Rows within `km` of the point: a bounding box the GiST index serves, then the exact
        great-circle distance (annotated as `distance_km`). `box` is `bounding_box(latitude, longitude,
        km)` when the caller has it (structures.compiled swaps its values)."""
        south, north, west, east = box or bounding_box(latitude, longitude, km)
        if west > east:  # crosses the antimeridian: no planar box
            return self.within(latitude, longitude, km, box=(south, north, west, east))
        table = self.model._meta.db_table
        scale = f"{PLANAR_X_SCALE!r}"  # planar x = longitude × scale, y = latitude (written in SQL)
        box = self.filter(
            models.expressions.RawSQL(  # noqa: S611 (numbers as parameters, table name from the model)
                f"{_point_sql(table)} <@ box(point(%s * {scale}, %s), point(%s * {scale}, %s))",
                (west, south, east, north),
                output_field=models.BooleanField(),
            )
        )
        return box.with_distance(latitude, longitude).filter(distance_km__lte=km)

    def within(self, latitude: float, longitude: float, km: float, box=None):
        """The rows of `near` through latitude and longitude ranges instead of the GiST box: for rows
        another index already narrows to a few thousand (the planner would still AND them with the
        bitmap of the whole box, 100,000 rows in a dense area, its estimate of a box being blind)."""
        south, north, west, east = box or bounding_box(latitude, longitude, km)
        rows = self.filter(latitude__range=(south, north))
        if west <= east:
            rows = rows.filter(longitude__range=(west, east))
        else:  # crosses the antimeridian
            rows = rows.filter(models.Q(longitude__gte=west) | models.Q(longitude__lte=east))
        return rows.with_distance(latitude, longitude).filter(distance_km__lte=km)

    def nearest_first(self, latitude: float, longitude: float):
        """Order by planar distance with the GiST index (k-nearest-neighbour); see `nearest`."""
        table = self.model._meta.db_table
        return self.annotate(
            planar_distance=models.expressions.RawSQL(  # noqa: S611 (numbers as parameters)
                f"{_point_sql(table)} <-> point(%s * {PLANAR_X_SCALE!r}, %s)",
                (longitude, latitude),
                output_field=models.FloatField(),
            )
        ).order_by("planar_distance")


def nearest(
    queryset,
    latitude: float,
    longitude: float,
    count: int,
    available: int | None = None,
    fetch_rows=None,
    margin: int | None = None,
) -> list:
    """The `count` rows of `queryset` nearest to the point, in exact great-circle order (`distance_km`).

    Rows come nearest first from the GiST index, in planar distance; fetching stops once no row left
    behind can be nearer than the last one kept (true distance ≥ planar × PLANAR_LOWER_BOUND). The index
    scan stops as soon as it has the rows asked for, so ask for no more than `available`, the number of
    rows the queryset holds when it is known (a filter that matches fewer rows would make the scan walk
    the whole index): the caller counts them first, or gives no filter that could starve the scan.

    `fetch_rows(n)`, when given instead of a queryset, returns the first n rows of the queryset
    nearest first (a `CompiledQuery`, say), annotated with `distance_km` and `planar_distance`.
    `margin`: the rows fetched beyond `count` (default: half as many, at least 10); narrow rows can
    afford more, so that one query proves the order more often.
    """
    if fetch_rows is None:
        if "distance_km" not in queryset.query.annotations:
            queryset = queryset.with_distance(latitude, longitude)
        ordered = queryset.nearest_first(latitude, longitude)

        def fetch_rows(fetch: int) -> list:
            return list(ordered[:fetch])

    limit = count if available is None else min(count, available)
    # Rows beyond `limit`: enough that one query nearly always proves the order (the k-th of n uniformly
    # spread rows lies at √(k/n) of the n-th's distance, which must stay below PLANAR_LOWER_BOUND).
    margin = max(10, limit // 2) if margin is None else margin
    fetch = limit + margin if available is None else min(limit + margin, available)
    while True:
        rows = fetch_rows(fetch)
        rows.sort(key=lambda row: (row.distance_km, row.pk))
        if len(rows) < fetch or not limit:
            return rows[:limit]
        farthest_planar_km = max(row.planar_distance for row in rows) * KM_PER_DEGREE
        if rows[limit - 1].distance_km <= farthest_planar_km * PLANAR_LOWER_BOUND:
            return rows[:limit]
        if available is not None and fetch >= available:
            return rows[:limit]
        fetch = fetch * 2 if available is None else min(fetch * 2, available)
