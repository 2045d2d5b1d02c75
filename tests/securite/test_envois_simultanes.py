"""The same form sent a dozen times at once (a double click, an impatient connection, twelve
tabs) answers as if it had been sent once, or with a clear message: never a server error, never a
duplicate. Real concurrency: one thread, one database connection per sending, on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from conseil.models import Instance, RapportFige
from suivi.models import EntreeJournal, Indicateur, Mesure

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle sur PostgreSQL"),
]

FOIS = 12


def envoyer_ensemble(utilisateur, url, donnees):
    """Status codes of FOIS simultaneous POSTs of `donnees` to `url`, each from its own session."""
    depart = Barrier(FOIS)

    def envoyer(_):
        client = Client(raise_request_exception=False)
        client.force_login(utilisateur)
        depart.wait()
        try:
            return client.post(url, donnees).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=FOIS) as pool:
        return list(pool.map(envoyer, range(FOIS)))


def test_une_nouvelle_instance_envoyee_douze_fois_n_est_creee_qu_une_fois(comptes_par_role):
    date = (timezone.localtime() + timedelta(days=30)).replace(second=0, microsecond=0)
    statuts = envoyer_ensemble(
        comptes_par_role["direction"],
        "/instances/nouvelle/",
        {"type": "ca", "date": date.strftime("%Y-%m-%dT%H:%M"), "lieu": "Béthune", "statut": "preparee"},
    )
    assert 500 not in statuts
    assert Instance.objects.filter(date=date).count() == 1


def test_une_instance_tenue_douze_fois_n_est_figee_qu_une_fois(comptes_par_role):
    instance = Instance.objects.create(type=Instance.Type.BUREAU, date=timezone.now() - timedelta(hours=3))
    statuts = envoyer_ensemble(comptes_par_role["direction"], f"/instances/{instance.pk}/tenir/", {})
    assert 500 not in statuts
    assert RapportFige.objects.filter(instance=instance).count() == 1


def test_un_indicateur_et_une_mesure_envoyes_douze_fois_sont_enregistres_une_fois(activite, comptes_par_role):
    pilote = comptes_par_role["pilote"]
    statuts = envoyer_ensemble(
        pilote,
        "/plan/fiches/1.1/indicateurs/",
        {
            "indicateur-libelle": "Jeunes reçus en permanence",
            "indicateur-unite": "jeunes",
            "indicateur-sens": "augmenter",
            "indicateur-valeur_initiale": "0",
            "indicateur-cible": "50",
        },
    )
    assert 500 not in statuts
    assert Indicateur.objects.filter(libelle="Jeunes reçus en permanence").count() == 1

    indicateur = activite["indicateur"]
    jour = (timezone.localdate() - timedelta(days=3)).isoformat()
    statuts = envoyer_ensemble(
        pilote,
        f"/plan/fiches/1.1/indicateurs/{indicateur.pk}/mesures/",
        {f"mesure-{indicateur.pk}-date": jour, f"mesure-{indicateur.pk}-valeur": "12"},
    )
    assert 500 not in statuts
    assert Mesure.objects.filter(indicateur=indicateur, date=jour).count() == 1


def test_un_commentaire_et_un_rien_de_nouveau_envoyes_douze_fois_sont_ecrits_une_fois(
    activite, comptes_par_role
):
    pilote = comptes_par_role["pilote"]
    statuts = envoyer_ensemble(
        pilote, "/plan/fiches/1.1/commentaires/", {"commentaire-commentaire": "Vu ce matin."}
    )
    assert 500 not in statuts
    assert EntreeJournal.objects.filter(commentaire="Vu ce matin.").count() == 1
    statuts = envoyer_ensemble(pilote, "/plan/fiches/1.1/rien-de-nouveau/", {})
    assert 500 not in statuts
    assert EntreeJournal.objects.filter(type=EntreeJournal.Type.REVUE, auteur=pilote).count() == 1
