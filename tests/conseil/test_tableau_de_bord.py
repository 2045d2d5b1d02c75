"""The home page: the plan at a glance for every role, in a fixed number of queries."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conseil.models import Instance
from plan.models import FicheAction, Sante
from suivi import services
from tests.factories import (
    AxeFactory,
    EnjeuFactory,
    EntreeJournalFactory,
    FicheActionFactory,
    PlanFactory,
    UserFactory,
)
from tests.plan.html import main

FOIS = 20
# Session (read, then renewed in a transaction: the first request after login), user, groups; plan,
# the follow-up's fingerprint (five aggregates), then, for the first rendering after a change, the
# report's figures taken now (fiches + enjeux, changes since, axes), enjeux, journal (+ changes),
# journal's state then monthly replay (unless cached), next meeting, the year's meetings against the
# statutes: the same whatever the amount of data.
PLAFOND = 23
# The same page while nothing changed, the session renewed minutes ago: session, user, groups, plan,
# fingerprint.
PLAFOND_EN_CACHE = 9


@pytest.fixture
def petit_plan(db):
    """Two axes: A (60 %, late), B (20 %, due in 30 days), C (0 %, never reviewed)."""
    aujourdhui = timezone.localdate()
    plan = PlanFactory(annee_debut=aujourdhui.year - 1, annee_fin=aujourdhui.year + 3)
    axe_1, axe_2 = AxeFactory(plan=plan, numero=1, titre="Premier axe"), AxeFactory(plan=plan, numero=2)
    enjeu_x, enjeu_y = EnjeuFactory(libelle="Enjeu X"), EnjeuFactory(libelle="Enjeu Y")
    a = FicheActionFactory(
        axe=axe_1,
        numero=1,
        titre="Fiche en retard",
        avancement=60,
        statut=FicheAction.Statut.EN_COURS,
        date_debut=aujourdhui - timedelta(days=400),
        date_echeance=aujourdhui - timedelta(days=10),
        derniere_revue=timezone.now(),
        decision_attendue="Choisir le prestataire.",
    )
    b = FicheActionFactory(
        axe=axe_1,
        numero=2,
        titre="Fiche bientôt due",
        avancement=20,
        statut=FicheAction.Statut.EN_COURS,
        date_debut=aujourdhui - timedelta(days=5),
        date_echeance=aujourdhui + timedelta(days=30),
        derniere_revue=timezone.now(),
    )
    c = FicheActionFactory(axe=axe_2, numero=1, titre="Fiche jamais revue")
    a.enjeux.set([enjeu_x])
    b.enjeux.set([enjeu_x, enjeu_y])
    EntreeJournalFactory(fiche=a, commentaire="Le chantier a pris du retard.", avancement_fiche=60)
    return {"plan": plan, "a": a, "b": b, "c": c, "enjeu_x": enjeu_x}


@pytest.mark.usefixtures("contexte_des_reponses")
def test_le_tableau_de_bord_donne_l_avancement_du_plan_et_de_chaque_axe_en_clair(
    petit_plan, client_de, compte_ca
):
    reponse = client_de(compte_ca).get("/")
    page = main(reponse)

    contexte = reponse.context
    assert contexte["avancement"] == Decimal("20.00")  # axis 1: (60 + 20) / 2 = 40, axis 2: 0
    assert [axe.avancement for axe in contexte["axes"]] == [Decimal("40.00"), Decimal("0.00")]
    texte = page.texte()
    # (The reader turns the narrow no-break space before % into a plain space.)
    assert "Avancement du plan 20 %" in texte
    assert "2 fiches : 2 en cours ; 1 en retard ; avancement moyen 40 %." in texte
    assert "1 fiche : 1 à venir ; aucune en retard ; avancement moyen 0 %." in texte


def test_chaque_compte_par_statut_et_par_sante_mene_a_la_liste_filtree(petit_plan, client_de, compte_ca):
    page = main(client_de(compte_ca).get("/"))

    liens = {
        a.attrs["href"]: a.texte() for a in page.tous("a") if "/plan/fiches/?" in a.attrs.get("href", "")
    }
    assert liens["/plan/fiches/?statut=en_cours"].startswith("2")
    assert liens["/plan/fiches/?statut=a_venir"].startswith("1")
    assert liens[f"/plan/fiches/?sante={Sante.EN_RETARD}"].startswith("1")
    assert liens[f"/plan/fiches/?sante={Sante.NON_PLANIFIEE}"].startswith("1")
    assert liens[f"/plan/fiches/?sante={Sante.DANS_LES_TEMPS}"].startswith("1")


@pytest.mark.usefixtures("contexte_des_reponses")
def test_les_points_d_attention_listent_retards_echeances_proches_et_fiches_non_revues(
    petit_plan, client_de, compte_ca
):
    contexte = client_de(compte_ca).get("/").context

    assert [f.titre for f in contexte["en_retard"]] == ["Fiche en retard"]
    assert [f.titre for f in contexte["a_echeance"]] == ["Fiche bientôt due"]
    assert [f.titre for f in contexte["a_revoir"]] == ["Fiche jamais revue"]
    assert [f.titre for f in contexte["decisions"]] == ["Fiche en retard"]


@pytest.mark.usefixtures("contexte_des_reponses")
def test_l_avancement_par_enjeu_est_la_moyenne_des_fiches_qui_le_servent(petit_plan, client_de, compte_ca):
    contexte = client_de(compte_ca).get("/").context

    par_enjeu = {e.libelle: (e.nb_fiches, e.avancement) for e in contexte["enjeux"]}
    assert par_enjeu["Enjeu X"] == (2, Decimal("40.00"))
    assert par_enjeu["Enjeu Y"] == (1, Decimal("20.00"))
    assert [cases for _, cases in contexte["grille"]] == [[True, False], [True, True], [False, False]]


def test_l_evolution_mensuelle_est_rejouee_depuis_le_journal_pour_le_graphique(db, client_de, compte_ca):
    aujourdhui = timezone.localdate()
    plan = PlanFactory(annee_debut=aujourdhui.year - 1, annee_fin=aujourdhui.year + 3)
    fiche = FicheActionFactory(axe=AxeFactory(plan=plan, numero=1), numero=1, avancement=80)
    # 30 % at the end of last January, 80 % now.
    EntreeJournalFactory(
        fiche=fiche,
        cree_le=timezone.make_aware(timezone.datetime(plan.annee_debut, 1, 20)),
        avancement_fiche=30,
    )
    EntreeJournalFactory(fiche=fiche, avancement_fiche=80)

    reponse = client_de(compte_ca).get("/")

    donnees = json.loads(main(reponse).un("script", id_="donnees-evolution").texte())
    assert donnees["mois"][0] == f"janv. {plan.annee_debut}"
    assert [s["libelle"] for s in donnees["series"]] == ["Plan", "Axe 1"]
    valeurs = donnees["series"][0]["valeurs"]
    assert valeurs[0] == 30 and valeurs[-2] == 30 and valeurs[-1] == 80
    assert len(valeurs) == 12 + aujourdhui.month
    # The same figures in the table that stands for the chart.
    lignes = main(reponse).un("table", classe="table-striped").un("tbody").tous("tr")
    assert len(lignes) == len(valeurs)


@pytest.mark.usefixtures("contexte_des_reponses")
def test_l_evolution_mensuelle_mise_en_cache_suit_une_entree_ajoutee_au_journal(db, client_de, compte_ca):
    aujourdhui = timezone.localdate()
    plan = PlanFactory(annee_debut=aujourdhui.year - 1, annee_fin=aujourdhui.year + 3)
    fiche = FicheActionFactory(axe=AxeFactory(plan=plan, numero=1), numero=1, avancement=80)
    EntreeJournalFactory(
        fiche=fiche,
        cree_le=timezone.make_aware(timezone.datetime(plan.annee_debut, 1, 20)),
        avancement_fiche=30,
    )
    EntreeJournalFactory(fiche=fiche, avancement_fiche=80)
    client = client_de(compte_ca)

    def valeurs_du_plan():
        contexte = client.get("/").context
        return contexte["evolution"]["series"][0]["valeurs"]

    assert valeurs_du_plan()[0] == 30
    # A late entry on January: the fiche's current progress does not move, the past month does.
    EntreeJournalFactory(
        fiche=fiche,
        cree_le=timezone.make_aware(timezone.datetime(plan.annee_debut, 1, 27)),
        avancement_fiche=45,
    )

    valeurs = valeurs_du_plan()
    assert valeurs[0] == 45 and valeurs[-1] == 80


def test_le_graphique_vient_d_un_fichier_statique_sans_script_ni_style_en_ligne(
    petit_plan, client_de, compte_ca
):
    page = client_de(compte_ca).get("/").content.decode()

    assert '<script src="/static/vendor/chartjs/chart.umd.min.js"></script>' in page
    assert '<script src="/static/js/tableau_de_bord.js"></script>' in page
    assert "style=" not in page
    assert page.count("<script>") == 0


def test_les_dernieres_entrees_du_journal_s_affichent(petit_plan, client_de, compte_ca):
    texte = main(client_de(compte_ca).get("/")).texte()

    assert "Le chantier a pris du retard." in texte


def test_la_prochaine_instance_et_son_rapport_sont_annonces(petit_plan, client_de, compte_ca):
    instance = Instance.objects.create(date=timezone.now() + timedelta(days=12), lieu="Salle du conseil")

    page = client_de(compte_ca).get("/").content.decode()

    assert f'href="/instances/{instance.pk}/rapport/"' in page
    assert f'href="/instances/{instance.pk}/rapport.pdf"' in page


@pytest.mark.parametrize("compte", ["compte_ca", "compte_equipe", "compte_direction", "compte_admin"])
def test_le_tableau_de_bord_s_ouvre_pour_chaque_role_et_renvoie_au_glossaire(
    petit_plan, client_de, compte, request
):
    reponse = client_de(request.getfixturevalue(compte)).get("/")

    assert reponse.status_code == 200
    assert 'href="/glossaire/"' in reponse.content.decode()


def test_le_conseil_ne_voit_aucun_bouton_de_modification(petit_plan, client_de, compte_ca):
    page = main(client_de(compte_ca).get("/"))

    libelles = [e.texte().lower() for e in page.tous("a") + page.tous("button")]
    assert not any(
        mot in libelle
        for libelle in libelles
        for mot in ("modifier", "mettre à jour", "supprimer", "ajouter")
    )


def test_sans_plan_le_tableau_de_bord_le_dit(db, client_de, compte_ca):
    reponse = client_de(compte_ca).get("/")

    assert reponse.status_code == 200
    assert "Aucun plan n'est encore chargé." in reponse.content.decode()


@pytest.mark.usefixtures("contexte_des_reponses")
@pytest.mark.parametrize("suivi_d_un_an", [1, FOIS], indirect=True)
def test_le_tableau_de_bord_reste_sous_son_plafond_de_requetes_a_1x_et_20x(
    suivi_d_un_an, client_de, compte_ca, django_assert_max_num_queries
):
    # A year of weekly updates on the real plan's 11 fiches, then on twenty times as many.
    fois = suivi_d_un_an
    client = client_de(compte_ca)

    with django_assert_max_num_queries(PLAFOND):
        reponse = client.get("/")

    assert reponse.status_code == 200
    assert reponse.context["nb_fiches"] == 11 * fois
    assert len(reponse.context["grille"]) == 11 * fois
    assert len(reponse.context["dernieres_entrees"]) == 8
    with django_assert_max_num_queries(PLAFOND_EN_CACHE):
        encore = client.get("/")
    assert main(encore).texte() == main(reponse).texte()


def test_les_nouvelles_du_journal_ne_coutent_pas_une_requete_par_entree(
    petit_plan, client_de, compte_ca, django_assert_max_num_queries
):
    for _ in range(30):
        EntreeJournalFactory(fiche=petit_plan["b"], auteur=UserFactory())
    client = client_de(compte_ca)
    with django_assert_max_num_queries(PLAFOND):
        client.get("/")


def test_le_tableau_de_bord_deja_rendu_montre_la_mise_a_jour_suivante_d_un_pilote(
    petit_plan, client_de, compte_ca, compte_pilote
):
    client = client_de(compte_ca)
    assert "Le comité de pilotage a validé le cahier des charges." not in main(client.get("/")).texte()

    services.commenter(
        petit_plan["b"], compte_pilote, commentaire="Le comité de pilotage a validé le cahier des charges."
    )

    journal = main(client.get("/")).un("section", **{"aria-labelledby": "titre-journal"}).texte()
    assert "Le comité de pilotage a validé le cahier des charges." in journal
