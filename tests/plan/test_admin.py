"""The back-office: every registered model opens (list, add, change) and the fiche form does its job."""

import inspect

import factory.django
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
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


def test_le_texte_du_plan_et_le_suivi_ne_s_ajoutent_pas_dans_le_back_office(plan_charge, rf, compte_admin):
    """The plan's text and structure have one home, the fixtures; follow-up is made in the app."""
    requete = rf.get("/admin/")
    requete.user = compte_admin
    refuses = {
        m._meta.label
        for m, model_admin in admin.site._registry.items()
        if m._meta.app_label in APPS_DU_SOCLE and not model_admin.has_add_permission(requete)
    }
    assert refuses == {
        "plan.Axe",
        "plan.Enjeu",
        "plan.Etape",
        "plan.FicheAction",
        "plan.Objectif",
        "plan.Organisation",
        "plan.Plan",
        "plan.Valeur",
    }


def test_le_texte_de_reference_se_lit_dans_le_back_office_et_dit_ou_il_se_modifie(plan_charge, admin_client_):
    objectif = Objectif.objects.filter(fiche__code="4.1").first()
    url = url_admin(Objectif, "change", objectif.pk)
    page = admin_client_.get(url).content.decode()
    assert objectif.texte in page
    assert "fixtures/plan_2024_2029.json" in page and "charger_plan" in page
    assert admin_client_.post(url, {"texte": "Réécrit"}).status_code == 403
    assert admin_client_.post(url_admin(Objectif, "delete", objectif.pk), {"post": "yes"}).status_code == 403
    objectif.refresh_from_db()
    assert objectif.texte != "Réécrit"


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


@pytest.mark.usefixtures("contexte_des_reponses")
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


@pytest.mark.usefixtures("contexte_des_reponses")
def test_la_fiche_montre_ses_enjeux_ses_objectifs_et_ses_etapes_en_lecture(plan_charge, admin_client_):
    fiche = FicheAction.objects.get(code="2.1")
    reponse = admin_client_.get(url_admin(FicheAction, "change", fiche.pk))
    page = reponse.content.decode()
    assert not lire(reponse).tous("input", type="checkbox", name="enjeux")
    for enjeu in fiche.enjeux.all():
        assert enjeu.libelle in page
    formsets = {f.formset.prefix: f for f in reponse.context["inline_admin_formsets"]}
    assert formsets["objectifs"].formset.queryset.count() == 3
    assert formsets["etapes"].formset.queryset.count() == 9
    assert 'name="etapes-0-statut"' not in page


def test_supprimer_une_etape_est_refuse_dans_le_back_office(plan_charge, admin_client_):
    etape = Etape.objects.filter(fiche__code="4.1").first()
    assert admin_client_.post(url_admin(Etape, "delete", etape.pk), {"post": "yes"}).status_code == 403
    reponse = admin_client_.post(
        "/admin/plan/etape/", {"action": "delete_selected", "_selected_action": [etape.pk], "post": "yes"}
    )
    assert Etape.objects.filter(pk=etape.pk).exists()
    assert reponse.status_code in (200, 302)


def test_les_groupes_des_roles_s_ouvrent_dans_le_back_office(db, admin_client_):
    groupe = Group.objects.get(name="Conseil d'administration")
    assert admin_client_.get(reverse("admin:auth_group_change", args=[groupe.pk])).status_code == 200


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
def test_les_etapes_restent_un_arbre_a_deux_niveaux_dans_une_fiche(plan_charge, parente, message):
    programme = Etape.objects.get(fiche__code="2.1", libelle="Le programme")
    programme.parent = parente(programme)
    with pytest.raises(ValidationError) as erreur:
        programme.full_clean()
    assert erreur.value.message_dict["parent"] == [message]
