from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from mission_locale.formats import date_longue, nombre, pourcent
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


@register.simple_tag(takes_context=True)
def lignes_des_mesures(context, indicateur, fiche):
    """The rows of an indicator's table of measures (the text alternative to its chart), written in
    Python: a fiche with years of monthly measures has hundreds of rows, which a template loop
    draws slower than the rest of the page. A correction form sent back with its errors is still
    drawn by its template, in place of the link that fetches it."""
    corrigeable = bool(getattr(indicateur, "formulaire", None))
    unite = escape(indicateur.unite)
    formulaire_de_correction = None
    lignes = []
    for mesure in indicateur.mesures.all():
        jour = escape(date_longue(mesure.date))
        saisie = escape(mesure.nom_saisi_par)
        if mesure.corrige:
            saisie += (
                f'<br><span class="small">corrige la valeur {escape(nombre(mesure.corrige.valeur))} '
                f"saisie le {escape(date_longue(mesure.corrige.saisi_le))}</span>"
            )
        cellules = [
            f'<th scope="row">{jour}</th>',
            f"<td>{escape(nombre(mesure.valeur))} {unite}</td>",
            f"<td>{escape(pourcent(mesure.part_atteinte))}</td>",
            f"<td>{escape(mesure.commentaire or '—')}</td>",
            f"<td>{saisie}</td>",
        ]
        if corrigeable:
            if getattr(mesure, "formulaire", None):
                formulaire_de_correction = formulaire_de_correction or context.template.engine.get_template(
                    "suivi/includes/_correction_mesure.html"
                )
                with context.push(mesure=mesure, f=mesure.formulaire, ouvert=True):
                    correction = formulaire_de_correction.render(context)
            else:
                adresse = escape(reverse("suivi:mesure-corriger", args=[fiche.code, mesure.pk]))
                correction = (
                    f'<div id="correction-{mesure.pk}"><a href="{adresse}" hx-get="{adresse}" '
                    f'hx-target="#correction-{mesure.pk}" hx-swap="innerHTML">Corriger'
                    f'<span class="visually-hidden"> la mesure du {jour}</span></a></div>'
                )
            cellules.append(f'<td class="no-print">{correction}</td>')
        lignes.append(f"<tr>{''.join(cellules)}</tr>")
    return mark_safe("\n".join(lignes))  # noqa: S308 — every value escaped, the form by its template
