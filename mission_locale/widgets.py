"""Form widgets shared by the apps."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class SelectRapide(forms.Select):
    """Django's Select for a flat list of choices, written in Python rather than with one template
    (and one dictionary) per option: a list of communes or fiches has thousands of options at twenty
    times the volumes, and drawing them the usual way costs more than the page's queries."""

    def render(self, name, value, attrs=None, renderer=None):
        choisies = {str(v) for v in self.format_value(value)}
        options = []
        for valeur, libelle in self.choices:
            texte = "" if valeur is None else str(valeur)
            selection = " selected" if texte in choisies else ""
            options.append(f'<option value="{escape(texte)}"{selection}>{escape(str(libelle))}</option>')
        attributs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributs}>{"".join(options)}</select>')  # noqa: S308 — every part escaped above
