"""The back-office: every registered model opens (list, add, change) and the fiche form does its job."""

import inspect
from datetime import timedelta
from decimal import Decimal

import factory.django
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

import tests.factories
from plan.models import Etape, FicheAction, Objectif

from .html import lire

MODELES = sorted(admin.site._registry, key=lambda m: m._meta.label)
APPS_DU_SOCLE = {"plan", "antennes", "partenaires", "auth"}


def fabriques():
    """{model: factory} for every factory of tests/factories.py."""
    return {
        f._meta.model: f
        for _, f in inspect.getmembers(tests.factories, inspect.isclass)
        if issubclass(f, factory.django.DjangoModelFactory) and f._meta.model
    }


def rattachements(fabrique):
    """Existing rows for the factory's sub-factories, so that it hangs off the loaded plan."""
    if not inspect.isclass(fabrique):
        return {}
    liens = {}
    for nom, declaration in fabrique._meta.declarations.items():
        if isinstance(declaration, factory.SubFactory):
            existant = declaration.get_factory()._meta.model.objects.first()
            if existant is not None:
                liens[nom] = existant
    return liens


@pytest.fixture
def un_objet_de(plan_charge, compte_admin):
    """un_objet_de(model) → a row of it: from the loaded plan, else a factory, else a login log."""
    maintenant = timezone.now()
    commun = {"ip_address": "192.0.2.1", "user_agent": "navigateur", "http_accept": "text/html"}
    journaux_de_connexion = {
        AccessAttempt: lambda: AccessAttempt.objects.create(
            username="equipe", path_info="/connexion/", failures_since_start=1, **commun
        ),
        AccessLog: lambda: AccessLog.objects.create(
            username="admin", path_info="/connexion/", attempt_time=maintenant, **commun
        ),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(
            username="equipe", path_info="/connexion/", attempt_time=maintenant, **commun
        ),
    }
    constructeurs = fabriques() | journaux_de_connexion

    def fabrique(modele):
        objet = modele.objects.first()
        if objet is None:
            assert modele in constructeurs, (
                f"Ajoutez une fabrique de {modele._meta.label} à tests/factories.py"
            )
            objet = constructeurs[modele](**rattachements(constructeurs[modele]))
        return objet

    return fabrique


@pytest.fixture
def admin_client_(client_de, compte_admin):
    return client_de(compte_admin)


def url_admin(modele, vue, *args):
    return reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_{vue}", args=args)


@pytest.mark.parametrize("modele", MODELES, ids=lambda m: m._meta.label)
def test_la_liste_et_la_fiche_de_chaque_modele_s_ouvrent_dans_le_back_office(
    un_objet_de, admin_client_, modele
):
    objet = un_objet_de(modele)
    assert admin_client_.get(url_admin(modele, "changelist")).status_code == 200
    assert admin_client_.get(url_admin(modele, "change", objet.pk)).status_code == 200


@pytest.mark.parametrize("modele", MODELES, ids=lambda m: m._meta.label)
def test_le_formulaire_d_ajout_de_chaque_modele_s_ouvre_sauf_ajout_refuse_expres(
    plan_charge, rf, compte_admin, admin_client_, modele
):
    requete = rf.get("/admin/")
    requete.user = compte_admin
    # Append-only logs (journal, login attempts) refuse adding by design: the admin says so with a 403.
    ajout_permis = admin.site._registry[modele].has_add_permission(requete)
    reponse = admin_client_.get(url_admin(modele, "add"))
    assert reponse.status_code == (200 if ajout_permis else 403)


def test_dans_le_socle_seule_l_organisation_deja_creee_refuse_un_ajout(plan_charge, rf, compte_admin):
    requete = rf.get("/admin/")
    requete.user = compte_admin
    refuses = {
        m._meta.label
        for m, model_admin in admin.site._registry.items()
        if m._meta.app_label in APPS_DU_SOCLE and not model_admin.has_add_permission(requete)
    }
    assert refuses == {"plan.Organisation"}


def test_l_organisation_s_ajoute_tant_qu_elle_n_existe_pas(db, admin_client_):
    from plan.models import Organisation

    assert admin_client_.get(url_admin(Organisation, "add")).status_code == 200


def test_le_back_office_est_en_francais_et_aux_couleurs_de_la_mission_locale(db, admin_client_):
    page = lire(admin_client_.get("/admin/"))
    assert "Mission Locale de l'arrondissement de Béthune" in page.texte()
    assert "Fiches-actions" in page.texte()
    assert page.un("html").attrs["lang"].startswith("fr")


