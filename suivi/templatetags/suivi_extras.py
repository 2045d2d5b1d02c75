from decimal import Decimal

from django import template
from django.utils import formats

from plan.models import Meteo

register = template.Library()

ICONES_METEO = {Meteo.SOLEIL: "☀️", Meteo.NUAGE: "☁️", Meteo.ORAGE: "⛈️"}


@register.filter
def icone_meteo(valeur):
    """The météo's pictogram; always shown next to its text label, never alone."""
    return ICONES_METEO.get(valeur, "")


@register.filter
def initiale_cachee(champ):
    """The hidden copy of the displayed value (show_hidden_initial) for fields rendered option by option."""
    return champ.as_hidden(only_initial=True)


@register.filter
def nombre(valeur):
    """'1 234,5': French grouping, without the trailing zeros of the stored decimals."""
    if valeur is None or valeur == "":
        return "—"
    valeur = Decimal(valeur)
    decimales = max(0, -valeur.normalize().as_tuple().exponent)
    return formats.number_format(valeur, decimal_pos=decimales, use_l10n=True, force_grouping=True)
