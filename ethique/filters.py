import django_filters
from django.db.models.functions import ExtractYear

from antennes.models import Antenne
from mission_locale.widgets import SelectRapide
from plan.models import Valeur

from .models import Sensibilisation


class SensibilisationFilter(django_filters.FilterSet):
    thematique = django_filters.ChoiceFilter(
        label="Thématique", choices=Sensibilisation.Thematique.choices, empty_label="Toutes"
    )
    format = django_filters.ChoiceFilter(
        label="Format", choices=Sensibilisation.Format.choices, empty_label="Tous"
    )
    public = django_filters.ChoiceFilter(
        label="Public", choices=Sensibilisation.Public.choices, empty_label="Tous"
    )
    annee = django_filters.ChoiceFilter(
        label="Année", field_name="date", lookup_expr="year", empty_label="Toutes"
    )
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", queryset=Antenne.objects.only("pk", "nom"), empty_label="Toutes", widget=SelectRapide
    )
    valeur = django_filters.ModelChoiceFilter(
        label="Valeur promue",
        field_name="valeurs",
        queryset=Valeur.objects.order_by("ordre"),
        empty_label="Toutes",
        widget=SelectRapide,
    )

    class Meta:
        model = Sensibilisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        annees = (
            Sensibilisation.objects.annotate(annee=ExtractYear("date"))
            .values_list("annee", flat=True)
            .distinct()
            .order_by("-annee")
        )
        self.filters["annee"].extra["choices"] = [(a, str(a)) for a in annees]
