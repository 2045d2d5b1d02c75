"""The search box finds fiches, steps, journal entries, indicators and people, grouped and
highlighted, on PostgreSQL (full-text, French) and SQLite (fallback) alike, in bounded queries."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from antennes.models import MembreEquipe
from plan.models import Etape, FicheAction
from recherche.moteur import ETAPES, FICHES, JOURNAL, correspondances
from suivi import services
from suivi.models import EntreeJournal
from tests.factories import UserFactory
from tests.plan.html import lire, main

# Session, user, groups, the menu's « Mes actions » flag and the session's save (with its
# savepoint); the plan in force; fiches, steps, journal, indicators, accounts, staff register.
PLAFOND = 14
INDEX_ATTENDUS = [
    (EntreeJournal, JOURNAL, "recherche_journal"),
    (Etape, ETAPES, "recherche_etape"),
    (FicheAction, FICHES, "recherche_fiche"),
]


@pytest.fixture
def chercher(activite, comptes_par_role, client_de):
    def recherche(q, role="equipe", **autres):
        return client_de(comptes_par_role[role]).get("/recherche/", {"q": q, **autres})

    return recherche


def groupe(reponse, cle):
    section = main(reponse).tous("section", **{"aria-labelledby": f"titre-{cle}"})
    return section[0] if section else None


def titres(section):
    return [h3.texte() for h3 in section.tous("h3")] if section else []


def test_la_page_de_recherche_vide_montre_le_formulaire(chercher):
    reponse = chercher("")
    assert reponse.status_code == 200
    page = main(reponse)
    assert page.un("h1").texte() == "Recherche"
    assert page.un("input", id_="recherche-page").attrs["name"] == "q"
    assert not page.tous("section")


def test_l_en_tete_de_chaque_page_a_une_boite_de_recherche(chercher, comptes_par_role, client_de):
    entete = lire(client_de(comptes_par_role["ca"]).get("/plan/")).un("header")
    formulaire = entete.un("form", role="search")
    assert formulaire.attrs["action"] == "/recherche/" and formulaire.attrs["method"] == "get"
    assert entete.un("label", **{"for": "recherche-entete"})


def test_une_fiche_se_trouve_par_un_mot_de_son_titre_sans_accents(chercher):
    reponse = chercher("implantation geographique")
    fiches = groupe(reponse, "fiches")
    assert titres(fiches)[0] == "Fiche 1.1 : Réfléchir à une optimisation de notre implantation géographique"
    assert "<mark>implantation</mark> <mark>géographique</mark>" in reponse.text
    assert fiches.un("a", href="/plan/fiches/1.1/")


def test_une_fiche_se_trouve_par_son_code(chercher):
    fiches = groupe(chercher("2.1"), "fiches")
    assert [h.texte().split(" :")[0] for h in fiches.tous("h3")] == ["Fiche 2.1"]


def test_une_fiche_se_trouve_par_un_mot_d_une_de_ses_etapes(chercher):
    reponse = chercher("cartographie")
    etapes = groupe(reponse, "etapes")
    etape = Etape.objects.get(fiche__code="1.1", libelle="Cartographie des besoins")
    lien = etapes.un("a", href=f"/plan/fiches/1.1/#etape-{etape.pk}")
    assert lien.un("mark").texte() == "Cartographie"
    assert "Étape de la fiche 1.1" in etapes.texte()


def test_une_entree_du_journal_se_trouve_par_un_mot_de_son_commentaire(chercher, activite):
    reponse = chercher("partenaire reperage")
    journal = groupe(reponse, "journal")
    assert journal.un("a", href=activite["entree"].get_absolute_url())
    assert "Rencontre avec les <mark>partenaires</mark> du <mark>repérage</mark>." in reponse.text
    assert "à présenter au conseil" in journal.texte()


def test_un_indicateur_se_trouve_par_son_libelle(chercher, activite):
    indicateurs = groupe(chercher("jeunes reperes"), "indicateurs")
    assert titres(indicateurs) == ["Jeunes repérés"]
    assert indicateurs.un("a", href=f"/plan/fiches/1.1/#indicateur-{activite['indicateur'].pk}")


def test_tous_les_mots_doivent_etre_trouves(chercher):
    assert not groupe(chercher("cartographie zzzinconnu"), "etapes")


def test_aucun_resultat_est_dit_en_francais(chercher):
    page = main(chercher("xylophone"))
    assert page.un(role="status").texte() == (
        "Aucun résultat pour « xylophone ». Essayez un autre mot, ou moins de mots."
    )


def test_ce_qui_est_tape_est_echappe(chercher):
    reponse = chercher('<script>alert("x")</script> jeunes')
    assert "<script>alert" not in reponse.text
    assert "&lt;script&gt;" in reponse.text


@pytest.fixture
def collegues(activite):
    camille = UserFactory(username="cdurand", first_name="Camille", last_name="Durand-Évin")
    camille.groups.add(Group.objects.get(name="Équipe"))
    MembreEquipe.objects.create(
        prenom="Camille",
        nom="Leroy",
        poste=MembreEquipe.Poste.CONSEILLER,
        email="camille.leroy@exemple.invalid",
    )
    membre_du_ca = UserFactory(username="ca2", first_name="Camille", last_name="Administratrice")
    membre_du_ca.groups.add(Group.objects.get(name="Conseil d'administration"))
    return camille


def test_les_personnes_de_l_equipe_se_trouvent_par_leur_nom_sans_accents(chercher, collegues):
    reponse = chercher("camille evin")
    personnes = groupe(reponse, "personnes")
    assert len(titres(personnes)) == 1
    assert "<mark>Camille</mark> Durand-<mark>Évin</mark>" in reponse.text
    assert personnes.un("a", href=f"/journal/?auteur={collegues.pk}")


def test_l_equipe_voit_poste_et_adresse_le_conseil_seulement_les_noms(chercher, collegues):
    pour_l_equipe = groupe(chercher("camille"), "personnes")
    assert titres(pour_l_equipe) == ["Camille Durand-Évin", "Camille Leroy"]
    assert "camille.leroy@exemple.invalid" in pour_l_equipe.texte()
    assert "Conseiller ou conseillère (CISP)" in pour_l_equipe.texte()
    pour_le_conseil = groupe(chercher("camille", role="ca"), "personnes")
    assert titres(pour_le_conseil) == ["Camille Durand-Évin", "Camille Leroy"]
    assert "@" not in pour_le_conseil.texte()
    assert "Conseiller" not in pour_le_conseil.texte()


def test_les_membres_du_conseil_ne_sont_pas_proposes(chercher, collegues):
    assert "Administratrice" not in main(chercher("camille")).texte()


def test_au_dela_de_dix_resultats_un_lien_montre_les_suivants(chercher, activite, comptes_par_role):
    fiche = FicheAction.objects.get(code="2.1")
    for numero in range(12):
        services.commenter(
            fiche, comptes_par_role["direction"], commentaire=f"Covoiturage, réunion {numero}."
        )
    journal = groupe(chercher("covoiturage"), "journal")
    assert len(journal.tous("li", classe="resultat-recherche")) == 10
    assert journal.un("a", href="/recherche/?q=covoiturage&type=journal")
    tout = groupe(chercher("covoiturage", type="journal"), "journal")
    assert len(tout.tous("li", classe="resultat-recherche")) == 12


@pytest.mark.parametrize("suivi_d_un_an", [1, 20], indirect=True)
def test_la_recherche_reste_sous_son_plafond_de_requetes_a_1x_et_20x(
    suivi_d_un_an, client_de, django_assert_max_num_queries
):
    client = client_de(UserFactory())
    with django_assert_max_num_queries(PLAFOND):
        reponse = client.get("/recherche/", {"q": "fiche hebdomadaire"})
    assert reponse.status_code == 200
    journal = groupe(reponse, "journal")
    assert len(journal.tous("li", classe="resultat-recherche")) == 10
    attendu = EntreeJournal.objects.filter(commentaire__contains="hebdomadaire").count()
    assert f"{attendu}" in journal.un("h2").texte()


def test_sans_recherche_aucune_requete_de_plus_que_la_page(
    comptes_par_role, client_de, django_assert_max_num_queries
):
    client = client_de(comptes_par_role["equipe"])
    # Session, user, groups, the menu's flag, the session's save and its savepoint.
    with django_assert_max_num_queries(7):
        assert client.get("/recherche/", {"q": ""}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index plein texte de PostgreSQL")
@pytest.mark.parametrize(("modele", "document", "index"), INDEX_ATTENDUS)
def test_la_recherche_passe_par_les_index_plein_texte(db, modele, document, index):
    # On a few test rows the planner would rather scan: forbid it, so only a matching index serves.
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        curseur.execute("SET LOCAL enable_indexscan = off")
    plan = correspondances(modele.objects.order_by(), document, ["partenaires"]).explain()
    assert index in plan, plan


@pytest.mark.parametrize(
    "saisie",
    [
        "\x00" + "%" * 500,
        "'\\:*&|!() <-> ' OR 1=1 --",
        "é" * 5000,
        "__ ___ 12 ǅemal ß",
        "1.2.3",
        "99.99",
    ],
)
def test_aucune_saisie_ne_fait_echouer_la_recherche(chercher, saisie):
    reponse = chercher(saisie, type="n-importe-quoi")
    assert reponse.status_code == 200
    assert main(reponse).un(role="status")
