"""Geometry on a spherical Earth: enough for "places within 30 km" (error under 0.5 % against the
WGS84 ellipsoid), computed in SQL without PostGIS."""

import math

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
