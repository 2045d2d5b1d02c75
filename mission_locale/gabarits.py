"""Built-in template filters (see TEMPLATES in settings): every page writes dates, times and
numbers through mission_locale.formats, so the whole site reads the same."""

from django import template
from django.utils.html import format_html

from . import formats

register = template.Library()

for _nom in (
    "date_longue",
    "date_courte",
    "heure",
    "mois_court",
    "nombre",
    "pourcent",
    "pourcentage_entier",
    "ecart",
):
    register.filter(_nom, getattr(formats, _nom))


@register.filter
def reste(liste, limite):
    """How many items of `liste` are left out when only `limite` are shown."""
    return max(0, len(liste) - int(limite))


@register.simple_tag
def barre_avancement(valeur, libelle="Avancement"):
    """A progress bar with its figure written out. A tag rather than an include: reports draw
    hundreds of them and an include costs a template render each."""
    entier = formats.pourcentage_entier(valeur)
    return format_html(
        '<div class="d-flex align-items-center gap-2">'
        '<div class="progress flex-grow-1" role="progressbar" aria-label="{}" aria-valuenow="{}" '
        'aria-valuemin="0" aria-valuemax="100"><div class="progress-bar largeur-{}"></div></div>'
        '<span class="fw-semibold text-nowrap">{}</span></div>',
        libelle or "Avancement",
        entier,
        entier,
        formats.pourcent(valeur),
    )
