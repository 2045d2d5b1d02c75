"""Logging in costs under a second with the production password hasher (the suite uses MD5)."""

import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client, override_settings

from tests.factories import UserFactory

MOT_DE_PASSE = "un-mot-de-passe-assez-long"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
@pytest.mark.django_db
def test_une_connexion_coute_moins_d_une_seconde_de_processeur_avec_le_hachage_de_production(capsys):
    UserFactory(username="camille", password=MOT_DE_PASSE)
    client = Client()
    client.get("/connexion/")
    debut_horloge, debut = time.perf_counter(), time.process_time()
    reponse = client.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE})
    processeur, horloge = time.process_time() - debut, time.perf_counter() - debut_horloge
    assert reponse.status_code == 302
    with capsys.disabled():
        print(
            f"\nConnexion (PBKDF2, {PBKDF2PasswordHasher.iterations} itérations) : "
            f"{processeur:.2f} s de processeur, {horloge:.2f} s à l'horloge"
        )
    # Processor time, not wall time: the machine is shared, and only the former is the login's own.
    assert processeur < 1.0