def test_le_back_office_est_reserve_a_l_administration(plan_charge, client_de, compte_equipe, compte_ca):
    for compte in (compte_equipe, compte_ca):
        reponse = client_de(compte).get("/admin/plan/ficheaction/")
        assert reponse.status_code == 302
        assert reponse["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("recherche", ["62119", "Béthune", "béthune"])
def test_les_communes_se_cherchent_par_nom_ou_code_insee(plan_charge, admin_client_, recherche):
    reponse = admin_client_.get("/admin/antennes/commune/", {"q": recherche})
    assert reponse.status_code == 200
    resultats = list(reponse.context["cl"].result_list)
    assert "62119" in [c.code_insee for c in resultats]
    if recherche == "62119":
        assert len(resultats) == 1


def test_les_communes_se_proposent_en_autocompletion(plan_charge, admin_client_):
    reponse = admin_client_.get(
        "/admin/autocomplete/",
        {"term": "Béth", "app_label": "antennes", "model_name": "antenne", "field_name": "commune"},
    )
    assert reponse.status_code == 200
    assert "Béthune" in [r["text"] for r in reponse.json()["results"]]


def test_la_fiche_montre_ses_enjeux_en_cases_a_cocher_et_ses_objectifs_et_etapes_en_ligne(
    plan_charge, admin_client_
):
    fiche = FicheAction.objects.get(code="2.1")
    reponse = admin_client_.get(url_admin(FicheAction, "change", fiche.pk))
    page = lire(reponse)
    cases = page.tous("input", type="checkbox", name="enjeux")
    assert len(cases) == 6
    assert [c.attrs["value"] for c in cases if "checked" in c.attrs] == [
        str(e.pk) for e in fiche.enjeux.all()
    ]
    formsets = {f.formset.prefix: f for f in reponse.context["inline_admin_formsets"]}
    assert formsets["objectifs"].formset.queryset.count() == 3
    assert formsets["etapes"].formset.queryset.count() == 9
    # A sub-step's parent is chosen among this fiche's top-level steps only.
    parents = formsets["etapes"].formset.forms[0].fields["parent"].queryset
    assert set(parents) == set(fiche.etapes.filter(parent=None))


def donnees_du_formulaire(reponse):
    """The change form's data as the browser would post it back, inlines included."""
    donnees = {}
    formulaire = reponse.context["adminform"].form
    for nom, champ in formulaire.fields.items():
        valeur = formulaire.initial.get(nom, champ.initial)
        if isinstance(valeur, list):
            donnees[nom] = [getattr(v, "pk", v) for v in valeur]
        elif valeur is not None:
            donnees[nom] = getattr(valeur, "pk", valeur)
    for inline in reponse.context["inline_admin_formsets"]:
        formset = inline.formset
        for nom, valeur in formset.management_form.initial.items():
            donnees[f"{formset.prefix}-{nom}"] = valeur
        for form in formset.forms:
            for nom, champ in form.fields.items():
                valeur = form.initial.get(nom, champ.initial)
                if valeur is not None:
                    donnees[form.add_prefix(nom)] = getattr(valeur, "pk", valeur)
    return donnees


def test_enregistrer_une_fiche_dans_le_back_office_recalcule_son_avancement(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="1.2")
    url = url_admin(FicheAction, "change", fiche.pk)
    donnees = donnees_du_formulaire(admin_client_.get(url))
    premiere = fiche.etapes.get(ordre=1, parent=None)
    index = next(
        i for i in range(int(donnees["etapes-TOTAL_FORMS"])) if donnees[f"etapes-{i}-id"] == premiere.pk
    )
    donnees[f"etapes-{index}-statut"] = Etape.Statut.REALISE
    donnees[f"etapes-{index}-avancement"] = 100
    donnees["date_debut"], donnees["date_echeance"] = "06/01/2025", "26/11/2026"

    reponse = admin_client_.post(url, donnees)

    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    fiche.refresh_from_db()
    assert fiche.avancement == Decimal("33.33")
    assert fiche.statut == FicheAction.Statut.EN_COURS
    assert fiche.date_echeance.isoformat() == "2026-11-26"


def test_un_objectif_s_ajoute_en_ligne_depuis_la_fiche(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="4.1")
    url = url_admin(FicheAction, "change", fiche.pk)
    donnees = donnees_du_formulaire(admin_client_.get(url))
    n = int(donnees["objectifs-TOTAL_FORMS"])
    donnees["objectifs-TOTAL_FORMS"] = n + 1
    donnees[f"objectifs-{n}-ordre"] = n + 1
    donnees[f"objectifs-{n}-texte"] = "Mesurer l'appropriation de la charte un an après."
    donnees[f"objectifs-{n}-fiche"] = fiche.pk
    assert admin_client_.post(url, donnees).status_code == 302
    assert (
        Objectif.objects.get(fiche=fiche, ordre=n + 1).texte
        == "Mesurer l'appropriation de la charte un an après."
    )


def test_le_back_office_refuse_en_francais_un_debut_apres_l_echeance(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="1.3")
    url = url_admin(FicheAction, "change", fiche.pk)
    donnees = donnees_du_formulaire(admin_client_.get(url))
    debut = timezone.localdate()
    donnees["date_debut"] = debut.strftime("%d/%m/%Y")
    donnees["date_echeance"] = (debut - timedelta(days=1)).strftime("%d/%m/%Y")
    reponse = admin_client_.post(url, donnees)
    assert reponse.status_code == 200
    erreurs = reponse.context["adminform"].form.errors
    assert "échéance" in erreurs["date_echeance"][0]
    assert "postérieure à la date de début" in erreurs["date_echeance"][0]
    fiche.refresh_from_db()
    assert fiche.date_debut is None


def test_les_groupes_des_roles_s_ouvrent_dans_le_back_office(db, admin_client_):
    groupe = Group.objects.get(name="Conseil d'administration")
    assert admin_client_.get(reverse("admin:auth_group_change", args=[groupe.pk])).status_code == 200


def test_une_etape_modifiee_dans_le_back_office_invalide_les_formulaires_ouverts_avant(
    plan_charge, admin_client_
):
    etape = Etape.objects.get(fiche__code="3.1", ordre=2, parent=None)
    url = url_admin(Etape, "change", etape.pk)
    donnees = donnees_du_formulaire(admin_client_.get(url))
    donnees |= {"statut": Etape.Statut.EN_COURS, "avancement": 30}
    assert admin_client_.post(url, donnees).status_code == 302
    etape.refresh_from_db()
    assert (etape.statut, etape.avancement, etape.version) == (Etape.Statut.EN_COURS, 30, 2)
    assert FicheAction.objects.get(code="3.1").avancement == Decimal("6.00")


def test_seules_les_etapes_modifiees_en_ligne_changent_de_version(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="1.5")
    url = url_admin(FicheAction, "change", fiche.pk)
    donnees = donnees_du_formulaire(admin_client_.get(url))
    premiere = fiche.etapes.get(ordre=1)
    index = next(
        i for i in range(int(donnees["etapes-TOTAL_FORMS"])) if donnees[f"etapes-{i}-id"] == premiere.pk
    )
    donnees[f"etapes-{index}-statut"] = Etape.Statut.BLOQUE
    donnees[f"etapes-{index}-avancement"] = 10
    assert admin_client_.post(url, donnees).status_code == 302
    versions = dict(fiche.etapes.values_list("ordre", "version"))
    assert versions == {1: 2, 2: 1, 3: 1, 4: 1, 5: 1}
    fiche.refresh_from_db()
    assert fiche.statut == FicheAction.Statut.BLOQUEE


def test_supprimer_une_etape_dans_le_back_office_recalcule_la_fiche(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="4.1")
    realisee, restante = fiche.etapes.order_by("ordre")
    realisee.statut = Etape.Statut.REALISE
    realisee.save()
    fiche.recalculer()
    assert fiche.avancement == Decimal("50.00")
    reponse = admin_client_.post(url_admin(Etape, "delete", restante.pk), {"post": "yes"})
    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert (fiche.avancement, fiche.statut) == (Decimal("100.00"), FicheAction.Statut.REALISEE)


def test_supprimer_des_etapes_par_lot_recalcule_leurs_fiches(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="4.1")
    realisee, restante = fiche.etapes.order_by("ordre")
    realisee.statut = Etape.Statut.REALISE
    realisee.save()
    fiche.recalculer()
    reponse = admin_client_.post(
        "/admin/plan/etape/", {"action": "delete_selected", "_selected_action": [restante.pk], "post": "yes"}
    )
    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert fiche.avancement == Decimal("100.00")


@pytest.mark.parametrize(
    ("parente", "message"),
    [
        (lambda e: e, "Une étape ne peut pas être sa propre étape parente."),
        (
            lambda e: Etape.objects.get(fiche__code="2.1", libelle="Le programme").sous_etapes.first(),
            "Choisissez une étape de premier niveau : une sous-étape n'a pas de sous-étapes.",
        ),
        (
            lambda e: Etape.objects.get(fiche__code="1.1", ordre=1, parent=None),
            "L'étape parente doit appartenir à la même fiche-action.",
        ),
        (
            lambda e: Etape.objects.get(fiche__code="2.1", ordre=1, parent=None),
            "Cette étape a des sous-étapes : elle ne peut pas devenir elle-même une sous-étape.",
        ),
    ],
)
def test_les_etapes_restent_un_arbre_a_deux_niveaux_dans_une_fiche(
    plan_charge, admin_client_, parente, message
):
    programme = Etape.objects.get(fiche__code="2.1", libelle="Le programme")
    url = url_admin(Etape, "change", programme.pk)
    donnees = donnees_du_formulaire(admin_client_.get(url))
    donnees["parent"] = parente(programme).pk
    reponse = admin_client_.post(url, donnees)
    assert reponse.status_code == 200
    assert reponse.context["adminform"].form.errors["parent"] == [message]
    programme.refresh_from_db()
    assert programme.parent is None
