"""Logging in works with the production password hasher (the suite uses MD5 to go fast). How long it
takes is measured by `make bench` (« Connexion (hachage de production) »), never here: a busy
machine would fail a timed assertion."""

import pytest
from django.test import Client, override_settings

from tests.factories import UserFactory

MOT_DE_PASSE = "un-mot-de-passe-assez-long"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
@pytest.mark.django_db
def test_une_connexion_aboutit_avec_le_hachage_de_production():
    personne = UserFactory(username="camille", password=MOT_DE_PASSE)
    assert personne.password.startswith("pbkdf2_sha256$")
    client = Client()
    client.get("/connexion/")
    reponse = client.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    assert client.session["_auth_user_id"] == str(personne.pk)
