"""Straight-line distances between town-hall points: an approximation of travel, said as such."""

from math import asin, cos, radians, sin, sqrt

RAYON_TERRE_KM = 6371.0


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres (haversine), from decimal degrees."""
    lat1, lon1, lat2, lon2 = (radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * RAYON_TERRE_KM * asin(sqrt(a))


def _dans_anneau(lon, lat, anneau):
    """Ray casting on one ring of [lon, lat] positions."""
    dedans = False
    precedent = anneau[-1]
    for point in anneau:
        (x1, y1), (x2, y2) = precedent, point
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            dedans = not dedans
        precedent = point
    return dedans


def polygones(geometrie):
    """The polygons of a GeoJSON Polygon or MultiPolygon, each a list of rings (outer ring first)."""
    if not geometrie:
        return []
    if geometrie["type"] == "Polygon":
        return [geometrie["coordinates"]]
    if geometrie["type"] == "MultiPolygon":
        return geometrie["coordinates"]
    return []


def contient(geometrie, latitude, longitude):
    """Whether the point lies inside the outline (inside an outer ring and outside its holes)."""
    lat, lon = float(latitude), float(longitude)
    return any(
        _dans_anneau(lon, lat, anneaux[0]) and not any(_dans_anneau(lon, lat, trou) for trou in anneaux[1:])
        for anneaux in polygones(geometrie)
    )
