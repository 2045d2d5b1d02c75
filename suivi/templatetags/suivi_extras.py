from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe

from plan.models import Meteo
from suivi.forms import attributs_html

register = template.Library()

ICONES_METEO = {Meteo.SOLEIL: "☀️", Meteo.NUAGE: "☁️", Meteo.ORAGE: "⛈️"}


@register.filter
def icone_meteo(valeur):
    """The météo's pictogram; always shown next to its text label, never alone."""
    return ICONES_METEO.get(valeur, "")


@register.simple_tag
def options_a_cocher(champ, en_ligne=False):
    """The radio buttons or checkboxes of `champ`, each with its label, written in Python: one
    template per option (Django's `option.tag`) made the list of the whole staff slow to render."""
    classe = "form-check form-check-inline" if en_ligne else "form-check"
    morceaux = []
    for option in champ.subwidgets:
        donnees = option.data
        valeur = "" if donnees["value"] is None else f' value="{escape(donnees["value"])}"'
        icone = ICONES_METEO.get(donnees["value"], "") if champ.name == "meteo" else ""
        icone = f'<span aria-hidden="true">{icone}</span> ' if icone else ""
        morceaux.append(
            f'\n    <div class="{classe}">'
            f'\n      <input type="{donnees["type"]}" name="{escape(donnees["name"])}"{valeur}'
            f"{attributs_html(donnees['attrs'])}>"
            f'\n      <label class="form-check-label" for="{escape(option.id_for_label)}">'
            f"{icone}{escape(donnees['label'])}</label>"
            "\n    </div>"
        )
    return mark_safe("".join(morceaux))  # noqa: S308 — all escaped above


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
