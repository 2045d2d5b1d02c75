from django.contrib import admin

from .models import Antenne, Commune, MembreEquipe, Permanence, Procedure, ThemeOffre


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["nom", "code_insee", "codes_postaux_texte", "population", "epci_nom"]
    list_filter = ["epci_nom"]
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
    list_display = ["nom", "commune", "est_siege", "telephone"]
    list_filter = ["est_siege"]
    list_select_related = ["commune"]
    search_fields = ["nom", "adresse", "commune__nom"]
    autocomplete_fields = ["commune"]
    inlines = [PermanenceInline]


@admin.register(Permanence)
class PermanenceAdmin(admin.ModelAdmin):
    list_display = ["lieu", "commune", "antenne", "jours_horaires", "partenaire_hote"]
    list_filter = ["antenne"]
    list_select_related = ["commune", "antenne", "partenaire_hote"]
    search_fields = ["lieu", "adresse", "commune__nom", "commune__code_insee"]
    autocomplete_fields = ["commune", "antenne", "partenaire_hote"]


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
