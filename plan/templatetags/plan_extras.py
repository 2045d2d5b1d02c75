from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat

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
