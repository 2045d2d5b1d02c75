from django import forms
from django.contrib import admin
from django.db import models

from .models import ChampIntervention, Partenaire


@admin.register(ChampIntervention)
class ChampInterventionAdmin(admin.ModelAdmin):
    list_display = ["nom"]
    search_fields = ["nom"]


@admin.register(Partenaire)
class PartenaireAdmin(admin.ModelAdmin):
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["nom", "type", "commune", "contact_nom", "interroge_diagnostic"]
    list_filter = ["type", "champs", "interroge_diagnostic"]
    list_select_related = ["commune"]
    search_fields = ["nom", "contact_nom", "commune__nom"]
    autocomplete_fields = ["commune"]
    fieldsets = [
        (None, {"fields": ["nom", "type", "champs", "commune", "interroge_diagnostic"]}),
        (
            "Personne contact",
            {"fields": ["contact_nom", "contact_fonction", "contact_email", "contact_telephone"]},
        ),
        (None, {"fields": ["notes"]}),
    ]
