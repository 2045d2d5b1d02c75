"""What the territory map draws besides the communes: points registered by the apps that own them.

The antennes app draws the communes, antennes and permanences itself; an app on top of it (the
partners' addresses, for instance) registers a function from its AppConfig.ready():

    from antennes.carte import PointCarte, enregistrer_couche

    enregistrer_couche("partenaires", "Partenaires", lambda: [PointCarte(...), ...])

so that the map shows them without the antennes app importing that app.
"""

from dataclasses import dataclass


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
