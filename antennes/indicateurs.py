"""Computed indicators of the territory (fiche 1.1), see suivi.indicateurs."""

from decimal import Decimal

from suivi.indicateurs import indicateur

from .geo import distance_km
from .models import Antenne, Commune, Permanence

RAYON_KM = 10


def points_d_accueil():
    """(latitude, longitude) of every place young people are received: antennes and permanences,
    located at their commune's town hall."""
    points = []
    for modele in (Antenne, Permanence):
        for lat, lon in modele.objects.filter(commune__latitude__isnull=False).values_list(
            "commune__latitude", "commune__longitude"
        ):
            points.append((lat, lon))
    return points


@indicateur(
    code="territoire-population-a-10-km",
    fiche="1.1",
    libelle=f"Part de la population à moins de {RAYON_KM} km d'un lieu d'accueil",
    unite="%",
    cible=100,
    description=(
        "Population des communes dont la mairie est à moins de 10 km, à vol d'oiseau (approximation), "
        "d'une antenne ou d'une permanence, rapportée à la population de l'arrondissement (INSEE)."
    ),
)
def population_a_moins_de_10_km(jour):
    points = points_d_accueil()
    communes = list(
        Commune.objects.filter(population__isnull=False, latitude__isnull=False).values_list(
            "population", "latitude", "longitude"
        )
    )
    total = sum(population for population, _, _ in communes)
    if not points or not total:
        return None
    couverte = sum(
        population
        for population, lat, lon in communes
        if min(distance_km(lat, lon, plat, plon) for plat, plon in points) <= RAYON_KM
    )
    return Decimal(couverte * 100) / Decimal(total)
