from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Utilisateur

admin.site.site_header = "Mission Locale de l'arrondissement de Béthune"
admin.site.site_title = "Back-office du projet stratégique"
admin.site.index_title = "Administration du projet associatif et stratégique"
admin.site.site_url = "/"


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    list_display = ["username", "nom_affiche", "email", "is_active", "is_staff", "last_login"]
    ordering = ["last_name", "first_name", "username"]

    @admin.display(description="nom", ordering="last_name")
    def nom_affiche(self, utilisateur):
        return utilisateur.nom_affiche
