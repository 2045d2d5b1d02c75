import django_filters
from django.db.models import Q
from django.utils import timezone

from antennes.models import Antenne

from .models import MAJORITE, Ambassadeur, Intervention


class AmbassadeurFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche (prénom, nom)", method="chercher")
    etape = django_filters.ChoiceFilter(
        label="Étape", choices=Ambassadeur.Etape.choices, empty_label="Toutes les étapes"
    )
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", queryset=Antenne.objects.order_by("nom"), empty_label="Toutes les antennes"
    )
    autorisation = django_filters.ChoiceFilter(
        label="Autorisation parentale",
        choices=[("manquante", "Manquante (peut être mineur)")],
        empty_label="Indifférent",
        method="filtrer_autorisation",
    )
    anonymises = django_filters.ChoiceFilter(
        label="Anonymisés",
        choices=[("avec", "Inclure les anonymisés"), ("seuls", "Seulement les anonymisés")],
        empty_label="Sans les anonymisés",
        method="filtrer_anonymises",
    )

    class Meta:
        model = Ambassadeur
        fields = []

    @property
    def qs(self):
        # Anonymised rows are only counted; they stay out of the list unless asked for.
        qs = super().qs
        if not self.form.cleaned_data.get("anonymises"):
            qs = qs.filter(anonymise_le__isnull=True)
        return qs

    def chercher(self, queryset, name, value):
        for mot in value.split():
            queryset = queryset.filter(Q(prenom__icontains=mot) | Q(nom__icontains=mot))
        return queryset

    def filtrer_autorisation(self, queryset, name, value):
        return queryset.filter(
            annee_naissance__gte=timezone.localdate().year - MAJORITE, autorisation_parentale_le__isnull=True
        )

    def filtrer_anonymises(self, queryset, name, value):
        return queryset.filter(anonymise_le__isnull=False) if value == "seuls" else queryset


class InterventionFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        label="Type", choices=Intervention.Type.choices, empty_label="Tous les types"
    )
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", queryset=Antenne.objects.order_by("nom"), empty_label="Toutes les antennes"
    )
    du = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="Du")
    au = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Au")

    class Meta:
        model = Intervention
        fields = []
