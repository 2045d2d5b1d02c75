from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import Changement, EntreeJournal, Indicateur, Mesure, RappelEnvoye


class LectureSeuleMixin:
    """The journal is append-only: written by the application, read in the back-office."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangementInline(LectureSeuleMixin, admin.TabularInline):
    model = Changement
    fields = ["champ", "avant", "apres", "avant_brut", "apres_brut"]
    readonly_fields = fields
    extra = 0


@admin.register(EntreeJournal)
class EntreeJournalAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = [
        "cree_le",
        "fiche",
        "etape",
        "auteur",
        "type",
        "avancement_fiche",
        "a_presenter_au_conseil",
    ]
    list_filter = ["type", "a_presenter_au_conseil", "fiche__axe", "fiche"]
    list_select_related = ["fiche", "etape", "auteur"]
    search_fields = ["commentaire", "fiche__code", "fiche__titre", "auteur__last_name", "auteur__username"]
    date_hierarchy = "cree_le"
    # The evidence is linked through the login-protected download view, never its storage URL.
    fields = [
        "fiche",
        "etape",
        "auteur",
        "cree_le",
        "type",
        "commentaire",
        "telechargement",
        "lien",
        "a_presenter_au_conseil",
        "avancement_fiche",
        "statut_fiche",
    ]
    readonly_fields = fields
    inlines = [ChangementInline]

    @admin.display(description="pièce justificative")
    def telechargement(self, entree):
        if not entree.piece_jointe:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("suivi:piece-jointe", args=[entree.pk]), entree.nom_piece_jointe
        )


class MesureInline(admin.TabularInline):
    model = Mesure
    fields = ["date", "valeur", "commentaire", "saisi_par"]
    autocomplete_fields = ["saisi_par"]
    extra = 0


@admin.register(Indicateur)
class IndicateurAdmin(admin.ModelAdmin):
    list_display = ["libelle", "fiche", "unite", "valeur_initiale", "cible", "date_cible", "sens"]
    list_filter = ["sens", "fiche__axe", "fiche"]
    list_select_related = ["fiche"]
    search_fields = ["libelle", "fiche__code", "fiche__titre"]
    inlines = [MesureInline]


@admin.register(RappelEnvoye)
class RappelEnvoyeAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["date", "destinataire", "nb_fiches"]
    list_filter = ["date"]
    list_select_related = ["destinataire"]
    search_fields = ["destinataire__username", "destinataire__last_name", "destinataire__email"]
