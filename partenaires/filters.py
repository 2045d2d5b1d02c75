import django_filters
from django.db.models import Q

from antennes.models import Commune
from mission_locale.tri import TriFrancais
from mission_locale.widgets import SelectRapide

from .forms import fiches_du_plan
from .models import ChampIntervention, Evenement, Partenaire
from .normalisation import cle, siret_normalise


class PartenaireFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche (nom, contact, SIRET, commune)", method="chercher")
    type = django_filters.ChoiceFilter(
        label="Type", choices=Partenaire.Type.choices, empty_label="Tous les types"
    )
    champ = django_filters.ModelChoiceFilter(
        label="Champ d'intervention",
        field_name="champs",
        queryset=ChampIntervention.objects.all(),
        empty_label="Tous les champs",
        widget=SelectRapide,
    )
    commune = django_filters.ModelChoiceFilter(
        label="Commune",
        queryset=Commune.objects.none(),
        empty_label="Toutes les communes",
        widget=SelectRapide,
    )
    contact = django_filters.ChoiceFilter(
        label="Personne contact",
        choices=[("avec", "Avec un contact"), ("sans", "Sans contact")],
        empty_label="Avec ou sans",
        method="filtrer_contact",
    )
    convention = django_filters.ChoiceFilter(
        label="Convention",
        choices=[("en_cours", "Convention en cours"), ("aucune", "Sans convention en cours")],
        empty_label="Avec ou sans",
        method="filtrer_convention",
    )
    fiche = django_filters.ModelChoiceFilter(
        label="Fiche-action",
        field_name="fiches",
        queryset=None,
        empty_label="Toutes les fiches",
        widget=SelectRapide,
    )

    class Meta:
        model = Partenaire
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["commune"].queryset = (
            Commune.objects.filter(pk__in=Partenaire.objects.values("commune_id"))
            .order_by(TriFrancais("nom"))
            .only("pk", "nom")
        )
        self.filters["fiche"].queryset = fiches_du_plan().only("pk", "code", "libelle_court", "titre")
        self.filters["fiche"].field.label_from_instance = lambda f: f"{f.code} {f.libelle_court or f.titre}"[
            :80
        ]

    def chercher(self, queryset, name, value):
        condition = (
            Q(cle_nom__contains=cle(value))
            | Q(contact_nom__icontains=value)
            | Q(contact_email__icontains=value)
            | Q(commune__nom__icontains=value)
        )
        siret = siret_normalise(value)
        if siret.isdigit() and len(siret) >= 3:
            condition |= Q(siret__contains=siret)
        return queryset.filter(condition)

    def filtrer_contact(self, queryset, name, value):
        return queryset.avec_contact() if value == "avec" else queryset.sans_contact()

    def filtrer_convention(self, queryset, name, value):
        return queryset.filter(convention_en_cours=value == "en_cours")


class EvenementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche (titre, thème, lieu)", method="chercher")
    type = django_filters.ChoiceFilter(
        label="Type", choices=Evenement.Type.choices, empty_label="Tous les types"
    )
    periode = django_filters.ChoiceFilter(
        label="Période",
        choices=[("a_venir", "À venir"), ("passes", "Passés")],
        empty_label="Tous",
        method="filtrer_periode",
    )

    class Meta:
        model = Evenement
        fields = []

    def chercher(self, queryset, name, value):
        return queryset.filter(
            Q(titre__icontains=value) | Q(sujet__icontains=value) | Q(lieu__icontains=value)
        )

    def filtrer_periode(self, queryset, name, value):
        from django.utils import timezone

        jour = timezone.localdate()
        return queryset.filter(date__gte=jour) if value == "a_venir" else queryset.filter(date__lt=jour)
