from axes.admin import AccessAttemptAdmin
from axes.conf import settings as reglages_axes
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone

from mission_locale.formats import date_longue
from mission_locale.tri import ordre_francais

from . import verrouillage
from .models import Utilisateur

admin.site.site_header = "Mission Locale de l'arrondissement de Béthune"
admin.site.site_title = "Back-office du projet stratégique"
admin.site.index_title = "Administration du projet associatif et stratégique"
admin.site.site_url = "/"


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    list_display = ["username", "nom_affiche", "email", "is_active", "is_staff", "last_login"]
    ordering = [*ordre_francais("last_name", "first_name"), "username"]
    # Full names first: in autocomplete fields, people are found as colleagues name them.
    search_fields = ["first_name", "last_name", "username", "email"]

    @admin.display(description="nom", ordering="last_name")
    def nom_affiche(self, utilisateur):
        return utilisateur.nom_affiche


class BloqueFilter(admin.SimpleListFilter):
    title = "blocage"
    parameter_name = "bloque"

    def lookups(self, request, model_admin):
        return [("oui", "Bloqués"), ("non", "Non bloqués")]

    def queryset(self, request, queryset):
        limite = reglages_axes.AXES_FAILURE_LIMIT
        if self.value() == "oui":
            return queryset.filter(failures_since_start__gte=limite)
        if self.value() == "non":
            return queryset.filter(failures_since_start__lt=limite)
        return queryset


# django-axes' own pages, in French, with the action that lifts a lock.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class TentativeDeConnexionAdmin(AccessAttemptAdmin):
    list_display = ["username", "ip_address", "derniere_tentative", "failures_since_start", "etat"]
    list_filter = [BloqueFilter, "attempt_time"]
    actions = ["lever_le_blocage"]

    @admin.display(description="dernier échec", ordering="attempt_time")
    def derniere_tentative(self, tentative):
        return date_longue(tentative.attempt_time)

    @admin.display(description="état")
    def etat(self, tentative):
        limite = reglages_axes.AXES_FAILURE_LIMIT
        if tentative.failures_since_start < limite:
            restants = limite - tentative.failures_since_start
            return f"{restants} essai{'s' if restants > 1 else ''} restant{'s' if restants > 1 else ''}"
        fin = tentative.attempt_time + get_cool_off()
        if fin <= timezone.now():
            return "Blocage terminé"
        return f"Bloqué jusqu'au {date_longue(fin)}"

    @admin.action(description="Lever le blocage des tentatives sélectionnées", permissions=["delete"])
    def lever_le_blocage(self, request, queryset):
        paires = sorted(set(queryset.values_list("username", "ip_address")), key=str)
        for username, adresse in paires:
            verrouillage.lever_le_blocage(username, adresse)
        noms = ", ".join(f"{username} ({adresse})" for username, adresse in paires)
        self.message_user(request, f"Blocage levé : {noms}.", messages.SUCCESS)
