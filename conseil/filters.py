import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mission_locale.widgets import SelectRapide
from plan.models import Axe, Enjeu, FicheAction, Meteo, Sante

# Worst first, so that sorting the list by santé brings what needs attention to the top.
RANG_SANTE = {Sante.EN_RETARD: 0, Sante.A_SURVEILLER: 1, Sante.NON_PLANIFIEE: 2, Sante.DANS_LES_TEMPS: 3}


def avec_sante(fiches, jour=None):
    """The fiches as a list, each with `sante_calculee` and `rang_sante` computed once (no query)."""
    jour = jour or timezone.localdate()
    fiches = list(fiches)
    for fiche in fiches:
        fiche.sante_calculee = fiche.get_sante(jour)
        fiche.rang_sante = RANG_SANTE[fiche.sante_calculee]
    return fiches


class ChampDate(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class FicheFilter(django_filters.FilterSet):
    """Filters of the fiches list; santé is computed, so `filtrer` applies it in Python."""

    q = django_filters.CharFilter(label="Recherche (code ou titre)", method="chercher")
    axe = django_filters.ModelChoiceFilter(
        label="Axe", queryset=Axe.objects.none(), empty_label="Tous les axes", widget=SelectRapide
    )
    enjeu = django_filters.ModelChoiceFilter(
        label="Enjeu",
        field_name="enjeux",
        queryset=Enjeu.objects.all(),
        empty_label="Tous les enjeux",
        widget=SelectRapide,
    )
    statut = django_filters.ChoiceFilter(
        label="Statut", choices=FicheAction.Statut.choices, empty_label="Tous les statuts"
    )
    sante = django_filters.ChoiceFilter(
        label="Santé", choices=Sante.choices, empty_label="Toutes", method="garder_tout"
    )
    meteo = django_filters.ChoiceFilter(
        label="Météo",
        choices=[*Meteo.choices, ("aucune", "Non renseignée")],
        empty_label="Toutes",
        method="filtrer_meteo",
    )
    pilote = django_filters.ModelChoiceFilter(
        label="Pilote",
        queryset=get_user_model().objects.none(),
        empty_label="Tous les pilotes",
        widget=SelectRapide,
    )
    echeance_apres = django_filters.DateFilter(
        label="Échéance à partir du", field_name="date_echeance", lookup_expr="gte", widget=ChampDate()
    )
    echeance_avant = django_filters.DateFilter(
        label="Échéance jusqu'au", field_name="date_echeance", lookup_expr="lte", widget=ChampDate()
    )

    class Meta:
        model = FicheAction
        fields = []

    def __init__(self, data=None, *args, plan=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["axe"].queryset = Axe.objects.filter(plan=plan).order_by("numero")
        self.filters["pilote"].queryset = (
            get_user_model()
            .objects.par_nom()
            .filter(Exists(FicheAction.objects.filter(pilote=OuterRef("pk"), axe__plan=plan)))
        )
        self.filters["axe"].field.label_from_instance = lambda axe: f"Axe {axe.numero} : {axe.titre}"
        self.filters["pilote"].field.label_from_instance = lambda u: u.nom_affiche

    def chercher(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(titre__icontains=value))

    def filtrer_meteo(self, queryset, name, value):
        return queryset.filter(meteo="" if value == "aucune" else value)

    def garder_tout(self, queryset, name, value):
        return queryset

    def filtrer(self, jour=None):
        """The filtered fiches as a list with their santé, the santé filter applied. Bounded queries."""
        fiches = avec_sante(self.qs, jour)
        sante = self.form.cleaned_data.get("sante") if self.is_bound and self.form.is_valid() else None
        if sante:
            fiches = [f for f in fiches if f.sante_calculee == sante]
        return fiches
