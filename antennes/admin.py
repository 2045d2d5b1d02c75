from django.contrib import admin

from .models import (
    ActionAmelioration,
    Antenne,
    Commune,
    CritereAccueil,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    NoteCritere,
    OffreAntenne,
    Permanence,
    PhotoAccueil,
    Procedure,
    ThemeOffre,
)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["nom", "code_insee", "codes_postaux_texte", "population", "epci_nom"]
    list_filter = ["epci_nom", "a_un_qpv"]
    search_fields = ["nom", "code_insee"]
    readonly_fields = ["contour"]

    @admin.display(description="codes postaux")
    def codes_postaux_texte(self, obj):
        return obj.codes_postaux_texte


class PermanenceInline(admin.TabularInline):
    model = Permanence
    fields = ["lieu", "commune", "jours_horaires", "partenaire_hote"]
    autocomplete_fields = ["commune", "partenaire_hote"]
    extra = 0


@admin.register(Antenne)
class AntenneAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune", "est_siege", "telephone", "responsable"]
    list_filter = ["est_siege"]
    list_select_related = ["commune"]
    search_fields = ["nom", "adresse", "commune__nom"]
    autocomplete_fields = ["commune", "responsable"]
    inlines = [PermanenceInline]


@admin.register(Permanence)
class PermanenceAdmin(admin.ModelAdmin):
    list_display = ["lieu", "commune", "antenne", "theme", "jours_horaires", "partenaire_hote"]
    list_filter = ["antenne", "theme"]
    list_select_related = ["commune", "antenne", "theme", "partenaire_hote"]
    search_fields = ["lieu", "adresse", "commune__nom", "commune__code_insee"]
    autocomplete_fields = ["commune", "antenne", "partenaire_hote", "partenaire_thematique"]


@admin.register(ThemeOffre)
class ThemeOffreAdmin(admin.ModelAdmin):
    list_display = ["ordre", "libelle", "public"]
    list_display_links = ["libelle"]
    search_fields = ["libelle", "description"]


@admin.register(MembreEquipe)
class MembreEquipeAdmin(admin.ModelAdmin):
    list_display = ["nom", "prenom", "poste", "antenne", "utilisateur", "date_depart"]
    list_filter = ["poste", "antenne"]
    list_select_related = ["antenne", "utilisateur"]
    search_fields = ["nom", "prenom", "email"]
    autocomplete_fields = ["antenne", "utilisateur"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["titre"]
    search_fields = ["titre", "objet"]
    filter_horizontal = ["valeurs"]


@admin.register(JeunesSuivis)
class JeunesSuivisAdmin(admin.ModelAdmin):
    list_display = ["commune", "annee", "nombre"]
    list_filter = ["annee"]
    list_select_related = ["commune"]
    search_fields = ["commune__nom"]
    autocomplete_fields = ["commune"]


@admin.register(OffreAntenne)
class OffreAntenneAdmin(admin.ModelAdmin):
    list_display = ["antenne", "theme", "modalite", "referent", "partenaire"]
    list_filter = ["modalite", "theme", "antenne"]
    list_select_related = ["antenne", "theme", "referent", "partenaire"]
    autocomplete_fields = ["antenne", "referent", "partenaire"]


@admin.register(CritereAccueil)
class CritereAccueilAdmin(admin.ModelAdmin):
    list_display = ["ordre", "libelle", "actif"]
    list_display_links = ["libelle"]
    list_filter = ["actif"]


class NoteCritereInline(admin.TabularInline):
    model = NoteCritere
    extra = 0


class PhotoAccueilInline(admin.TabularInline):
    model = PhotoAccueil
    extra = 0


@admin.register(EvaluationAccueil)
class EvaluationAccueilAdmin(admin.ModelAdmin):
    list_display = ["antenne", "date", "auteur"]
    list_filter = ["antenne"]
    list_select_related = ["antenne"]
    date_hierarchy = "date"
    inlines = [NoteCritereInline, PhotoAccueilInline]


@admin.register(ActionAmelioration)
class ActionAmeliorationAdmin(admin.ModelAdmin):
    list_display = ["libelle", "antenne", "statut", "cout_estime", "echeance"]
    list_filter = ["statut", "antenne"]
    list_select_related = ["antenne"]
    search_fields = ["libelle"]
