from django import template
from django.utils.safestring import mark_safe

from plan.models import Meteo

register = template.Library()

ICONES_METEO = {Meteo.SOLEIL: "☀️", Meteo.NUAGE: "☁️", Meteo.ORAGE: "⛈️"}


@register.filter
def icone_meteo(valeur):
    """The météo's pictogram; always shown next to its text label, never alone."""
    return ICONES_METEO.get(valeur, "")


@register.simple_tag
def valeurs_affichees(formulaire):
    """The hidden copies of the values displayed (fields with `show_hidden_initial`), which
    crispy-forms does not write: the service compares them with the database to refuse a change
    made meanwhile by someone else."""
    return mark_safe(  # noqa: S308 — Django's own widgets, which escape their values
        "".join(
            formulaire[nom].as_hidden(only_initial=True)
            for nom, champ in formulaire.fields.items()
            if champ.show_hidden_initial
        )
    )
