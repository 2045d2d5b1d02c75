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


class CasesRapides(forms.SelectMultiple):
    """A group of checkboxes with Bootstrap's markup (one .form-check per choice), written in
    Python like SelectRapide: crispy-forms draws each box through its own templates, which costs
    tens of milliseconds for the 300 people of a large staff. Not a CheckboxSelectMultiple, so that
    crispy-forms leaves its rendering alone: the page wraps it in a <fieldset> with its <legend>."""

    def render(self, name, value, attrs=None, renderer=None):
        choisies = {str(v) for v in self.format_value(value)}
        attributs = self.build_attrs(self.attrs, attrs)
        prefixe = attributs.get("id") or f"id_{name}"
        cases = []
        for index, (valeur, libelle) in enumerate(self.choices):
            texte = escape("" if valeur is None else str(valeur))
            coche = " checked" if str(valeur) in choisies else ""
            ident = escape(f"{prefixe}_{index}")
            cases.append(
                '<div class="form-check"><input type="checkbox" class="form-check-input" '
                f'name="{escape(name)}" value="{texte}" id="{ident}"{coche}>'
                f'<label for="{ident}" class="form-check-label">{escape(str(libelle))}</label></div>'
            )
        return mark_safe(f'<div id="{escape(prefixe)}">{"".join(cases)}</div>')  # noqa: S308 — every part escaped above

    def id_for_label(self, id_):
        # The group has no single control to label: its <legend> names it.
        return ""
