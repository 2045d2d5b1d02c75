"""Opening hours in the OpenStreetMap `opening_hours` syntax, the subset a Mission Locale needs.

DORA and the national directories store hours this way; a string staff type once is read back in
French on every page. Understood here:

    Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00
    Tu[2] 14:00-17:00               (second Tuesday of the month)
    Mo,We,Fr 09:00-12:00; Th off    (closed)
    24/7

Anything else (holidays, months, sunrise...) is refused with a French message rather than guessed.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

JOURS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
NOMS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EXEMPLE = "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00"

_JOUR = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_ELEMENT_JOURS = re.compile(rf"^({_JOUR})(?:-({_JOUR})|\[(-?[1-5](?:,-?[1-5])*)\])?$")
_PLAGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
# Commas between days, not those inside "Tu[1,3]".
_HORS_CROCHETS = re.compile(r",(?![^\[]*\])")


@dataclass(frozen=True)
class Jours:
    """One element of a day selector: a day, a range of days, or given occurrences of a day."""

    debut: int
    fin: int
    rangs: tuple = ()


@dataclass
class Regle:
    jours: list = field(default_factory=list)  # empty: every day
    plages: list = field(default_factory=list)  # [(minutes from midnight, minutes)]
    ferme: bool = False


class HorairesIllisibles(ValueError):
    pass


def analyser(texte):
    """The rules of an `opening_hours` string, or HorairesIllisibles saying in French what is wrong."""
    texte = (texte or "").strip()
    if not texte:
        return []
    if texte == "24/7":
        return [Regle(plages=[(0, 24 * 60)])]
    regles = []
    for morceau in texte.split(";"):
        morceau = morceau.strip()
        if not morceau:
            continue
        regles.append(_regle(morceau))
    return regles


def _regle(morceau):
    parties = morceau.split()
    if len(parties) == 1 and _PLAGE.match(parties[0].split(",")[0]):
        return Regle(plages=_plages(parties[0], morceau))
    if len(parties) != 2:
        raise HorairesIllisibles(
            f"« {morceau} » : écrivez les jours puis les heures, séparés par une espace (« Mo 09:00-12:00 »)."
        )
    jours, heures = parties
    regle = Regle(jours=[_jours(element, morceau) for element in _HORS_CROCHETS.split(jours)])
    if heures in {"off", "closed"}:
        regle.ferme = True
    else:
        regle.plages = _plages(heures, morceau)
    return regle


def _jours(element, morceau):
    trouve = _ELEMENT_JOURS.match(element)
    if not trouve:
        raise HorairesIllisibles(
            f"« {morceau} » : jour « {element} » inconnu ; écrivez les jours en abrégé anglais "
            "(Mo, Tu, We, Th, Fr, Sa, Su), par exemple « Mo-Fr »."
        )
    debut = JOURS.index(trouve[1])
    fin = JOURS.index(trouve[2]) if trouve[2] else debut
    if fin < debut:
        raise HorairesIllisibles(f"« {morceau} » : la période « {element} » finit avant de commencer.")
    rangs = tuple(int(r) for r in trouve[3].split(",")) if trouve[3] else ()
    return Jours(debut, fin, rangs)


def _plages(heures, morceau):
    plages = []
    for plage in heures.split(","):
        trouve = _PLAGE.match(plage)
        if not trouve:
            raise HorairesIllisibles(
                f"« {morceau} » : horaire « {plage} » illisible ; écrivez-le sur 24 heures, "
                "comme « 08:30-12:00 »."
            )
        h1, m1, h2, m2 = (int(v) for v in trouve.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise HorairesIllisibles(f"« {morceau} » : l'heure « {plage} » n'existe pas.")
        debut, fin = h1 * 60 + m1, h2 * 60 + m2
        if fin <= debut:
            raise HorairesIllisibles(f"« {morceau} » : la plage « {plage} » finit avant de commencer.")
        if plages and debut < plages[-1][1]:
            raise HorairesIllisibles(
                f"« {morceau} » : les plages se chevauchent ou ne sont pas dans l'ordre de la journée."
            )
        plages.append((debut, fin))
    return plages


def valider_horaires(texte):
    """Model and form validator: a French message naming the faulty part and showing an example."""
    try:
        analyser(texte)
    except HorairesIllisibles as erreur:
        raise ValidationError(
            f"{erreur} Exemple de saisie : « {EXEMPLE} ».", code="horaires_illisibles"
        ) from erreur


def en_francais(texte):
    """The hours as a French sentence per rule, or the text itself when it does not parse (older
    entries typed freely)."""
    try:
        regles = analyser(texte)
    except HorairesIllisibles:
        return [texte]
    return [_phrase(regle) for regle in regles]


def _heure(minutes):
    heures, reste = divmod(minutes, 60)
    return f"{heures} h {reste:02d}" if reste else f"{heures} h"


def _phrase(regle):
    if not regle.jours and regle.plages == [(0, 24 * 60)]:
        return "tous les jours, 24 heures sur 24"
    jours = _liste([_jours_en_francais(j) for j in regle.jours]) if regle.jours else "tous les jours"
    if regle.ferme:
        return f"{jours} : fermé"
    return f"{jours}, " + " et ".join(f"{_heure(a)} – {_heure(b)}" for a, b in regle.plages)


def _jours_en_francais(jours):
    if jours.rangs:
        rangs = _liste([_rang(r) for r in jours.rangs])
        pluriel = "s" if len(jours.rangs) > 1 else ""
        return f"le{pluriel} {rangs} {NOMS[jours.debut]}{pluriel} du mois"
    if jours.debut == jours.fin:
        return f"le {NOMS[jours.debut]}"
    return f"du {NOMS[jours.debut]} au {NOMS[jours.fin]}"


def _rang(rang):
    if rang == -1:
        return "dernier"
    return "1er" if rang == 1 else f"{rang}e"


def _liste(mots):
    return mots[0] if len(mots) == 1 else ", ".join(mots[:-1]) + " et " + mots[-1]
