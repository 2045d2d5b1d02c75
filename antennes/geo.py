"""Straight-line distances between town-hall points: an approximation of travel, said as such."""

from math import asin, cos, radians, sin, sqrt

RAYON_TERRE_KM = 6371.0


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres (haversine), from decimal degrees."""
    lat1, lon1, lat2, lon2 = (radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * RAYON_TERRE_KM * asin(sqrt(a))
