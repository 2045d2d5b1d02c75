"""Charts drawn on the server as inline SVG, so that the report and its PDF need no JavaScript.

Every text that comes from users goes through `format_html`. Colour is never the only carrier of
meaning: lines also differ by dash pattern and are named in the legend, and each chart sits next to
a table of the same figures.
"""

import base64
import functools

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from mission_locale.formats import date_longue, mois_court, nombre

# Readable on white (contrast ≥ 4.5:1) and distinguishable with the common colour blindnesses.
COULEURS = ["#1d4e89", "#b35900", "#1f7a4d", "#7b2d8e", "#8a6d00", "#b02a37"]
POINTILLES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
GRIS = "#495057"


def _echelle(mini, maxi, debut, fin):
    etendue = (maxi - mini) or 1

    def projeter(valeur):
        return round(debut + (float(valeur) - mini) / etendue * (fin - debut), 1)

    return projeter


def _svg(largeur, hauteur, titre, description, morceaux):
    """The chart as an <img> of an SVG data URI, its alternative text being the title and summary.

    An image rather than inline SVG: WeasyPrint then draws it without running the CSS cascade on
    every point (several times faster for a long report) and tags it as a figure with its text.
    """
    svg = format_html(
        '<svg viewBox="0 0 {l} {h}" width="{l}" height="{h}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="DejaVu Sans, Arial, sans-serif"><title>{t}</title>{m}</svg>',
        l=largeur,
        h=hauteur,
        t=titre,
        m=mark_safe("".join(morceaux)),  # noqa: S308 — every piece was built by format_html
    )
    return format_html(
        '<img class="graphique-svg" src="data:image/svg+xml;base64,{}" width="{}" height="{}" alt="{}">',
        base64.b64encode(str(svg).encode()).decode(),
        largeur,
        hauteur,
        f"{titre}. {description}",
    )


def _ligne(x1, y1, x2, y2, couleur, epaisseur=1, pointilles=""):
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}" stroke-dasharray="{}"/>',
        x1,
        y1,
        x2,
        y2,
        couleur,
        epaisseur,
        pointilles,
    )


def _texte(x, y, texte, couleur=GRIS, taille=10, ancre="start", gras=False):
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}"{}>{}</text>',
        x,
        y,
        taille,
        couleur,
        ancre,
        mark_safe(' font-weight="bold"') if gras else "",
        texte,
    )


def _axe_des_dates(premier, dernier, gauche, droite, bas):
    return [
        _ligne(gauche, bas, droite, bas, "#6c757d"),
        _texte(gauche, bas + 16, mois_court(premier)),
        _texte(droite, bas + 16, mois_court(dernier), ancre="end"),
    ]


def graphique_indicateur(indicateur):
    """An indicator's measures against its initial value and target.

    `indicateur` has libelle, unite, valeur_initiale, cible (Decimal), date_cible (date or None) and
    mesures [(date, Decimal)], oldest first.
    """
    return _graphique_indicateur(
        indicateur.libelle,
        indicateur.unite,
        indicateur.valeur_initiale,
        indicateur.cible,
        indicateur.date_cible,
        tuple(indicateur.mesures),
        timezone.localdate(),
    )


