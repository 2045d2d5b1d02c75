"""Values taken from the address bar or a form, kept within sane bounds: a page number, a page size,
a date. Whatever someone types, the page answers (with the nearest sensible value, or a French
message next to the field), never with an error."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django_tables2 import RequestConfig

# No date of this plan's life lies outside; year 1 or 9999 would break date arithmetic downstream.
ANNEE_MIN, ANNEE_MAX = 2000, 2100


def entier_borne(valeur, defaut, mini, maxi):
    try:
        nombre = int(valeur)
    except (TypeError, ValueError):
        return defaut
    return min(max(nombre, mini), maxi)


class PaginateurIndulgent(Paginator):
    """Any page number gives a page: not a number → the first, too far → the last."""

    def validate_number(self, number):
        return entier_borne(number, 1, 1, max(self.num_pages, 1))


def par_page(request, defaut=50, mini=10, maxi=200):
    return entier_borne(request.GET.get("per_page"), defaut, mini, maxi)


def valider_date_raisonnable(valeur):
    """Refuse, in French, a date before 2000 or after 2100 (a typing slip, never a real date here)."""
    jour = valeur.date() if hasattr(valeur, "date") and callable(valeur.date) else valeur
    if isinstance(jour, date) and not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        raise ValidationError(f"Indiquez une date entre {ANNEE_MIN} et {ANNEE_MAX}.", code="date_hors_bornes")


def paginer(request, table, par_page):
    """A django-tables2 table sorted from the query string, then paged; a bad or out-of-range page
    number shows page 1."""
    RequestConfig(request, paginate=False).configure(table)
    try:
        table.paginate(page=request.GET.get("page", 1), per_page=par_page)
    except (EmptyPage, PageNotAnInteger):
        table.paginate(page=1, per_page=par_page)
    return table
