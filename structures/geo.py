"""Geometry on a spherical Earth: enough for "places within 30 km" (error under 0.5 % against the
WGS84 ellipsoid), computed in SQL without PostGIS."""

import math

from django.db import models
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


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


class GeoQuerySet(models.QuerySet):
    """For models with `latitude` and `longitude` columns (sites, events)."""

    def with_distance(self, latitude: float, longitude: float):
        """Annotate `distance_km`, the great-circle distance from the point (spherical Earth)."""
        lat1, lat2 = Radians(models.Value(latitude)), Radians(models.F("latitude"))
        half_dlat = Radians(models.F("latitude") - models.Value(latitude)) / 2
        half_dlon = Radians(models.F("longitude") - models.Value(longitude)) / 2
        a = Power(Sin(half_dlat), 2) + Cos(lat1) * Cos(lat2) * Power(Sin(half_dlon), 2)
        return self.annotate(
            distance_km=models.ExpressionWrapper(
                2 * EARTH_RADIUS_KM * ASin(Sqrt(a)), output_field=models.FloatField()
            )
        )

    def near(self, latitude: float, longitude: float, km: float):
        """Rows within `km` of the point: a bounding box the indexes can use, then the exact distance."""
        south, north, west, east = bounding_box(latitude, longitude, km)
        box = self.filter(latitude__range=(south, north))
        if west <= east:
            box = box.filter(longitude__range=(west, east))
        else:  # crosses the antimeridian
            box = box.filter(models.Q(longitude__gte=west) | models.Q(longitude__lte=east))
        return box.with_distance(latitude, longitude).filter(distance_km__lte=km)
