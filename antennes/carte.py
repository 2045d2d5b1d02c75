"""What the territory map draws besides the communes: points registered by the apps that own them.

The antennes app draws the communes, antennes and permanences itself; an app on top of it (the
partners' addresses, for instance) registers a function from its AppConfig.ready():

    from antennes.carte import PointCarte, enregistrer_couche

    enregistrer_couche("partenaires", "Partenaires", lambda: [PointCarte(...), ...])

so that the map shows them without the antennes app importing that app.
"""

from dataclasses import dataclass
from math import cos, radians

from . import geo


@dataclass(frozen=True)
class PointCarte:
    nom: str
    latitude: float
    longitude: float
    categorie: str
    url: str = ""
    detail: str = ""


COUCHES = {}


def enregistrer_couche(code, libelle, points):
    """Register a layer: `points()` returns the PointCarte to draw (in a bounded number of queries)."""
    COUCHES[code] = (libelle, points)


# The map drawn on the server: one SVG for the page, the print stylesheet and the CA report --------

LARGEUR = 800
MARGE = 10
SANS_DONNEE = "url(#carte-hachures)"
BLEUS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
ROUGES = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]


@dataclass(frozen=True)
class Mesure:
    code: str
    libelle: str
    unite: str = ""


MESURES = {
    "population": Mesure("population", "Population (INSEE)", "habitants"),
    "jeunes": Mesure("jeunes", "Jeunes suivis (dernière année saisie)", "jeunes"),
    "distance": Mesure(
        "distance", "Distance au lieu d'accueil le plus proche (à vol d'oiseau, approximative)", "km"
    ),
    "qpv": Mesure("qpv", "Quartier prioritaire (QPV) signalé"),
}


def _nombre(valeur):
    return f"{valeur:,}".replace(",", "\u202f")


def _classes(seuils, palette, unite, format_=_nombre):
    """Legend classes [(lower bound or None, colour, label)] for increasing thresholds."""
    classes = [(None, palette[0], f"moins de {format_(seuils[0])} {unite}")]
    for i, seuil in enumerate(seuils):
        haut = seuils[i + 1] if i + 1 < len(seuils) else None
        libelle = (
            f"de {format_(seuil)} à moins de {format_(haut)} {unite}"
            if haut
            else f"{format_(seuil)} {unite} et plus"
        )
        classes.append((seuil, palette[i + 1], libelle))
    return classes


def _seuils_par_quantiles(valeurs):
    """Four thresholds splitting the values in five groups of similar size, without repeats."""
    valeurs = sorted(v for v in valeurs if v is not None)
    if not valeurs:
        return []
    seuils = sorted({max(1, valeurs[len(valeurs) * k // 5]) for k in range(1, 5)})
    return seuils


class Carte:
    """Communes as paths, points of contact as markers, a legend: everything the template draws."""

    def __init__(self, couverture, mesure="population", couches=()):
        self.couverture = couverture
        self.mesure = MESURES.get(mesure, MESURES["population"])
        communes = [c for c in couverture.lignes if c.contour]
        anneaux = [anneau for c in communes for polygone in geo.polygones(c.contour) for anneau in polygone]
        if not anneaux:
            self.communes, self.marqueurs, self.legende, self.hauteur = [], [], [], 0
            return
        lons = [p[0] for anneau in anneaux for p in anneau]
        lats = [p[1] for anneau in anneaux for p in anneau]
        self.lon_min, self.lat_max = min(lons), max(lats)
        # Equirectangular projection at the area's mean latitude: at this scale (60 km) the
        # distortion is far below what the eye sees.
        self.cos_lat = cos(radians((min(lats) + self.lat_max) / 2))
        self.echelle = (LARGEUR - 2 * MARGE) / ((max(lons) - self.lon_min) * self.cos_lat)
        self.hauteur = round((self.lat_max - min(lats)) * self.echelle + 2 * MARGE)
        self.largeur = LARGEUR
        self.legende = self._legende(communes)
        self.communes = [
            (commune, self._chemin(commune.contour), self._couleur(commune)) for commune in communes
        ]
        points = couverture.points + ([couverture.hypothese] if couverture.hypothese else [])
        self.marqueurs = [(point, *self.projeter(point.latitude, point.longitude)) for point in points]
        self.couches = [
            (libelle, [(p, *self.projeter(p.latitude, p.longitude)) for p in COUCHES[code][1]()])
            for code, libelle in ((c, COUCHES[c][0]) for c in couches if c in COUCHES)
        ]

    def projeter(self, latitude, longitude):
        x = MARGE + (float(longitude) - self.lon_min) * self.cos_lat * self.echelle
        y = MARGE + (self.lat_max - float(latitude)) * self.echelle
        return round(x, 1), round(y, 1)

    def _chemin(self, contour):
        morceaux = []
        for polygone in geo.polygones(contour):
            for anneau in polygone:
                coordonnees = [self.projeter(lat, lon) for lon, lat, *_ in anneau]
                morceaux.append("M" + "L".join(f"{x} {y}" for x, y in coordonnees) + "Z")
        return "".join(morceaux)

    def valeur(self, commune):
        if self.mesure.code == "qpv":
            return commune.a_un_qpv
        if self.mesure.code == "distance":
            return None if commune.distance is None else round(commune.distance, 1)
        return getattr(commune, self.mesure.code)

    def _legende(self, communes):
        code = self.mesure.code
        if code == "qpv":
            self._classes = []
            return [("#f0f0f0", "Aucun QPV signalé"), ("#54278f", "QPV signalé")]
        if code == "distance":
            self._classes = _classes([5, 10, 15, 20], ROUGES, "km")
        elif code == "population":
            self._classes = _classes([1000, 2500, 5000, 10000], BLEUS, "habitants")
        else:
            seuils = _seuils_par_quantiles([c.jeunes for c in communes])
            self._classes = _classes(seuils, BLEUS, "jeunes") if seuils else []
        legende = [(couleur, libelle) for _, couleur, libelle in self._classes]
        if any(self.valeur(c) is None for c in communes):
            legende.append((SANS_DONNEE, "Non renseigné"))
        return legende

    def _couleur(self, commune):
        valeur = self.valeur(commune)
        if self.mesure.code == "qpv":
            return "#54278f" if valeur else "#f0f0f0"
        if valeur is None or not self._classes:
            return SANS_DONNEE
        couleur = self._classes[0][1]
        for seuil, teinte, _ in self._classes[1:]:
            if valeur >= seuil:
                couleur = teinte
        return couleur

    @property
    def description(self):
        c = self.couverture
        return (
            f"{len(self.communes)} communes colorées selon : {self.mesure.libelle.lower()}. "
            f"{sum(1 for p in c.points if p.nature in ('siege', 'antenne'))} antennes (carrés) et "
            f"{sum(1 for p in c.points if p.nature == 'permanence')} permanences (ronds). "
            f"{c.nb_couvertes} communes sur {c.nb_communes} ont un lieu d'accueil à moins de "
            f"{_nombre(c.rayon)} km à vol d'oiseau. Le tableau qui suit la carte en donne les chiffres."
        )
