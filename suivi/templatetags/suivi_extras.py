from django import template
from django.utils.safestring import mark_safe

from plan.models import Meteo
from suivi.forms import attributs_html, echapper

register = template.Library()

ICONES_METEO = {Meteo.SOLEIL: "☀️", Meteo.NUAGE: "☁️", Meteo.ORAGE: "⛈️"}


@register.filter
def icone_meteo(valeur):
    """The météo's pictogram; always shown next to its text label, never alone."""
    return ICONES_METEO.get(valeur, "")


MARQUE_OBLIGATOIRE = (
    ' <span class="text-danger" aria-hidden="true">*</span>'
    '<span class="visually-hidden"> (obligatoire)</span>'
)


def _erreur_et_aide(champ):
    """The field's error then its help, with the ids that the widget's aria-describedby names."""
    html = ""
    if champ.errors:
        erreurs = " ".join(echapper(erreur) for erreur in champ.errors)
        html += (
            f'\n  <div class="invalid-feedback d-block" id="{echapper(champ.auto_id)}_error">{erreurs}</div>'
        )
    if champ.help_text:
        aide = echapper(champ.help_text)
        html += f'\n  <div class="form-text" id="{echapper(champ.auto_id)}_helptext">{aide}</div>'
    return html


@register.simple_tag
def champ(champ, en_ligne=False):
    """One form field: its label, its widget, then its error and help right below, linked to it by
    aria-describedby. Written in Python rather than included from a template: the fiche page has
    hundreds of fields (seven per step), and an include each was most of its rendering time."""
    libelle = echapper(champ.label)
    if champ.is_hidden:
        html = str(champ)
    elif champ.use_fieldset:
        decrit = f' aria-describedby="{echapper(champ.aria_describedby)}"' if champ.aria_describedby else ""
        initiale = champ.as_hidden(only_initial=True) if champ.field.show_hidden_initial else ""
        html = (
            f'<fieldset class="mb-2"{decrit}>'
            f'\n  <legend class="form-label fs-6 mb-1">{libelle}</legend>'
            f'\n  <div class="choix-options">{options_a_cocher(champ, en_ligne)}\n  </div>'
            f"\n  {initiale}{_erreur_et_aide(champ)}\n</fieldset>"
        )
    elif champ.widget_type == "checkbox":
        html = (
            f'<div class="form-check mb-2">\n  {champ}'
            f'\n  <label class="form-check-label" for="{echapper(champ.id_for_label)}">{libelle}</label>'
            f"{_erreur_et_aide(champ)}\n</div>"
        )
    else:
        requis = MARQUE_OBLIGATOIRE if champ.field.required else ""
        html = (
            f'<div class="mb-2">\n  <label class="form-label" for="{echapper(champ.id_for_label)}">'
            f"{libelle}{requis}</label>\n  {champ}{_erreur_et_aide(champ)}\n</div>"
        )
    return mark_safe(html)  # noqa: S308 — all escaped above


@register.simple_tag
def options_a_cocher(champ, en_ligne=False):
    """The radio buttons or checkboxes of `champ`, each with its label, written in Python: one
    template per option (Django's `option.tag`) made the list of the whole staff slow to render."""
    classe = "form-check form-check-inline" if en_ligne else "form-check"
    morceaux = []
    for option in champ.subwidgets:
        donnees = option.data
        valeur = "" if donnees["value"] is None else f' value="{echapper(donnees["value"])}"'
        icone = ICONES_METEO.get(donnees["value"], "") if champ.name == "meteo" else ""
        icone = f'<span aria-hidden="true">{icone}</span> ' if icone else ""
        morceaux.append(
            f'\n    <div class="{classe}">'
            f'\n      <input type="{donnees["type"]}" name="{echapper(donnees["name"])}"{valeur}'
            f"{attributs_html(donnees['attrs'])}>"
            f'\n      <label class="form-check-label" for="{echapper(option.id_for_label)}">'
            f"{icone}{echapper(donnees['label'])}</label>"
            "\n    </div>"
        )
    return mark_safe("".join(morceaux))  # noqa: S308 — all escaped above
