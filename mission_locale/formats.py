"""How the application writes dates, times and numbers, in French, everywhere: pages, e-mails,
journal messages, reports and their PDF. Templates get these as built-in filters
(mission_locale/gabarits.py); Python code imports them from here.
"""

import functools
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import get_language

# Narrow no-break space: French typography before « % ».
FINE = "\u202f"

# The abbreviations of the French typographic usage (Django's "N" gives « jan. », « fév. »).
MOIS_COURTS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def date_longue(valeur):
    """« 1er décembre 2026 »; a datetime adds its local time: « 1er décembre 2026 à 10 h 06 »."""
    if not valeur:
        return ""
    if isinstance(valeur, datetime):
        moment = timezone.localtime(valeur) if timezone.is_aware(valeur) else valeur
        return f"{_jour_long(moment.date(), get_language())} à {heure(moment)}"
    if isinstance(valeur, date):
        return _jour_long(valeur, get_language())
    return str(valeur)


# A report writes the same few hundred dates thousands of times; the language is part of the key.
@functools.lru_cache(maxsize=4096)
def _jour_long(jour, langue):
    texte = formats.date_format(jour, "j F Y")
    return "1er" + texte[1:] if jour.day == 1 else texte


def heure(moment):
    """« 10 h 06 », « 9 h 00 »."""
    if not moment:
        return ""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment.hour} h {moment.minute:02d}"


def date_courte(jour):
    """« 01/12/2026 »: chart axes and spreadsheet cells, where a long date does not fit."""
    return f"{jour:%d/%m/%Y}" if jour else ""


def mois_court(jour):
    """« janv. 2025 », for chart axes."""
    return f"{MOIS_COURTS[jour.month - 1]} {jour.year}"


def _decimal(valeur):
    try:
        return Decimal(str(valeur)) if not isinstance(valeur, Decimal) else valeur
    except (InvalidOperation, ValueError):
        return None


def nombre(valeur, decimales=None):
    """« 1 250 », « 70,66 », « 42,5 »: French grouping and comma. Without `decimales`, the decimals
    the value really has (no trailing zeros of a stored 70.50); with it, rounded to that many.
    Nothing to show is « — »."""
    if valeur is None or valeur == "":
        return "—"
    if type(valeur) is int and decimales is None:
        # Counts and populations, by the thousand on some pages: the same text without the Decimal
        # round trip and Django's number formatting.
        return f"{valeur:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    valeur = _decimal(valeur)
    if valeur is None:
        return "—"
    if decimales is None:
        decimales = max(0, -valeur.normalize().as_tuple().exponent)
    else:
        valeur = valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
        decimales = max(0, -valeur.normalize().as_tuple().exponent)
    # What `number_format(…, force_grouping=True)` writes for French (groups of three), by Python's
    # own formatting: a table of years of measures writes a thousand numbers.
    texte = f"{abs(valeur) if valeur == 0 else valeur:,.{decimales}f}"  # no « -0 » once rounded
    separateurs = {
        ord(","): formats.get_format("THOUSAND_SEPARATOR"),
        ord("."): formats.get_format("DECIMAL_SEPARATOR"),
    }
    return texte.translate(separateurs)


def pourcent(valeur):
    """« 42 % », « 70,7 % » (one decimal at most)."""
    if valeur is None or valeur == "":
        return "—"
    return f"{nombre(valeur, 1)}{FINE}%"


def pourcentage_entier(valeur):
    """An integer 0-100, for CSS width classes and ARIA values."""
    try:
        return max(0, min(100, int(Decimal(valeur or 0).quantize(Decimal(1)))))
    except (InvalidOperation, TypeError, ValueError):
        return 0


def ecart(valeur):
    """A progress change in percentage points: « +12,5 points », « −3 points », « inchangé »."""
    if valeur is None:
        return "—"
    valeur = _decimal(valeur)
    if not valeur:
        return "inchangé"
    signe = "+" if valeur > 0 else "−"
    return f"{signe}{nombre(abs(valeur), 1)}\u00a0point{'s' if abs(valeur) >= 2 else ''}"
