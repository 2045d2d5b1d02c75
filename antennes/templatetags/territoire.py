from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

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


@register.simple_tag
def lignes_des_communes(communes):
    """The rows of the communes table, the text alternative of the map."""
    return _lignes(
        (
            c.nom,
            c.code_insee,
            c.codes_postaux_texte,
            _entier(c.population),
            f"{_entier(c.jeunes)} ({c.annee_jeunes})" if c.jeunes is not None else "—",
            "oui" if c.a_un_qpv else "—",
            c.point_proche.nom if c.point_proche else "—",
            _distance(c.distance),
        )
        for c in communes
    )


@register.simple_tag
def lignes_des_besoins(communes):
    """The rows of the needs table: communes beyond the distance, farthest need first."""
    return _lignes(
        (
            c.nom,
            _entier(c.population),
            "—" if c.jeunes is None else c.jeunes,
            "oui" if c.a_un_qpv else "—",
            c.point_proche.nom if c.point_proche else "",
            _distance(c.distance),
        )
        for c in communes
    )


@register.simple_tag
def options_des_communes(communes, choisie):
    """The <option>s of the communes where a permanence can be simulated."""
    return mark_safe(  # noqa: S308 — every value escaped
        "".join(
            f'<option value="{pk}"{" selected" if pk == choisie else ""}>{escape(nom)}</option>'
            for pk, nom in communes
        )
    )


# The cells after the row header, in both tables: numbers and distances aligned to the right.
_CLASSES = {
    8: ("", "", ' class="text-end"', ' class="text-end"', "", "", ' class="text-end text-nowrap"'),
    6: (' class="text-end"', ' class="text-end"', "", "", ' class="text-end text-nowrap"'),
}


def _lignes(lignes):
    html = []
    for entete, *cellules in lignes:
        classes = _CLASSES[len(cellules) + 1]
        html.append(
            f'<tr><th scope="row">{escape(str(entete))}</th>'
            + "".join(
                f"<td{classe}>{escape(str(valeur))}</td>"
                for classe, valeur in zip(classes, cellules, strict=True)
            )
            + "</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 — every value escaped


def _entier(nombre):
    """What humanize's intcomma writes in French (a no-break space between thousands), for an
    integer, at a fraction of its cost (it goes through the localisation machinery each time)."""
    return "—" if nombre is None else f"{nombre:,}".replace(",", "\u00a0")


def _distance(distance):
    return "—" if distance is None else f"{floatformat(distance, 1)} km"
