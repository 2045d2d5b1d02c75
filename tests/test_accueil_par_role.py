"""Each role lands on its own page after login: the board member on the next meeting, whoever has
actions on « Mes actions », Direction and the others on the plan's health; "/" stays for all."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conseil.models import Instance
from mission_locale.formats import date_longue
from plan.models import Etape, FicheAction
from tests.factories import UserFactory
from tests.plan.html import lire, main

MOT_DE_PASSE = "mot-de-passe-de-test-long"  # the factories' password
# Session, user, groups, the session's save; the next meeting, then its report's figures, taken live
# (figures now and at the previous meeting, the period's journal and measures, the monthly series)
# unless cached: the same whatever the amount of data.
PLAFOND = 43


def connexion(username, **donnees):
    return Client().post("/connexion/", {"username": username, "password": MOT_DE_PASSE, **donnees})


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("ca", "/prochaine-instance/"),
        ("pilote", "/mes-actions/"),
        ("direction", "/"),
        ("equipe", "/"),
        ("admin", "/"),
    ],
)
def test_apres_la_connexion_chaque_role_arrive_sur_sa_page(comptes_par_role, role, page):
    reponse = connexion(role)
    assert reponse["Location"] == "/bienvenue/"
    client = Client()
    client.force_login(comptes_par_role[role])
    assert client.get("/bienvenue/")["Location"] == page


def test_la_page_demandee_avant_la_connexion_reste_prioritaire(comptes_par_role):
    assert connexion("ca", next="/plan/enjeux/")["Location"] == "/plan/enjeux/"


@pytest.mark.parametrize("lien", ["co_pilote", "responsable"])
def test_un_co_pilote_ou_un_responsable_d_etape_arrive_sur_mes_actions(comptes_par_role, client_de, lien):
    personne = comptes_par_role["equipe"]
    fiche = FicheAction.objects.get(code="2.1")
    if lien == "co_pilote":
        fiche.co_pilotes.add(personne)
    else:
        Etape.objects.filter(pk=fiche.etapes.first().pk).update(responsable=personne)
    assert client_de(personne).get("/bienvenue/")["Location"] == "/mes-actions/"


def test_une_fiche_archivee_ne_compte_plus(comptes_par_role, client_de):
    FicheAction.objects.filter(code="1.1").update(archivee_le=timezone.now())
    assert client_de(comptes_par_role["pilote"]).get("/bienvenue/")["Location"] == "/"


def liens_du_menu(reponse):
    menu = lire(reponse).un("nav", **{"aria-label": "Navigation principale"})
    return [a.texte() for a in menu.tous("a")]


@pytest.mark.parametrize(
    ("role", "montre"),
    [("pilote", True), ("equipe", False), ("ca", False), ("direction", False), ("admin", False)],
)
def test_mes_actions_n_apparait_qu_a_qui_a_des_actions(comptes_par_role, client_de, role, montre):
    reponse = client_de(comptes_par_role[role]).get("/plan/")
    assert ("Mes actions" in liens_du_menu(reponse)) is montre
    assert "Tableau de bord" in liens_du_menu(reponse)


def test_la_page_de_la_prochaine_instance_dit_quand_ou_quoi_et_ce_qui_a_change(
    activite, comptes_par_role, client_de
):
    prochaine = activite["prochaine_instance"]
    page = main(client_de(comptes_par_role["ca"]).get("/prochaine-instance/"))
    assert page.un("h1").texte() == str(prochaine)
    assert f"Le {date_longue(prochaine.date)}, Siège, Béthune." in page.texte()
    ordre = page.un("h2", id_="titre-ordre-du-jour").parent.un("ol")
    assert [li.texte() for li in ordre.tous("li")] == ["Avancement du plan", "Décisions attendues"]
    changements = page.un("section", **{"aria-labelledby": "titre-changements"}).texte()
    assert f"Ce qui a changé depuis l'instance précédente : {activite['instance_tenue']}" in changements
    assert "Avancement du plan :" in changements
    assert "dont 1 signalée au conseil" in changements
    assert "1 nouvelle mesure d'indicateurs" in changements
    liens = {a.attrs["href"] for a in page.tous("a")}
    assert f"/instances/{prochaine.pk}/rapport/" in liens
    assert f"/instances/{prochaine.pk}/rapport.pdf" in liens


def test_sans_instance_prevue_la_page_le_dit_et_mene_au_dernier_rapport(
    activite, comptes_par_role, client_de
):
    Instance.objects.filter(pk=activite["prochaine_instance"].pk).delete()
    page = main(client_de(comptes_par_role["ca"]).get("/prochaine-instance/"))
    assert "Aucune instance n'est encore prévue" in page.texte()
    assert page.un("a", href=f"/instances/{activite['instance_tenue'].pk}/rapport/")


def test_seule_la_direction_voit_le_lien_pour_modifier_l_instance(activite, comptes_par_role, client_de):
    prochaine = activite["prochaine_instance"]
    lien = f"/instances/{prochaine.pk}/modifier/"
    assert lien in client_de(comptes_par_role["direction"]).get("/prochaine-instance/").text
    assert lien not in client_de(comptes_par_role["ca"]).get("/prochaine-instance/").text


@pytest.mark.usefixtures("contexte_des_reponses")
@pytest.mark.parametrize("suivi_d_un_an", [1, 20], indirect=True)
def test_la_page_de_la_prochaine_instance_reste_sous_son_plafond_a_1x_et_20x(
    suivi_d_un_an, client_de, django_assert_max_num_queries
):
    fois = suivi_d_un_an
    maintenant = timezone.now()
    Instance.objects.create(date=maintenant - timedelta(days=120))
    Instance.objects.create(date=maintenant + timedelta(days=10), ordre_du_jour="Budget")
    client = client_de(UserFactory())
    with django_assert_max_num_queries(PLAFOND):
        reponse = client.get("/prochaine-instance/")
    assert reponse.status_code == 200
    assert len(reponse.context["rapport"].fiches) == 11 * fois


def test_la_redirection_par_role_tient_en_peu_de_requetes(
    comptes_par_role, client_de, django_assert_max_num_queries
):
    client = client_de(comptes_par_role["pilote"])
    # Session, user, groups, whether the person has actions, the session's save (and its savepoint).
    with django_assert_max_num_queries(7):
        client.get("/bienvenue/")


def test_a_des_actions_qui_pilote_co_pilote_ou_repond_d_une_etape_d_une_fiche_non_archivee(db):
    from plan.models import a_des_actions_en_cours
    from tests.factories import EtapeFactory, FicheActionFactory

    pilote, co_pilote, responsable, personne = UserFactory.create_batch(4)
    fiche = FicheActionFactory(pilote=pilote)
    fiche.co_pilotes.add(co_pilote)
    EtapeFactory(fiche=fiche, responsable=responsable)

    assert [a_des_actions_en_cours(p.pk) for p in (pilote, co_pilote, responsable, personne)] == [
        True,
        True,
        True,
        False,
    ]
    FicheAction.objects.filter(pk=fiche.pk).update(archivee_le=timezone.now())
    assert not any(a_des_actions_en_cours(p.pk) for p in (pilote, co_pilote, responsable))
