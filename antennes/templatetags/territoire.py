from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

from mission_locale.formats import nombre

from ..carte import Carte
from ..couverture import couverture

register = template.Library()


@register.inclusion_tag("antennes/includes/_carte_rapport_contenu.html")
def carte_du_territoire():
    """The coverage map of fiche 1.1 for the CA report: distance to the nearest point of contact.
    Three queries; drawn when the report is rendered (a frozen report's rendering is cached)."""
    etat = couverture()
    return {"carte": Carte(etat, mesure="distance"), "etat": etat, "prefixe": "rapport-carte"}


# The territory page lists every commune (104 for the arrondissement, 2 080 at twenty times the
# volumes) in two tables and a list of choices. They are written in Python with the standard
# library's escape: through a template loop, or even format_html (a lazy-aware wrapper per value),
# the rows cost more than the whole coverage computation.


# Cell class attributes: figures to the right, a distance on one line too.
A_DROITE = ' class="text-end"'
DISTANCE = ' class="text-end text-nowrap"'


@register.simple_tag
def lignes_des_communes(communes):
    """The rows of the communes table, the text alternative of the map."""
    lignes = (
        (
            c.nom,
            c.code_insee,
            c.codes_postaux_texte,
            nombre(c.population),
            f"{nombre(c.jeunes)} ({c.annee_jeunes})" if c.jeunes is not None else "—",
            "oui" if c.a_un_qpv else "—",
            c.point_proche.nom if c.point_proche else "—",
            _distance(c.distance),
        )
        for c in communes
    )
    return _lignes(lignes, ("", "", A_DROITE, A_DROITE, "", "", DISTANCE))


@register.simple_tag
def lignes_des_besoins(communes):
    """The rows of the needs table: communes beyond the distance, farthest need first."""
    lignes = (
        (
            c.nom,
            nombre(c.population),
            "—" if c.jeunes is None else c.jeunes,
            "oui" if c.a_un_qpv else "—",
            c.point_proche.nom if c.point_proche else "",
            _distance(c.distance),
        )
        for c in communes
    )
    return _lignes(lignes, (A_DROITE, A_DROITE, "", "", DISTANCE))


@register.simple_tag
def options_des_communes(communes, choisie):
    """The <option>s of the communes where a permanence can be simulated."""
    return mark_safe(  # noqa: S308 — every value escaped
        "".join(
            f'<option value="{pk}"{" selected" if pk == choisie else ""}>{escape(nom)}</option>'
            for pk, nom in communes
        )
    )


def _lignes(lignes, classes):
    """<tr>s of a row header then cells, each cell with its class attribute from `classes`."""
    html = []
    for entete, *cellules in lignes:
        html.append(
            f'<tr><th scope="row">{escape(str(entete))}</th>'
            + "".join(
                f"<td{c}>{escape(str(valeur))}</td>" for c, valeur in zip(classes, cellules, strict=True)
            )
            + "</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 — every value escaped


def _distance(distance):
    return "—" if distance is None else f"{floatformat(distance, 1)} km"
