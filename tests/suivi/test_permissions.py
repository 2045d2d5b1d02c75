"""Who may do what, for every follow-up view and every role: the server refuses (403) and the page
hides what one cannot do.

Administration and Direction update everything; the fiche's pilote and co-pilotes update it; other
Équipe members read and comment; the Conseil d'administration reads only.
"""

from datetime import date

import pytest
from django.test import Client

from plan.models import Etape, Meteo
from suivi import services
from suivi.models import EntreeJournal, Indicateur, Mesure
from tests.factories import EtapeFactory, FicheActionFactory, IndicateurFactory
from tests.suivi.conftest import donnees_etape, donnees_fiche, etape_de, pdf

ROLES = ["admin", "direction", "pilote", "co_pilote", "equipe", "ca"]
PILOTENT = {"admin", "direction", "pilote", "co_pilote"}
COMMENTENT = PILOTENT | {"equipe"}


@pytest.fixture
def comptes(compte_admin, compte_direction, compte_pilote, compte_co_pilote, compte_equipe, compte_ca):
    return {
        "admin": compte_admin,
        "direction": compte_direction,
        "pilote": compte_pilote,
        "co_pilote": compte_co_pilote,
        "equipe": compte_equipe,
        "ca": compte_ca,
    }


@pytest.fixture
def indicateur(fiche):
    return IndicateurFactory(fiche=fiche, libelle="Jeunes reçus")


def envois(fiche, indicateur):
    """Each write of the fiche page: (url, data) of a valid submission."""
    diagnostic = etape_de(fiche, "Diagnostic")
    return {
        "etape": (
            f"/plan/fiches/1.1/etapes/{diagnostic.pk}/",
            donnees_etape(diagnostic, statut=Etape.Statut.EN_COURS, avancement=10),
        ),
        "fiche": ("/plan/fiches/1.1/suivi/", donnees_fiche(fiche, meteo=Meteo.SOLEIL)),
        "rien_de_nouveau": ("/plan/fiches/1.1/rien-de-nouveau/", {}),
        "indicateur": (
            "/plan/fiches/1.1/indicateurs/",
            {
                "indicateur-libelle": "Partenaires",
                "indicateur-sens": "augmenter",
                "indicateur-valeur_initiale": "0",
                "indicateur-cible": "5",
            },
        ),
        "mesure": (
            f"/plan/fiches/1.1/indicateurs/{indicateur.pk}/mesures/",
            {f"mesure-{indicateur.pk}-date": "2026-01-31", f"mesure-{indicateur.pk}-valeur": "4"},
        ),
        "commentaire": ("/plan/fiches/1.1/commentaires/", {"commentaire-commentaire": "Vu en réunion"}),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["etape", "fiche", "rien_de_nouveau", "indicateur", "mesure"])
def test_seuls_direction_pilote_et_co_pilotes_modifient_la_fiche(
    action, role, fiche, indicateur, comptes, client_de
):
    url, donnees = envois(fiche, indicateur)[action]
    reponse = client_de(comptes[role]).post(url, donnees)
    if role in PILOTENT:
        assert reponse.status_code == 302
        assert EntreeJournal.objects.filter(fiche=fiche, auteur=comptes[role]).exists()
    else:
        assert reponse.status_code == 403
        assert not EntreeJournal.objects.exists()
        assert not Mesure.objects.exists()
        assert Indicateur.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_toute_l_equipe_commente_mais_pas_le_conseil(role, fiche, indicateur, comptes, client_de):
    url, donnees = envois(fiche, indicateur)["commentaire"]
    reponse = client_de(comptes[role]).post(url, donnees)
    assert reponse.status_code == (302 if role in COMMENTENT else 403)
    assert EntreeJournal.objects.exists() is (role in COMMENTENT)


@pytest.mark.parametrize("role", ROLES)
def test_chacun_lit_la_fiche_mais_ne_voit_que_les_formulaires_permis(
    role, fiche, indicateur, comptes, client_de
):
    page = client_de(comptes[role]).get("/plan/fiches/1.1/")
    assert page.status_code == 200
    html = page.text
    assert ("Enregistrer l'étape" in html) is (role in PILOTENT)
    assert ("Rien de nouveau ce mois-ci" in html) is (role in PILOTENT)
    assert ("Saisir une mesure" in html) is (role in PILOTENT)
    assert ("Ajouter un indicateur" in html) is (role in PILOTENT)
    assert ("Publier le commentaire" in html) is (role in COMMENTENT)
    assert ('name="fiche-pilote"' in html) is (role in {"admin", "direction"})


@pytest.mark.parametrize("role", ["pilote", "co_pilote"])
def test_un_pilote_ne_peut_pas_changer_le_pilotage_ni_les_dates(role, fiche, comptes, client_de):
    donnees = donnees_fiche(fiche, meteo=Meteo.SOLEIL) | {
        "fiche-pilote": comptes["equipe"].pk,
        "initial-fiche-pilote": fiche.pilote_id,
        "fiche-date_echeance": "2029-12-31",
        "initial-fiche-date_echeance": "2027-12-31",
    }
    client_de(comptes[role]).post("/plan/fiches/1.1/suivi/", donnees)
    fiche.refresh_from_db()
    assert fiche.pilote == comptes["pilote"]
    assert fiche.date_echeance == date(2027, 12, 31)
    assert fiche.meteo == Meteo.SOLEIL


def test_le_pilote_d_une_fiche_ne_modifie_pas_les_autres(fiche, comptes, client_de):
    autre = FicheActionFactory(axe=fiche.axe, numero=2, pilote=comptes["equipe"])
    etape = EtapeFactory(fiche=autre, ordre=1)
    reponse = client_de(comptes["pilote"]).post(
        f"/plan/fiches/{autre.code}/etapes/{etape.pk}/", donnees_etape(etape, statut="realise")
    )
    assert reponse.status_code == 403
    assert "Enregistrer l'étape" not in client_de(comptes["pilote"]).get(autre.get_absolute_url()).text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("chemin", ["/mes-actions/", "/journal/"])
def test_mes_actions_et_le_journal_sont_lisibles_par_tous(chemin, role, fiche, comptes, client_de):
    assert client_de(comptes[role]).get(chemin).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_les_pieces_justificatives_sont_lisibles_par_tous_les_connectes(role, fiche, comptes, client_de):
    entree = services.commenter(fiche, comptes["pilote"], commentaire="Preuve", piece_jointe=pdf())
    assert client_de(comptes[role]).get(f"/journal/pieces/{entree.pk}/").status_code == 200


@pytest.mark.parametrize(
    "chemin",
    ["/plan/fiches/1.1/", "/mes-actions/", "/journal/", "/plan/fiches/1.1/rien-de-nouveau/"],
)
def test_sans_connexion_tout_renvoie_a_la_page_de_connexion(chemin, fiche):
    reponse = Client().post(chemin) if "rien" in chemin else Client().get(chemin)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/connexion/")
    fiche.refresh_from_db()
    assert fiche.derniere_revue is None


@pytest.mark.parametrize("chemin", ["/plan/fiches/1.1/rien-de-nouveau/", "/plan/fiches/1.1/commentaires/"])
def test_les_actions_n_acceptent_que_post(chemin, fiche, client_de, compte_pilote):
    assert client_de(compte_pilote).get(chemin).status_code == 405
