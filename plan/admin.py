from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import F
from simple_history.admin import SimpleHistoryAdmin

from suivi.services import CHAMPS_SUIVI_ETAPE, CHAMPS_SUIVI_FICHE, journaliser_back_office

from .models import Axe, Enjeu, Etape, FicheAction, Objectif, Organisation, Plan, Pratique, Valeur


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "annee_debut", "annee_fin", "est_en_vigueur"]
    list_filter = ["est_en_vigueur"]
    search_fields = ["titre"]


@admin.register(Enjeu)
class EnjeuAdmin(admin.ModelAdmin):
    list_display = ["ordre", "libelle", "code"]
    list_display_links = ["libelle"]
    search_fields = ["libelle", "code"]


class FicheInline(admin.TabularInline):
    model = FicheAction
    fields = ["numero", "titre"]
    extra = 0
    show_change_link = True


@admin.register(Axe)
class AxeAdmin(SimpleHistoryAdmin):
    list_display = ["numero", "titre", "plan"]
    list_display_links = ["titre"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["titre", "description"]
    inlines = [FicheInline]


class ObjectifInline(admin.TabularInline):
    model = Objectif
    extra = 0


class EtapeForm(forms.ModelForm):
    """Keeps the steps a two-level tree within one fiche, as in the adopted plan."""

    def clean(self):
        donnees = super().clean()
        parent = donnees.get("parent")
        if parent is None:
            return donnees
        fiche_id = donnees["fiche"].pk if donnees.get("fiche") else self.instance.fiche_id
        if self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", "Une étape ne peut pas être sa propre étape parente.")
        elif parent.parent_id:
            self.add_error(
                "parent", "Choisissez une étape de premier niveau : une sous-étape n'a pas de sous-étapes."
            )
        elif fiche_id and parent.fiche_id != fiche_id:
            self.add_error("parent", "L'étape parente doit appartenir à la même fiche-action.")
        elif self.instance.pk and self.instance.sous_etapes.exists():
            self.add_error(
                "parent", "Cette étape a des sous-étapes : elle ne peut pas devenir elle-même une sous-étape."
            )
        return donnees


def marquer_modifiee(etape):
    # A change made here must invalidate the forms that staff opened before it (optimistic lock).
    Etape.objects.filter(pk=etape.pk).update(version=F("version") + 1)


def valeurs_avant(form, champs):
    """The values of `champs` before this save, as the form read them from the database."""
    return {champ: form.initial.get(champ) for champ in champs if champ in form.fields}


def etat_avant(fiche):
    return fiche.avancement, fiche.statut


def etapes_enregistrees(formset):
    """What a save of the inline steps did, as journaliser_back_office takes it (after the save)."""
    if formset is None:
        return {}
    initiales = {f.instance.pk: f for f in formset.initial_forms}
    return {
        "etapes_avant": {
            etape.pk: valeurs_avant(initiales[etape.pk], (*CHAMPS_SUIVI_ETAPE, "poids"))
            for etape, _ in formset.changed_objects
        },
        "ajoutees": [e.intitule for e in formset.new_objects],
        "retirees": [e.intitule for e in formset.deleted_objects],
    }


class EtapeInline(admin.StackedInline):
    model = Etape
    form = EtapeForm
    extra = 0
    fields = [
        ("ordre", "parent"),
        "libelle",
        "texte",
        ("statut", "avancement", "poids"),
        ("responsable", "date_echeance"),
    ]
    autocomplete_fields = ["responsable"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A sub-step's parent can only be one of this fiche's top-level steps.
        parents = Etape.objects.filter(fiche=obj, parent__isnull=True) if obj else Etape.objects.none()
        formset.form.base_fields["parent"].queryset = parents
        return formset


@admin.register(FicheAction)
class FicheActionAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["code", "titre", "axe", "pilote", "statut", "avancement", "date_echeance", "meteo"]
    list_display_links = ["code", "titre"]
    list_filter = ["axe__plan", "axe", "statut", "meteo", "enjeux", "pilote"]
    list_select_related = ["axe", "pilote"]
    search_fields = ["code", "titre", "resume", "libelle_court"]
    autocomplete_fields = ["pilote", "co_pilotes"]
    readonly_fields = ["code", "avancement", "statut", "derniere_revue"]
    fieldsets = [
        (None, {"fields": ["axe", "numero", "code", "titre", "libelle_court", "resume", "enjeux"]}),
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
                ]
            },
        ),
        ("Avancement (calculé à partir des étapes)", {"fields": ["statut", "avancement"]}),
    ]
    inlines = [ObjectifInline, EtapeInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Etape:
            for etape, _ in formset.changed_objects:
                marquer_modifiee(etape)

    def save_related(self, request, form, formsets, change):
        # The cached progress is still the one before the save: recalculer() has not run yet.
        avant = etat_avant(form.instance)
        super().save_related(request, form, formsets, change)
        form.instance.recalculer()
        journaliser_back_office(
            form.instance,
            request.user,
            avant=avant,
            fiche_avant=valeurs_avant(form, CHAMPS_SUIVI_FICHE) if change else None,
            **etapes_enregistrees(next((f for f in formsets if f.model is Etape), None)),
        )


@admin.register(Etape)
class EtapeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "fiche", "ordre", "statut", "avancement", "responsable", "date_echeance"]
    list_filter = ["statut", "fiche__axe", "fiche"]
    list_select_related = ["fiche", "responsable"]
    search_fields = ["libelle", "texte", "fiche__code", "fiche__titre"]
    autocomplete_fields = ["fiche", "parent", "responsable"]
    form = EtapeForm

    def save_model(self, request, obj, form, change):
        ancienne_fiche = form.initial.get("fiche")
        deplacee = bool(ancienne_fiche) and ancienne_fiche != obj.fiche_id
        avant = etat_avant(obj.fiche)
        super().save_model(request, obj, form, change)
        if change:
            marquer_modifiee(obj)
        obj.fiche.recalculer()
        journaliser_back_office(
            obj.fiche,
            request.user,
            avant=avant,
            etapes_avant={obj.pk: valeurs_avant(form, (*CHAMPS_SUIVI_ETAPE, "poids"))} if change else None,
            ajoutees=[obj.intitule] if deplacee or not change else (),
        )
        if deplacee:
            fiche = FicheAction.objects.get(pk=ancienne_fiche)
            avant = etat_avant(fiche)
            fiche.recalculer()
            journaliser_back_office(fiche, request.user, avant=avant, retirees=[obj.intitule])

    def delete_model(self, request, obj):
        fiche = obj.fiche
        avant, intitule = etat_avant(fiche), obj.intitule
        super().delete_model(request, obj)
        fiche.recalculer()
        journaliser_back_office(fiche, request.user, avant=avant, retirees=[intitule])

    def delete_queryset(self, request, queryset):
        # Unlike the change and delete views, the changelist's actions run outside a transaction.
        with transaction.atomic():
            retirees, fiches = {}, {}
            for etape in queryset.select_related("fiche"):
                fiches[etape.fiche_id] = etape.fiche
                retirees.setdefault(etape.fiche_id, []).append(etape.intitule)
            super().delete_queryset(request, queryset)
            for fiche_id, fiche in fiches.items():
                avant = etat_avant(fiche)
                fiche.recalculer()
                journaliser_back_office(fiche, request.user, avant=avant, retirees=retirees[fiche_id])


@admin.register(Objectif)
class ObjectifAdmin(SimpleHistoryAdmin):
    list_display = ["texte", "fiche", "ordre"]
    list_filter = ["fiche__axe", "fiche"]
    list_select_related = ["fiche"]
    search_fields = ["texte", "fiche__code"]
    autocomplete_fields = ["fiche"]


class PratiqueInline(admin.TabularInline):
    model = Pratique
    extra = 0


@admin.register(Valeur)
class ValeurAdmin(SimpleHistoryAdmin):
    list_display = ["ordre", "nom"]
    list_display_links = ["nom"]
    search_fields = ["nom", "description", "pratiques__texte"]
    inlines = [PratiqueInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["nom", "date_creation", "nb_antennes", "nb_permanences", "nb_partenaires"]
    autocomplete_fields = ["siege_commune"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "nom",
                    "date_creation",
                    "siege_adresse",
                    "siege_commune",
                    "presidente",
                    "directrice",
                ]
            },
        ),
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

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()
