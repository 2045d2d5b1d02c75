"""A lock falls on one account from one address, says until when, and an administrator lifts it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from mission_locale.formats import date_longue
from tests.factories import UserFactory
from tests.plan.html import main

MOT_DE_PASSE = "un-mot-de-passe-assez-long"
ADRESSE = "192.0.2.10"


@pytest.fixture
def compte(db):
    return UserFactory(username="camille", password=MOT_DE_PASSE)


def connexion(username, password, ip=ADRESSE):
    return Client(REMOTE_ADDR=ip).post("/connexion/", {"username": username, "password": password})


def bloquer(username="camille", ip=ADRESSE):
    for _ in range(5):
        reponse = connexion(username, "mauvais-mot-de-passe", ip)
    assert reponse.status_code == 429
    return reponse


def test_la_page_de_blocage_dit_jusqu_a_quand_au_format_du_site(compte):
    reponse = bloquer()
    derniere = AccessAttempt.objects.get(username="camille").attempt_time
    page = main(reponse)
    assert page.un("h1").texte() == "Connexion temporairement bloquée"
    alerte = page.un(classe="alert-danger").texte()
    assert f"jusqu'au {date_longue(derniere + timedelta(minutes=15))}" in alerte
    assert " h " in date_longue(derniere) and "à" in date_longue(derniere)
    assert "« camille »" in alerte
    assert "vos collègues peuvent se connecter normalement" in alerte
    assert page.un("a", href="/connexion/mot-de-passe-oublie/").texte().startswith("Recevez un lien")


def test_un_nouvel_essai_pendant_le_blocage_ne_le_prolonge_pas(compte):
    bloquer()
    avant = AccessAttempt.objects.get(username="camille").attempt_time
    assert connexion("camille", MOT_DE_PASSE).status_code == 429
    assert AccessAttempt.objects.get(username="camille").attempt_time == avant


def test_le_back_office_nomme_les_tentatives_de_connexion_sans_confusion_avec_les_axes(db, compte_admin):
    page = main(_client_admin(compte_admin).get("/admin/"))
    sections = [legende.texte() for legende in page.tous("caption")]
    assert "Tentatives de connexion (sécurité)" in sections
    assert "Axes" not in sections and "AXES" not in sections
    modeles = page.un(classe="app-axes").texte()
    assert "Tentatives de connexion" in modeles


def _client_admin(compte_admin):
    client = Client()
    client.force_login(compte_admin)
    return client


def test_un_administrateur_voit_qui_est_bloque_et_jusqu_a_quand(compte, compte_admin):
    bloquer()
    page = main(_client_admin(compte_admin).get("/admin/axes/accessattempt/?bloque=oui"))
    ligne = page.un("tbody").un("tr").texte()
    assert "camille" in ligne and ADRESSE in ligne
    assert "Bloqué jusqu'au" in ligne


def test_un_administrateur_leve_le_blocage_et_la_personne_se_connecte(compte, compte_admin):
    bloquer()
    UserFactory(username="dominique", password=MOT_DE_PASSE)
    bloquer("dominique")
    tentative = AccessAttempt.objects.get(username="camille")
    reponse = _client_admin(compte_admin).post(
        "/admin/axes/accessattempt/",
        {"action": "lever_le_blocage", "_selected_action": [tentative.pk]},
        follow=True,
    )
    assert f"Blocage levé : camille ({ADRESSE})." in reponse.text
    assert connexion("camille", MOT_DE_PASSE).status_code == 302
    # Only the selected lock was lifted.
    assert connexion("dominique", MOT_DE_PASSE).status_code == 429


def test_la_direction_ne_peut_pas_lever_un_blocage(compte, compte_direction):
    bloquer()
    compte_direction.is_staff = True
    compte_direction.save()
    client = Client()
    client.force_login(compte_direction)
    tentative = AccessAttempt.objects.get(username="camille")
    client.post(
        "/admin/axes/accessattempt/", {"action": "lever_le_blocage", "_selected_action": [tentative.pk]}
    )
    assert connexion("camille", MOT_DE_PASSE).status_code == 429
