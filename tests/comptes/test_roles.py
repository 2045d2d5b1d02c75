"""The four roles exist after migrate, with their permissions; the demo accounts command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import override_settings

from comptes import roles
from comptes.permissions import synchroniser_permissions

COMPTES_DEMO = {
    "admin": roles.ADMINISTRATION,
    "direction": roles.DIRECTION,
    "pilote": roles.EQUIPE,
    "equipe": roles.EQUIPE,
    "ca": roles.CONSEIL,
}


def codes(groupe):
    return {
        f"{app}.{code}"
        for app, code in Group.objects.get(name=groupe).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def creer_comptes_demo():
    sortie = io.StringIO()
    call_command("creer_comptes_demo", stdout=sortie)
    return sortie.getvalue()


def test_les_quatre_roles_existent_apres_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Administration",
        "Direction",
        "Équipe",
        "Conseil d'administration",
    }


def test_l_administration_a_toutes_les_permissions(db):
    assert codes(roles.ADMINISTRATION) == {
        f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")
    }


def test_la_direction_modifie_le_plan_mais_pas_les_comptes(db):
    permissions = codes(roles.DIRECTION)
    for modele in ["plan", "axe", "ficheaction", "objectif", "etape", "valeur", "enjeu"]:
        assert {f"plan.add_{modele}", f"plan.change_{modele}", f"plan.view_{modele}"} <= permissions
    assert {"antennes.change_antenne", "partenaires.change_partenaire"} <= permissions
    assert "comptes.change_utilisateur" not in permissions
    assert "comptes.view_utilisateur" in permissions


@pytest.mark.parametrize("groupe", [roles.EQUIPE, roles.CONSEIL])
def test_l_equipe_et_le_conseil_ne_font_que_consulter(db, groupe):
    permissions = codes(groupe)
    assert permissions
    assert all(code.split(".")[1].startswith("view_") for code in permissions)
    assert "plan.view_ficheaction" in permissions


def test_les_permissions_suivent_les_comptes(compte_direction, compte_equipe, compte_ca):
    assert compte_direction.has_perm("plan.change_ficheaction")
    assert not compte_equipe.has_perm("plan.change_ficheaction")
    assert compte_equipe.has_perm("plan.view_ficheaction")
    assert not compte_ca.has_perm("plan.change_etape")


def test_la_synchronisation_des_permissions_est_idempotente(db):
    avant = {g: codes(g) for g in roles.GROUPES}
    synchroniser_permissions()
    synchroniser_permissions()
    assert {g: codes(g) for g in roles.GROUPES} == avant


def test_chaque_compte_a_le_libelle_de_son_role(compte_admin, compte_direction, compte_equipe, compte_ca):
    assert roles.libelle_role(compte_admin) == "Administration"
    assert roles.libelle_role(compte_direction) == "Direction"
    assert roles.libelle_role(compte_equipe) == "Équipe"
    assert roles.libelle_role(compte_ca) == "Conseil d'administration"
    assert roles.est_conseil(compte_ca) and not roles.peut_commenter(compte_ca)


@override_settings(DEBUG=True, DEMO_PASSWORD="un-mot-de-passe-de-demo")
def test_les_comptes_de_demonstration_prennent_le_mot_de_passe_demo_password(db):
    sortie = creer_comptes_demo()
    User = get_user_model()
    for identifiant, groupe in COMPTES_DEMO.items():
        user = User.objects.get(username=identifiant)
        assert user.check_password("un-mot-de-passe-de-demo")
        assert list(user.groups.values_list("name", flat=True)) == [groupe]
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    assert "Mot de passe : celui de la variable DEMO_PASSWORD." in sortie
    assert "un-mot-de-passe-de-demo" not in sortie


@override_settings(DEBUG=True, DEMO_PASSWORD="un-mot-de-passe-de-demo")
def test_les_comptes_de_demonstration_se_connectent_par_la_page_de_connexion(db, client):
    creer_comptes_demo()
    reponse = client.post("/connexion/", {"username": "ca", "password": "un-mot-de-passe-de-demo"})
    assert reponse.status_code == 302
    assert client.session["_auth_user_id"]


@override_settings(DEBUG=True, DEMO_PASSWORD="")
def test_sans_demo_password_un_mot_de_passe_est_genere_et_affiche(db):
    sortie = creer_comptes_demo()
    ligne = next(
        ligne for ligne in sortie.splitlines() if "Mot de passe des comptes de démonstration" in ligne
    )
    mot_de_passe = ligne.rsplit(" : ", 1)[1].strip()
    assert len(mot_de_passe) >= 12
    assert all(get_user_model().objects.get(username=u).check_password(mot_de_passe) for u in COMPTES_DEMO)


@override_settings(DEBUG=True, DEMO_PASSWORD="un-mot-de-passe-de-demo")
def test_relancer_la_creation_des_comptes_ne_les_duplique_pas(db):
    creer_comptes_demo()
    creer_comptes_demo()
    assert get_user_model().objects.filter(username__in=COMPTES_DEMO).count() == 5


@override_settings(DEBUG=False, DEMO_PASSWORD="un-mot-de-passe-de-demo")
def test_les_comptes_de_demonstration_sont_refuses_en_production(db):
    with pytest.raises(CommandError, match="Comptes de démonstration refusés : DEBUG est désactivé"):
        creer_comptes_demo()
    assert not get_user_model().objects.filter(username__in=COMPTES_DEMO).exists()
