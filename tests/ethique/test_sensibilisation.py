"""Awareness sessions (fiche 4.2): programmed by Direction, attendance ticked once held, coverage of
the staff per antenne and of the partners."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ethique.models import Sensibilisation
from partenaires.models import Partenaire
from plan.models import Valeur
from tests.factories import AntenneFactory, MembreEquipeFactory, PartenaireFactory, SensibilisationFactory
from tests.plan.html import main

from .test_charte import ligne_de

AUJOURDHUI = timezone.localdate


@pytest.fixture
def direction(comptes_par_role, client_de):
    return client_de(comptes_par_role["direction"])


def donnees(**valeurs):
    return {
        "titre": "Agir contre les discriminations",
        "format": "formation",
        "thematique": "discriminations",
        "public": "equipe_partenaires",
        "date": (AUJOURDHUI() - timedelta(days=3)).isoformat(),
        "duree_heures": "3,5",
        "lieu": "",
        "intervenant": "",
        "description": "",
    } | valeurs


def test_la_direction_enregistre_une_session_et_ses_presences(direction):
    antenne = AntenneFactory(nom="Antenne Nord")
    alice, bruno = MembreEquipeFactory(antenne=antenne), MembreEquipeFactory(antenne=antenne)
    partenaire = PartenaireFactory(nom="Association fictive")
    egalite = Valeur.objects.get(nom="Égalité de traitement")
    formulaire = main(direction.get("/charte/sensibilisation/nouvelle/"))
    # Attendance is ticked antenne by antenne.
    assert "Antenne Nord" in formulaire.un("div", id_="div_id_participants").texte()

    reponse = direction.post(
        "/charte/sensibilisation/nouvelle/",
        donnees(participants=[alice.pk, bruno.pk], partenaires=[partenaire.pk], valeurs=[egalite.pk]),
    )
    session = Sensibilisation.objects.get()
    assert reponse.url == f"/charte/sensibilisation/{session.pk}/"
    assert set(session.participants.all()) == {alice, bruno}
    assert list(session.valeurs.all()) == [egalite]
    assert str(session.duree_heures) == "3.5"


def test_une_session_a_venir_n_a_pas_encore_de_presences(direction):
    membre = MembreEquipeFactory()
    demain = (AUJOURDHUI() + timedelta(days=1)).isoformat()
    reponse = direction.post(
        "/charte/sensibilisation/nouvelle/", donnees(date=demain, participants=[membre.pk])
    )
    assert "La présence se saisit une fois la session passée." in main(reponse).texte()
    direction.post("/charte/sensibilisation/nouvelle/", donnees(date=demain))
    assert Sensibilisation.objects.get().participants.count() == 0


def test_le_public_annonce_borne_les_presences(direction):
    membre, partenaire = MembreEquipeFactory(), PartenaireFactory()
    texte = main(
        direction.post(
            "/charte/sensibilisation/nouvelle/",
            donnees(public="equipe", partenaires=[partenaire.pk], participants=[membre.pk]),
        )
    ).texte()
    assert "Cette session s'adresse à l'équipe : changez son public pour y inscrire des partenaires." in texte
    assert not Sensibilisation.objects.exists()


def test_la_page_montre_la_couverture_par_antenne_sur_douze_mois_et_les_partenaires_touches(
    comptes_par_role, client_de
):
    nord, sud = AntenneFactory(nom="Antenne Nord"), AntenneFactory(nom="Antenne Sud")
    formes = [MembreEquipeFactory(antenne=nord) for _ in range(2)]
    MembreEquipeFactory(antenne=nord)
    ancien = MembreEquipeFactory(antenne=sud)
    partenaires = [PartenaireFactory() for _ in range(4)]
    recente = SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=30))
    recente.participants.set(formes)
    recente.partenaires.set(partenaires[:1])
    # More than 12 months ago: no longer counts.
    SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=400)).participants.set([ancien])

    page = main(client_de(comptes_par_role["ca"]).get("/charte/sensibilisation/"))
    assert ligne_de(page, "Antenne Nord") == ["3", "2", "66,7 %"]
    assert ligne_de(page, "Antenne Sud") == ["1", "0", "0 %"]
    chiffres = [p.texte() for p in page.tous("p", classe="carte-chiffre")]
    assert chiffres == ["50 %", "1 sur 2", "1"]  # staff trained, antennes covered, partners reached
    assert f"des {Partenaire.objects.count()} partenaires enregistrés" in page.texte()


def test_seule_la_direction_voit_le_nom_des_presents(comptes_par_role, client_de):
    session = SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=2))
    session.participants.set([MembreEquipeFactory(prenom="Zoé", nom="Quidam")])
    session.partenaires.set([PartenaireFactory(nom="Association fictive")])
    for role, voit in (("direction", True), ("equipe", False), ("ca", False)):
        texte = main(client_de(comptes_par_role[role]).get(session.get_absolute_url())).texte()
        assert "1 membre de l'équipe, 1 partenaire." in texte
        assert ("Zoé Quidam" in texte) is voit
        assert "Association fictive" in texte


def test_la_liste_se_filtre_par_thematique_et_par_valeur(comptes_par_role, client_de):
    respect = Valeur.objects.get(nom="Respect")
    SensibilisationFactory(titre="Atelier diversité", thematique="diversite").valeurs.set([respect])
    SensibilisationFactory(titre="Formation inclusion", thematique="inclusion")
    client = client_de(comptes_par_role["equipe"])

    def titres(requete):
        tableau = main(client.get(f"/charte/sensibilisation/?{requete}")).un(
            "table", id_="liste-sensibilisations"
        )
        return [a.texte() for a in tableau.un("tbody").tous("a")]

    assert titres("thematique=inclusion") == ["Formation inclusion"]
    assert titres(f"valeur={respect.pk}") == ["Atelier diversité"]
    assert sorted(titres("")) == ["Atelier diversité", "Formation inclusion"]


def test_la_liste_compte_l_equipe_et_les_partenaires_presents_et_se_trie_par_ces_nombres(
    comptes_par_role, client_de
):
    """Each count is its own: a session with two staff members and three partners shows 2 and 3,
    not 6 and 6 (both lists read at once would multiply each other)."""
    grande = SensibilisationFactory(titre="Grande session", date=AUJOURDHUI() - timedelta(days=3))
    grande.participants.set([MembreEquipeFactory() for _ in range(2)])
    grande.partenaires.set([PartenaireFactory() for _ in range(3)])
    petite = SensibilisationFactory(titre="Petite session", date=AUJOURDHUI() - timedelta(days=2))
    petite.partenaires.set([PartenaireFactory()])
    SensibilisationFactory(titre="Session sans présents", date=AUJOURDHUI() - timedelta(days=1))
    client = client_de(comptes_par_role["equipe"])

    def lignes(requete=""):
        tableau = main(client.get(f"/charte/sensibilisation/?{requete}")).un(
            "table", id_="liste-sensibilisations"
        )
        return [
            (ligne.un("a").texte(), [td.texte() for td in ligne.tous("td")][-2:])
            for ligne in tableau.un("tbody").tous("tr")
        ]

    assert lignes() == [
        ("Session sans présents", ["0", "0"]),
        ("Petite session", ["0", "1"]),
        ("Grande session", ["2", "3"]),
    ]
    assert [titre for titre, _ in lignes("sort=-nb_partenaires")] == [
        "Grande session",
        "Petite session",
        "Session sans présents",
    ]
    assert [titre for titre, _ in lignes("sort=-nb_participants")][0] == "Grande session"
