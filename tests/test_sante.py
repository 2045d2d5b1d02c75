"""/sante/ answers the load balancer: ok after a real database round trip, 503 when it is down."""

from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.db.backends.utils import CursorWrapper


def test_la_sante_repond_ok_apres_une_vraie_requete(db, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.json() == {"status": "ok"}


def test_la_sante_n_est_jamais_mise_en_cache(db, client):
    assert "no-cache" in client.get("/sante/")["Cache-Control"]


def test_la_sante_ne_demande_pas_de_connexion_meme_pour_une_personne_connectee(db, client_de, compte_equipe):
    assert client_de(compte_equipe).get("/sante/").json() == {"status": "ok"}


@pytest.mark.parametrize("erreur", [OperationalError, DatabaseError])
def test_la_sante_repond_503_quand_la_base_est_indisponible(db, client, erreur):
    with mock.patch.object(CursorWrapper, "execute", side_effect=erreur("connexion refusée")):
        reponse = client.get("/sante/")
    assert reponse.status_code == 503
    assert reponse.json()["status"] == "error"


def test_la_sante_repond_503_quand_la_connexion_ne_s_ouvre_pas(db, client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("serveur arrêté")):
        reponse = client.get("/sante/")
    assert reponse.status_code == 503
    assert set(reponse.json()) >= {"status"}
