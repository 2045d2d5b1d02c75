from django import template

from ..carte import Carte
from ..couverture import couverture

register = template.Library()


@register.inclusion_tag("antennes/includes/_carte_rapport_contenu.html")
def carte_du_territoire():
    """The coverage map of fiche 1.1 for the CA report: distance to the nearest point of contact.
    Three queries; drawn when the report is rendered (a frozen report's rendering is cached)."""
    etat = couverture()
    return {"carte": Carte(etat, mesure="distance"), "etat": etat, "prefixe": "rapport-carte"}
