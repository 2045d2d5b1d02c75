import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from plan.models import Axe, FicheAction

from .forms import SaisieDate
from .models import EntreeJournal


class JournalFilter(django_filters.FilterSet):
    """Filters of the plan-wide journal, as a GET form with a label on every field."""

    axe = django_filters.ModelChoiceFilter(
        label="Axe", field_name="fiche__axe", queryset=Axe.objects.none(), empty_label="Tous les axes"
    )
    fiche = django_filters.ModelChoiceFilter(
        label="Fiche-action", queryset=FicheAction.objects.none(), empty_label="Toutes les fiches"
    )
    auteur = django_filters.ModelChoiceFilter(
        label="Auteur", queryset=get_user_model().objects.none(), empty_label="Toutes les personnes"
    )
    du = django_filters.DateFilter(
        label="Du",
        field_name="cree_le",
        lookup_expr="date__gte",
        widget=SaisieDate(),
    )
    au = django_filters.DateFilter(
        label="Au",
        field_name="cree_le",
        lookup_expr="date__lte",
        widget=SaisieDate(),
    )

    class Meta:
        model = EntreeJournal
        fields = ["axe", "fiche", "auteur", "du", "au"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        champs = self.form.fields
        champs["axe"].queryset = Axe.objects.filter(plan=plan)
        champs["fiche"].queryset = FicheAction.objects.du_plan(plan).select_related("axe")
        champs["fiche"].label_from_instance = lambda f: f"{f.code} {f.titre}"[:100]
        champs["auteur"].queryset = (
            get_user_model()
            .objects.par_nom()
            .filter(Exists(EntreeJournal.objects.filter(auteur=OuterRef("pk"))))
        )
        champs["auteur"].label_from_instance = lambda u: u.nom_affiche
        for champ in champs.values():
            champ.widget.attrs["class"] = (
                "form-select" if isinstance(champ.widget, forms.Select) else "form-control"
            )
