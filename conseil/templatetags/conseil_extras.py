import functools
from datetime import date, datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def ecart(valeur):
    """A progress change in percentage points: « +12,5 points », « −3 points », « inchangé »."""
    if valeur is None:
        return "—"
    valeur = Decimal(valeur)
    if not valeur:
        return "inchangé"
    signe = "+" if valeur > 0 else "−"
    nombre = floatformat(abs(valeur), -1)
    return f"{signe}{nombre}\u00a0point{'s' if abs(valeur) >= 2 else ''}"


@register.filter
def date_longue(valeur):
    """« 1er janvier 2024 », « 26 novembre 2026 » (with the time for a datetime: « à 18 h 30 »)."""
    if not valeur:
        return ""
    if isinstance(valeur, datetime):
        moment = timezone.localtime(valeur)
        return f"{date_longue(moment.date())} à {moment:%H} h {moment:%M}"
    if isinstance(valeur, date):
        return _jour_long(valeur, get_language())
    return valeur


# A report writes the same few hundred dates thousands of times; the language is part of the key.
@functools.lru_cache(maxsize=4096)
def _jour_long(jour, langue):
    texte = date_format(jour, "j F Y")
    return "1er" + texte[1:] if jour.day == 1 else texte


@register.filter
def nombre(valeur):
    """French notation, one decimal only when there is one: 1 250 · 42,5."""
    if valeur is None:
        return "—"
    return floatformat(valeur, "-1g")


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


@register.filter
def mois_court(jour):
    """« janv. 2025 », for chart axes."""
    return f"{MOIS_COURTS[jour.month - 1]} {jour.year}"
