"""Follow-up in the back-office: read only. Every change goes through the application's pages and
suivi.services (version check, journal entry, roll-up); each page here links to where it is made."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from plan.admin import LectureSeuleMixin
from plan.models import Etape, FicheAction, Objectif

from .models import Changement, EntreeJournal, Indicateur, Mesure, RappelEnvoye

AIDE_SUIVI = (
    "Consultation seulement : le suivi (statuts, avancements, responsables, échéances, pilotes, "
    "météo, indicateurs et mesures) se met à jour dans l'application, qui l'inscrit au journal."
)


def lien_application(url, texte="Mettre à jour dans l'application"):
    return format_html('<a href="{}">{}</a>', url, texte)


class SuiviEnLectureAdmin(LectureSeuleMixin, admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, (extra_context or {}) | {"subtitle": AIDE_SUIVI})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, (extra_context or {}) | {"subtitle": AIDE_SUIVI}
        )


class ObjectifInline(LectureSeuleMixin, admin.TabularInline):
    model = Objectif
    extra = 0


class EtapeInline(LectureSeuleMixin, admin.TabularInline):
    model = Etape
    extra = 0
    fields = [
        "ordre",
        "parent",
        "cle",
        "intitule",
        "statut",
        "avancement",
        "poids",
        "responsable",
        "date_echeance",
    ]
    readonly_fields = fields

    @admin.display(description="étape")
    def intitule(self, etape):
        return etape.intitule


@admin.register(FicheAction)
class FicheActionAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "titre",
        "axe",
        "pilote",
        "statut",
        "avancement",
        "date_echeance",
        "meteo",
        "archivee_le",
    ]
    list_display_links = ["code", "titre"]
    list_filter = ["axe__plan", "axe", "statut", "meteo", "enjeux", "pilote"]
    list_select_related = ["axe", "pilote"]
    search_fields = ["code", "titre", "resume", "libelle_court"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "mise_a_jour",
                    "axe",
                    "numero",
                    "code",
                    "titre",
                    "libelle_court",
                    "resume",
                    "enjeux",
                ]
            },
        ),
        (
            "Pilotage",
            {
                "fields": [
                    "pilote",
                    "co_pilotes",
                    ("date_debut", "date_echeance"),
                    "meteo",
                    "frequence_revue_jours",
                    "derniere_revue",
                    "decision_attendue",
                    "archivee_le",
                ]
            },
        ),
        ("Avancement (calculé à partir des étapes)", {"fields": ["statut", "avancement"]}),
    ]
    readonly_fields = ["mise_a_jour", "code", "archivee_le", "derniere_revue"]
    inlines = [ObjectifInline, EtapeInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, (extra_context or {}) | {"subtitle": AIDE_SUIVI}
        )

    @admin.display(description="où la modifier")
    def mise_a_jour(self, fiche):
        return lien_application(fiche.get_absolute_url() + "#pilotage") if fiche.pk else "—"


@admin.register(Etape)
class EtapeAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "fiche", "ordre", "statut", "avancement", "responsable", "date_echeance"]
    list_filter = ["statut", "fiche__axe", "fiche"]
    list_select_related = ["fiche", "responsable"]
    search_fields = ["libelle", "texte", "fiche__code", "fiche__titre"]
    readonly_fields = ["mise_a_jour"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, (extra_context or {}) | {"subtitle": AIDE_SUIVI}
        )

    def get_fields(self, request, obj=None):
        return ["mise_a_jour", *[f for f in super().get_fields(request, obj) if f != "mise_a_jour"]]

    @admin.display(description="où la modifier")
    def mise_a_jour(self, etape):
        return lien_application(etape.fiche.get_absolute_url() + f"#etape-{etape.pk}") if etape.pk else "—"


class ChangementInline(LectureSeuleMixin, admin.TabularInline):
    model = Changement
    fields = ["champ", "avant", "apres", "avant_brut", "apres_brut"]
    readonly_fields = fields
    extra = 0


@admin.register(EntreeJournal)
class EntreeJournalAdmin(SuiviEnLectureAdmin):
    list_display = [
        "cree_le",
        "fiche",
        "etape",
        "nom_auteur",
        "origine",
        "type",
        "avancement_fiche",
        "a_presenter_au_conseil",
    ]
    list_filter = ["type", "origine", "a_presenter_au_conseil", "fiche__axe", "fiche"]
    list_select_related = ["fiche", "etape", "auteur"]
    search_fields = ["commentaire", "fiche__code", "fiche__titre", "auteur__last_name", "auteur__username"]
    date_hierarchy = "cree_le"
    # The evidence is linked through the login-protected download view, never its storage URL.
    fields = [
        "fiche",
        "etape",
        "auteur",
        "origine",
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

    @admin.display(description="auteur")
    def nom_auteur(self, entree):
        return entree.nom_auteur

    @admin.display(description="pièce justificative")
    def telechargement(self, entree):
        if not entree.piece_jointe:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("suivi:piece-jointe", args=[entree.pk]), entree.nom_piece_jointe
        )


class MesureInline(LectureSeuleMixin, admin.TabularInline):
    model = Mesure
    fields = ["date", "valeur", "commentaire", "saisi_par", "saisi_le", "corrige"]
    readonly_fields = fields
    extra = 0


@admin.register(Indicateur)
class IndicateurAdmin(SuiviEnLectureAdmin):
    list_display = [
        "libelle",
        "fiche",
        "unite",
        "valeur_initiale",
        "cible",
        "date_cible",
        "sens",
        "est_calcule",
    ]
    list_filter = ["sens", "fiche__axe", "fiche"]
    list_select_related = ["fiche"]
    search_fields = ["libelle", "fiche__code", "fiche__titre"]
    readonly_fields = ["mise_a_jour"]
    inlines = [MesureInline]

    def get_fields(self, request, obj=None):
        return ["mise_a_jour", *[f for f in super().get_fields(request, obj) if f != "mise_a_jour"]]

    @admin.display(description="calculé", boolean=True)
    def est_calcule(self, indicateur):
        return indicateur.est_calcule

    @admin.display(description="où le modifier")
    def mise_a_jour(self, indicateur):
        if not indicateur.pk:
            return "—"
        return lien_application(indicateur.fiche.get_absolute_url() + f"#indicateur-{indicateur.pk}")


@admin.register(RappelEnvoye)
class RappelEnvoyeAdmin(SuiviEnLectureAdmin):
    list_display = ["date", "destinataire", "nb_fiches"]
    list_filter = ["date"]
    list_select_related = ["destinataire"]
    search_fields = ["destinataire__username", "destinataire__last_name", "destinataire__email"]
