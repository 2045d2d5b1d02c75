"""Back-office of axis 4. The charter is written and adopted in the application (/charte/), where an
adopted version is frozen; here Direction corrects records. The introduction to the values is the
adopted plan's text, loaded from the fixtures: read-only."""

from django.contrib import admin

from plan.admin import AIDE_REFERENCE, LectureSeuleMixin

from .models import (
    Article,
    Charte,
    EngagementsJeunes,
    PresentationValeurs,
    PriseDeConnaissance,
    Sensibilisation,
    ValeurFiche,
)


class ArticleInline(admin.StackedInline):
    model = Article
    fields = ["numero", "titre", "texte", "destinataires", "valeurs"]
    filter_horizontal = ["valeurs"]
    extra = 0


@admin.register(Charte)
class CharteAdmin(admin.ModelAdmin):
    list_display = ["numero", "titre", "statut", "adoptee_le", "instance"]
    list_filter = ["statut"]
    list_select_related = ["instance"]
    search_fields = ["titre", "preambule"]
    filter_horizontal = ["valeurs"]
    raw_id_fields = ["instance"]
    readonly_fields = ["cree_par", "cree_le", "modifie_le"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "charte", "destinataires"]
    list_filter = ["charte", "destinataires"]
    list_select_related = ["charte"]
    search_fields = ["titre", "texte"]
    filter_horizontal = ["valeurs"]


@admin.register(PriseDeConnaissance)
class PriseDeConnaissanceAdmin(admin.ModelAdmin):
    list_display = ["membre", "charte", "date", "enregistree_par"]
    list_filter = ["charte", "membre__antenne"]
    list_select_related = ["membre", "charte", "enregistree_par"]
    search_fields = ["membre__nom", "membre__prenom"]
    autocomplete_fields = ["membre"]
    readonly_fields = ["enregistree_par", "enregistree_le"]


@admin.register(EngagementsJeunes)
class EngagementsJeunesAdmin(admin.ModelAdmin):
    list_display = ["antenne", "mois", "nombre", "charte"]
    list_filter = ["charte", "antenne"]
    list_select_related = ["antenne", "charte"]
    search_fields = ["antenne__nom"]
    readonly_fields = ["saisi_par", "saisi_le"]


@admin.register(Sensibilisation)
class SensibilisationAdmin(admin.ModelAdmin):
    list_display = ["titre", "date", "format", "thematique", "public", "antenne"]
    list_filter = ["format", "thematique", "public", "antenne"]
    list_select_related = ["antenne"]
    search_fields = ["titre", "description", "intervenant"]
    date_hierarchy = "date"
    filter_horizontal = ["valeurs"]
    autocomplete_fields = ["participants", "partenaires", "antenne"]
    readonly_fields = ["cree_par", "modifie_le"]


@admin.register(ValeurFiche)
class ValeurFicheAdmin(admin.ModelAdmin):
    list_display = ["valeur", "fiche", "origine"]
    list_filter = ["origine", "valeur"]
    list_select_related = ["valeur", "fiche"]
    search_fields = ["citation", "fiche__titre"]
    raw_id_fields = ["fiche"]


@admin.register(PresentationValeurs)
class PresentationValeursAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["titre"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, (extra_context or {}) | {"subtitle": AIDE_REFERENCE})
