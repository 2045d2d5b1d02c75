from django import forms
from django.contrib import admin
from django.db import models

from .models import (
    ChampIntervention,
    Convention,
    Diffusion,
    Evenement,
    Partenaire,
    Participation,
    SuiteEvenement,
    Support,
    VersionSupport,
)


@admin.register(ChampIntervention)
class ChampInterventionAdmin(admin.ModelAdmin):
    list_display = ["nom"]
    search_fields = ["nom"]


class ConventionInline(admin.TabularInline):
    model = Convention
    extra = 0


@admin.register(Partenaire)
class PartenaireAdmin(admin.ModelAdmin):
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["nom", "type", "commune", "contact_nom", "interroge_diagnostic"]
    list_filter = ["type", "champs", "interroge_diagnostic"]
    list_select_related = ["commune"]
    search_fields = ["nom", "siret", "contact_nom", "commune__nom"]
    autocomplete_fields = ["commune"]
    # The contact changes in the application only, where each change is kept in its history.
    readonly_fields = [
        "contact_nom",
        "contact_fonction",
        "contact_email",
        "contact_telephone",
        "contact_depuis",
    ]
    inlines = [ConventionInline]
    fieldsets = [
        (None, {"fields": ["nom", "type", "siret", "champs", "adresse", "commune", "site_web"]}),
        (None, {"fields": ["fiches", "interroge_diagnostic", "notes"]}),
        (
            "Personne contact (se modifie dans l'application, qui garde son historique)",
            {
                "fields": [
                    "contact_nom",
                    "contact_fonction",
                    "contact_email",
                    "contact_telephone",
                    "contact_depuis",
                ]
            },
        ),
    ]


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["objet", "partenaire", "nature", "date_debut", "date_fin", "montant"]
    list_filter = ["nature"]
    list_select_related = ["partenaire"]
    search_fields = ["objet", "partenaire__nom"]
    autocomplete_fields = ["partenaire"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["partenaire"]


class SuiteInline(admin.TabularInline):
    model = SuiteEvenement
    extra = 0


@admin.register(Evenement)
class EvenementAdmin(admin.ModelAdmin):
    list_display = ["titre", "type", "date", "lieu"]
    list_filter = ["type"]
    search_fields = ["titre", "sujet", "lieu"]
    date_hierarchy = "date"
    autocomplete_fields = ["commune"]
    filter_horizontal = ["themes"]
    inlines = [ParticipationInline, SuiteInline]


class VersionInline(admin.TabularInline):
    model = VersionSupport
    extra = 0


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["titre", "nature", "fiche", "date_mise_a_jour", "revue_prevue_le"]
    list_filter = ["nature"]
    list_select_related = ["fiche"]
    search_fields = ["titre"]
    filter_horizontal = ["themes"]
    inlines = [VersionInline]


@admin.register(Diffusion)
class DiffusionAdmin(admin.ModelAdmin):
    list_display = ["support", "type_destinataire", "partenaire", "destinataire", "date", "quantite"]
    list_filter = ["type_destinataire", "support"]
    list_select_related = ["support", "partenaire"]
    search_fields = ["destinataire", "partenaire__nom", "support__titre"]
    autocomplete_fields = ["partenaire", "evenement"]
    date_hierarchy = "date"
