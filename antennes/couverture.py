"""Coverage of the territory by the points of contact (fiche 1.1): straight-line distance from each
town hall to the nearest antenne or permanence, the communes farther than N km, and what a
hypothetical permanence would change. Distances are approximate and always said to be."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from mission_locale.tri import TriFrancais

from .geo import distance_km
from .models import Antenne, Commune, JeunesSuivis, Permanence

RAYON_KM = 10


@dataclass(frozen=True)
class PointAccueil:
    """A place young people are received. `approximative`: placed at its commune's town hall."""

    nature: str  # "antenne", "siege", "permanence" or "hypothese"
    nom: str
    commune: str
    latitude: float
    longitude: float
    url: str = ""
    approximative: bool = True
    detail: str = ""

    @property
    def libelle_nature(self):
        return {
            "siege": "Siège",
            "antenne": "Antenne",
            "permanence": "Permanence",
            "hypothese": "Permanence envisagée",
        }[self.nature]


def points_d_accueil():
    """Every antenne and permanence with a known position. Two queries."""
    points = []
    for antenne in Antenne.objects.select_related("commune").only(
        "pk",
        "nom",
        "est_siege",
        "latitude",
        "longitude",
        "commune__nom",
        "commune__latitude",
        "commune__longitude",
    ):
        latitude, longitude = antenne.position
        if latitude is None or longitude is None:
            continue
        points.append(
            PointAccueil(
                nature="siege" if antenne.est_siege else "antenne",
                nom=antenne.nom,
                commune=antenne.commune.nom,
                latitude=float(latitude),
                longitude=float(longitude),
                url=reverse("antennes:antenne-detail", args=[antenne.pk]),
                approximative=antenne.position_approximative,
            )
        )
    permanences = Permanence.objects.filter(
        commune__latitude__isnull=False, commune__longitude__isnull=False
    ).values_list("pk", "lieu", "antenne_id", "commune__nom", "commune__latitude", "commune__longitude")
    for pk, lieu, antenne_id, commune, latitude, longitude in permanences:
        points.append(
            PointAccueil(
                nature="permanence",
                nom=lieu,
                commune=commune,
                latitude=float(latitude),
                longitude=float(longitude),
                url=reverse("antennes:antenne-detail", args=[antenne_id]) + f"#permanence-{pk}",
            )
        )
    return points


def communes_pour_carte():
    """The communes with their latest yearly count of young people followed. One query."""
    derniers = JeunesSuivis.objects.filter(commune=OuterRef("pk")).order_by("-annee")
    return list(
        Commune.objects.annotate(
            jeunes=Subquery(derniers.values("nombre")[:1]),
            annee_jeunes=Subquery(derniers.values("annee")[:1]),
        ).order_by(TriFrancais("nom"))
    )


@dataclass
class Couverture:
    communes: list
    points: list
    rayon: float = RAYON_KM
    hypothese: PointAccueil | None = None
    lignes: list = field(init=False)

    def __post_init__(self):
        points = self.points + ([self.hypothese] if self.hypothese else [])
        # Points in the same commune share a town hall: measure to each place once.
        positions = {}
        for point in points:
            positions.setdefault((point.latitude, point.longitude), point)
        self.lignes = []
        for commune in self.communes:
            commune.distance = commune.point_proche = None
            if commune.latitude is not None and positions:
                commune.distance, commune.point_proche = min(
                    (distance_km(commune.latitude, commune.longitude, lat, lon), point)
                    for (lat, lon), point in positions.items()
                )
            commune.couverte = commune.distance is not None and commune.distance <= self.rayon
            self.lignes.append(commune)

    @property
    def situees(self):
        return [c for c in self.lignes if c.distance is not None]

    @property
    def nb_communes(self):
        return len(self.situees)

    @property
    def nb_couvertes(self):
        return sum(1 for c in self.situees if c.couverte)

    @property
    def part_communes(self):
        return _part(self.nb_couvertes, self.nb_communes)

    @property
    def population(self):
        return sum(c.population or 0 for c in self.situees)

    @property
    def population_couverte(self):
        return sum(c.population or 0 for c in self.situees if c.couverte)

    @property
    def part_population(self):
        return _part(self.population_couverte, self.population)

    @property
    def jeunes(self):
        return sum(c.jeunes or 0 for c in self.situees)

    @property
    def jeunes_couverts(self):
        return sum(c.jeunes or 0 for c in self.situees if c.couverte)

    @property
    def part_jeunes(self):
        return _part(self.jeunes_couverts, self.jeunes)

    def besoins(self, tri="population"):
        """Communes farther than the radius, the most populated (or most followed) first."""
        eloignees = [c for c in self.situees if not c.couverte]
        cle = (lambda c: c.jeunes or 0) if tri == "jeunes" else (lambda c: c.population or 0)
        return sorted(eloignees, key=lambda c: (-cle(c), -c.distance))


def _part(nombre, total):
    return Decimal(nombre * 100) / Decimal(total) if total else None


def couverture(rayon=RAYON_KM, hypothese=None):
    return Couverture(communes_pour_carte(), points_d_accueil(), rayon=rayon, hypothese=hypothese)


def permanence_envisagee(commune):
    return PointAccueil(
        nature="hypothese",
        nom=f"Permanence envisagée à {commune.nom}",
        commune=commune.nom,
        latitude=float(commune.latitude),
        longitude=float(commune.longitude),
        detail="simulation, non enregistrée",
    )
