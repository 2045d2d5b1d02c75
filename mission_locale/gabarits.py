"""Built-in template filters (see TEMPLATES in settings): every page writes dates, times and
numbers through mission_locale.formats, so the whole site reads the same."""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.timezone import template_localtime
from django_tables2.utils import AttributeDict, signature

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
def lien(nom):
    """The URL of the page named `nom` (no arguments), as {% url %} writes it, reversed once per
    process: the navigation writes some thirty of them on every page, and reversing a name costs as
    much as drawing the rest of the menu."""
    return _lien(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, nom)


@functools.cache
def _lien(prefixe, urlconf, nom):
    # Keyed by the prefix and URLconf `reverse` reads, so a site served under a sub-path, or a test
    # that swaps the URLconf, gets its own.
    return reverse(nom, urlconf=urlconf)


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


@register.simple_tag
def corps_du_tableau(table):
    """The <tbody> of a django-tables2 table, as its bootstrap5 template writes it, in Python: a
    list page draws 50 rows of about ten cells, and the template's per-cell work (the cell's
    attributes recomputed for each row, a dozen template nodes) cost more than the page's queries.
    Cell values still come from django-tables2 (`BoundRow.items`: render_* methods, links,
    defaults); the columns' <td> attributes are read once per table, none of ours depends on the
    row. Each column's render method is inspected once per table, not once per cell as
    `BoundRow.items` does (`inspect.signature`: a tenth of the page's time on a list of 50 rows)."""
    lignes = []
    attributs_td = None
    rendu = _RenduDesCellules()
    for ligne in table.paginated_rows:
        cellules = [
            (
                colonne,
                ligne._get_and_render_with(
                    colonne, render_func=functools.partial(rendu, ligne), default=colonne.default
                ),
            )
            for colonne in table.columns
        ]
        if attributs_td is None:
            attributs_td = [colonne.attrs["td"].as_html() for colonne, _ in cellules]
        lignes.append(
            format_html(
                "<tr {}>{}</tr>",
                ligne.attrs.as_html(),
                format_html_join(
                    "",
                    "<td {}>{}</td>",
                    (
                        (td, _valeur_de_cellule(colonne, valeur))
                        for td, (colonne, valeur) in zip(attributs_td, cellules, strict=True)
                    ),
                ),
            )
        )
    if not lignes and table.empty_text:
        lignes.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text))
    return format_html(
        "<tbody {}>{}</tbody>",
        AttributeDict(table.attrs.get("tbody", {})).as_html(),
        format_html_join("", "{}", ((ligne,) for ligne in lignes)),
    )


class _RenduDesCellules:
    """`BoundRow._call_render` (django-tables2 3.0), with each column's signature read once."""

    def __init__(self):
        self.signatures = {}

    def __call__(self, ligne, colonne, value=None):
        arguments = ligne._optional_cell_arguments(colonne, value)
        if colonne.name not in self.signatures:
            self.signatures[colonne.name] = signature(colonne.render)
        attendus, tous = self.signatures[colonne.name]
        if tous:
            contenu = colonne.render(**arguments)
        elif all(nom in arguments for nom in attendus):
            contenu = colonne.render(**{nom: arguments[nom] for nom in attendus})
        else:
            contenu = None
        return colonne.link(contenu, **arguments) if colonne.link else contenu


def _valeur_de_cellule(colonne, valeur):
    """What `{{ cell }}` writes (localized unless the column says otherwise, escaped unless safe)."""
    valeur = template_localtime(valeur)
    return str(valeur) if colonne.localize is False else localize(valeur)
