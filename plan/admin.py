"""The plan's reference text in the back-office: read-only, because its one home is the fixtures
(`fixtures/plan_2024_2029.json`, loaded by `charger_plan`). The follow-up of the fiches and steps is
read in suivi's admin and edited in the application."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Axe, Enjeu, Objectif, Organisation, Plan, Pratique, Valeur

AIDE_REFERENCE = (
    "Texte de référence du projet adopté : il se modifie dans les fixtures "
    "(fixtures/plan_2024_2029.json, valeurs.json, organisation.json), puis « manage.py charger_plan »."
)


class LectureSeuleMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    """A model loaded from the fixtures, shown read-only."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, (extra_context or {}) | {"subtitle": AIDE_REFERENCE})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, (extra_context or {}) | {"subtitle": AIDE_REFERENCE}
        )


@admin.register(Plan)
class PlanAdmin(ReferenceAdmin):
    list_display = ["titre", "annee_debut", "annee_fin", "est_en_vigueur"]
    list_filter = ["est_en_vigueur"]
    search_fields = ["titre"]


@admin.register(Enjeu)
class EnjeuAdmin(ReferenceAdmin):
    list_display = ["ordre", "libelle", "code"]
    list_display_links = ["libelle"]
    search_fields = ["libelle", "code"]


@admin.register(Axe)
class AxeAdmin(SimpleHistoryAdmin):
    """The axis' text is reference; only the plain-language summary for the board is written here."""

    list_display = ["numero", "titre", "plan"]
    list_display_links = ["titre"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["titre", "description"]
    fields = ["plan", "numero", "titre", "sous_titre", "description", "resume_simple"]
    readonly_fields = ["plan", "numero", "titre", "sous_titre", "description"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Objectif)
class ObjectifAdmin(ReferenceAdmin):
    list_display = ["texte", "fiche", "ordre"]
    list_filter = ["fiche__axe", "fiche"]
    list_select_related = ["fiche"]
    search_fields = ["texte", "fiche__code"]


class PratiqueInline(LectureSeuleMixin, admin.TabularInline):
    model = Pratique
    extra = 0


@admin.register(Valeur)
class ValeurAdmin(ReferenceAdmin):
    list_display = ["ordre", "nom"]
    list_display_links = ["nom"]
    search_fields = ["nom", "description", "pratiques__texte"]
    inlines = [PratiqueInline]


@admin.register(Organisation)
class OrganisationAdmin(ReferenceAdmin):
    list_display = ["nom", "date_creation", "nb_antennes", "nb_permanences", "nb_partenaires"]
    fieldsets = [
        (None, {"fields": ["nom", "date_creation", "siege_adresse", "presidente", "directrice"]}),
        (
            "Territoire",
            {
                "fields": [
                    "nb_communes",
                    "nb_habitants",
                    "nb_qpv",
                    "nb_communes_qpv",
                    "nb_antennes",
                    "nb_permanences",
                ]
            },
        ),
        (
            "Équipe et partenariat",
            {"fields": ["nb_salaries", "annee_effectifs", "etp", "nb_partenaires", "nb_reponses_enquetes"]},
        ),
        (
            "Gouvernance",
            {
                "fields": [
                    "nb_membres_ca",
                    "nb_membres_bureau",
                    "reunions_ca_min_par_an",
                    "reunions_bureau_min_par_an",
                    "ag_par_an",
                    "colleges_ca",
                ]
            },
        ),
        ("Statuts", {"fields": ["date_statuts", "objet_statuts", "buts"]}),
    ]
