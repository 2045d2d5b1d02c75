"""How two spellings of the same name are recognised as one, and what a valid SIRET is.

Used by the model (its stored `cle_nom`), the import (duplicates) and a migration, so it imports no
model.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# "Œ" and "Æ" do not decompose under NFKD: spelled out so that "Nœux" and "Noeux" meet.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# La Poste's establishments share a SIREN whose SIRETs do not follow the Luhn rule.
SIREN_LA_POSTE = "356000000"


def cle(texte):
    """Lower case, no accents, punctuation and runs of spaces reduced to one space."""
    texte = unicodedata.normalize("NFKD", (texte or "").translate(LIGATURES))
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    texte = re.sub(r"[’'`\-_.,;:/()\"]+", " ", texte)
    return re.sub(r"\s+", " ", texte).strip()


def siret_normalise(valeur):
    """The 14 digits of a SIRET typed with spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", str(valeur or ""))


def luhn_valide(chiffres):
    total = 0
    for rang, chiffre in enumerate(reversed(chiffres)):
        n = int(chiffre)
        if rang % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def valider_siret(valeur):
    siret = siret_normalise(valeur)
    if not siret:
        return
    if not re.fullmatch(r"\d{14}", siret):
        raise ValidationError("Un SIRET compte exactement 14 chiffres.", code="siret_longueur")
    if not siret.startswith(SIREN_LA_POSTE) and not luhn_valide(siret):
        raise ValidationError(
            "Ce SIRET n'est pas valide (clé de contrôle incorrecte) : vérifiez les chiffres.",
            code="siret_cle",
        )
