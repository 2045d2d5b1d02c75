import django_filters
from django.db.models import Q

from antennes.models import Commune
from mission_locale.tri import TriFrancais
from mission_locale.widgets import SelectRapide

from .forms import fiches_du_plan, libelle_de_fiche
from .models import ChampIntervention, Evenement, Partenaire
from .normalisation import cle, siret_normalise


def communes_des_partenaires():
    return list(
        Commune.objects.filter(pk__in=Partenaire.objects.values("commune_id"))
        .order_by(TriFrancais("nom"))
        .values_list("pk", "nom")
    )


def fiches_proposees():
    return [
        (pk, libelle_de_fiche(code, libelle_court, titre)[:80])
        for pk, code, libelle_court, titre in fiches_du_plan().values_list(
            "pk", "code", "libelle_court", "titre"
        )
    ]


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
    # Communes and fiches are offered as (id, name) pairs read with values_list: a model choice
    # field builds an object per option, 2 000 communes at twenty times the volumes.
    commune = django_filters.ChoiceFilter(
        choices=communes_des_partenaires,
        label="Commune",
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
    fiche = django_filters.ChoiceFilter(
        choices=fiches_proposees,
        label="Fiche-action",
        field_name="fiches",
        empty_label="Toutes les fiches",
        widget=SelectRapide,
    )

    class Meta:
        model = Partenaire
        fields = []

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