# A report draws hundreds of charts that rarely change between two readings (a new measure changes
# the arguments, so the key): each process keeps the latest ones instead of drawing them again.
@functools.lru_cache(maxsize=2048)
def _graphique_indicateur(libelle, unite, valeur_initiale, cible, date_cible, mesures, aujourdhui):
    gauche, droite, haut, bas = 64, 500, 16, 146
    valeurs = [float(v) for _, v in mesures] + [float(valeur_initiale), float(cible)]
    marge = (max(valeurs) - min(valeurs)) * 0.08 or 1
    y = _echelle(min(valeurs) - marge, max(valeurs) + marge, bas, haut)
    dates = [d for d, _ in mesures] + ([date_cible] if date_cible else [])
    premier = min(dates, default=aujourdhui)
    dernier = max(dates, default=premier)
    x = _echelle(premier.toordinal(), max(dernier.toordinal(), premier.toordinal() + 1), gauche, droite)
    suffixe = f" {unite}" if unite else ""
    reperes = f"valeur de départ {nombre(valeur_initiale)}, cible {nombre(cible)}{suffixe}"
    if mesures:
        date_derniere, derniere = mesures[-1]
        description = (
            f"{len(mesures)} mesure(s) ; dernière valeur {nombre(derniere)}{suffixe} "
            f"au {date_longue(date_derniere)} ; {reperes}."
        )
    else:
        description = f"Aucune mesure ; {reperes}."

    y_cible, y_depart = y(cible), y(valeur_initiale)
    morceaux = [
        *_axe_des_dates(premier, dernier, gauche, droite, bas),
        _ligne(gauche, y_cible, droite, y_cible, "#1f7a4d", 1.5, "6 4"),
        _texte(gauche - 4, y_cible + 4, f"Cible {nombre(cible)}", "#1f7a4d", ancre="end"),
        _ligne(gauche, y_depart, droite, y_depart, "#6c757d", 1, "2 3"),
        _texte(gauche - 4, y_depart + 4, f"Départ {nombre(valeur_initiale)}", ancre="end"),
    ]
    if mesures:
        points = [(x(d.toordinal()), y(v)) for d, v in mesures]
        morceaux.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#1d4e89" stroke-width="2"/>',
                " ".join(f"{px},{py}" for px, py in points),
            )
        )
        # Every measure as a dot while they stay apart; beyond, the line alone stays readable.
        points_marques = points if len(points) <= 24 else points[-1:]
        morceaux.append(
            format_html_join("", '<circle cx="{}" cy="{}" r="3" fill="#1d4e89"/>', points_marques)
        )
        px, py = points[-1]
        morceaux.append(_texte(px, py - 7, nombre(derniere), "#1d4e89", 11, "end", gras=True))
    return _svg(520, 170, f"Indicateur « {libelle} »", description, morceaux)


def graphique_evolution(series):
    """Monthly progress lines (0-100 %): `series` is [(libelle, [(date, Decimal)])], the plan first."""
    gauche, droite, haut, bas = 40, 440, 12, 210
    y = _echelle(0, 100, bas, haut)
    dates = [d for _, points in series for d, _ in points]
    premier = min(dates, default=timezone.localdate())
    dernier = max(dates, default=premier)
    x = _echelle(premier.toordinal(), max(dernier.toordinal(), premier.toordinal() + 1), gauche, droite)
    morceaux = _axe_des_dates(premier, dernier, gauche, droite, bas)
    for valeur in range(25, 101, 25):
        morceaux.append(_ligne(gauche, y(valeur), droite, y(valeur), "#dee2e6"))
        morceaux.append(_texte(gauche - 4, y(valeur) + 3, f"{valeur} %", ancre="end"))
    for rang, (libelle, points) in enumerate(series):
        if not points:
            continue
        couleur, pointilles = COULEURS[rang % len(COULEURS)], POINTILLES[rang % len(POINTILLES)]
        epaisseur = 3 if rang == 0 else 2
        morceaux.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" stroke-dasharray="{}"/>',
                " ".join(f"{x(d.toordinal())},{y(v)}" for d, v in points),
                couleur,
                epaisseur,
                pointilles,
            )
        )
        # The legend names each line next to a sample of its dash pattern.
        legende = haut + 10 + 20 * rang
        morceaux.append(_ligne(droite + 12, legende, droite + 40, legende, couleur, epaisseur, pointilles))
        morceaux.append(_texte(droite + 46, legende + 4, f"{libelle} : {nombre(points[-1][1])} %", taille=11))
    description = "Dernières valeurs : " + " ; ".join(
        f"{libelle} {nombre(points[-1][1])} %" for libelle, points in series if points
    )
    return _svg(640, 240, "Évolution mensuelle de l'avancement", description, morceaux)
