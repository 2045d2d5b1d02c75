from django import template

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
