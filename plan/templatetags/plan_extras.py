from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

register = template.Library()


@register.filter
def pourcentage_entier(valeur):
    """An integer 0-100, for CSS width classes and ARIA values."""
    try:
        return max(0, min(100, int(Decimal(valeur or 0).quantize(Decimal(1)))))
    except (InvalidOperation, TypeError, ValueError):
        return 0


@register.filter
def pourcent(valeur):
    """'42 %' or '70,7 %' in French notation (narrow no-break space before the sign)."""
    if valeur is None:
        return "—"
    return f"{floatformat(valeur, -1)}\u202f%"


@register.simple_tag
def barre_avancement(valeur, libelle="Avancement"):
    """A progress bar with its figure written out. A tag rather than an include: reports draw
    hundreds of them and an include costs a template render each."""
    entier = pourcentage_entier(valeur)
    return format_html(
        '<div class="d-flex align-items-center gap-2">'
        '<div class="progress flex-grow-1" role="progressbar" aria-label="{}" aria-valuenow="{}" '
        'aria-valuemin="0" aria-valuemax="100"><div class="progress-bar largeur-{}"></div></div>'
        '<span class="fw-semibold text-nowrap">{}</span></div>',
        libelle or "Avancement",
        entier,
        entier,
        pourcent(valeur),
    )
