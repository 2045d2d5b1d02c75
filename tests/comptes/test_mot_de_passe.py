"""A forgotten password is reset by e-mail; everyone changes their own password from the account menu."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory
from tests.plan.html import lire, main

MOT_DE_PASSE = "mot-de-passe-de-test-long"
NOUVEAU = "Béthune-Lys-2026-nouveau"


@pytest.fixture
def compte(db):
    return UserFactory(
        username="camille", first_name="Camille", last_name="Durand", email="camille@exemple.invalid"
    )


def lien_du_courriel(message):
    return re.search(r"http://testserver(/connexion/nouveau-mot-de-passe/\S+/)", message.body).group(1)


def test_la_page_de_connexion_mene_au_mot_de_passe_oublie(db, client):
    lien = main(client.get("/connexion/")).un("a", href="/connexion/mot-de-passe-oublie/")
    assert lien.texte() == "Mot de passe oublié ?"


def test_la_demande_est_en_francais(db, client):
    page = main(client.get("/connexion/mot-de-passe-oublie/"))
    assert page.un("h1").texte() == "Mot de passe oublié"
    assert page.un("label").texte() == "Adresse e-mail de votre compte *"
    assert "valable une heure" in page.texte()


def test_un_courriel_en_francais_est_envoye_avec_un_lien_valable_une_heure(compte, client, mailoutbox):
    reponse = client.post("/connexion/mot-de-passe-oublie/", {"email": "CAMILLE@exemple.invalid"})
    assert reponse.status_code == 302
    assert reponse["Location"] == "/connexion/mot-de-passe-oublie/envoye/"
    [message] = mailoutbox
    assert message.to == ["camille@exemple.invalid"]
    assert (
        message.subject == "Mission Locale de l'arrondissement de Béthune : choisir un nouveau mot de passe"
    )
    assert message.body.startswith("Bonjour Camille Durand,")
    assert "Votre identifiant : camille" in message.body
    assert "valable une heure" in message.body
    assert settings.PASSWORD_RESET_TIMEOUT == 3600


def test_la_reponse_est_la_meme_que_l_adresse_existe_ou_non(compte, mailoutbox):
    existe = Client().post(
        "/connexion/mot-de-passe-oublie/", {"email": "camille@exemple.invalid"}, follow=True
    )
    inconnue = Client().post(
        "/connexion/mot-de-passe-oublie/", {"email": "personne@exemple.invalid"}, follow=True
    )
    assert existe.redirect_chain == inconnue.redirect_chain
    assert main(existe).texte() == main(inconnue).texte()
    assert "Si cette adresse est celle d'un compte actif" in main(inconnue).texte()
    assert len(mailoutbox) == 1


def test_une_adresse_mal_ecrite_est_signalee_en_francais(db, client):
    page = main(client.post("/connexion/mot-de-passe-oublie/", {"email": "pas-une-adresse"}))
    assert "Saisissez une adresse e-mail valide" in page.texte()


def test_le_lien_permet_de_choisir_un_mot_de_passe_puis_de_se_connecter(compte, client, mailoutbox):
    client.post("/connexion/mot-de-passe-oublie/", {"email": "camille@exemple.invalid"})
    lien = lien_du_courriel(mailoutbox[0])
    formulaire = client.get(lien, follow=True)
    page = main(formulaire)
    assert page.un("h1").texte() == "Choisissez un nouveau mot de passe"
    assert [label.texte() for label in page.tous("label")] == [
        "Nouveau mot de passe *",
        "Le même, une seconde fois *",
    ]
    reponse = client.post(
        formulaire.redirect_chain[-1][0], {"new_password1": NOUVEAU, "new_password2": NOUVEAU}, follow=True
    )
    assert main(reponse).un("h1").texte() == "Mot de passe enregistré"
    assert Client().post("/connexion/", {"username": "camille", "password": NOUVEAU}).status_code == 302
    # The link works once.
    assert main(client.get(lien, follow=True)).un("h1").texte() == "Lien expiré ou déjà utilisé"


def test_le_lien_expire_au_bout_d_une_heure(compte, client, mailoutbox):
    client.post("/connexion/mot-de-passe-oublie/", {"email": "camille@exemple.invalid"})
    lien = lien_du_courriel(mailoutbox[0])
    # The token generator counts in naive local time.
    plus_tard = datetime.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.contrib.auth.tokens.PasswordResetTokenGenerator._now", return_value=plus_tard):
        page = main(client.get(lien, follow=True))
    assert page.un("h1").texte() == "Lien expiré ou déjà utilisé"
    assert page.un("a", href="/connexion/mot-de-passe-oublie/")


def test_un_nouveau_mot_de_passe_faible_est_refuse_en_francais(compte, client, mailoutbox):
    client.post("/connexion/mot-de-passe-oublie/", {"email": "camille@exemple.invalid"})
    formulaire = client.get(lien_du_courriel(mailoutbox[0]), follow=True)
    page = main(
        client.post(formulaire.redirect_chain[-1][0], {"new_password1": "court", "new_password2": "court"})
    )
    assert "Ce mot de passe est trop court" in page.texte()


def test_choisir_un_nouveau_mot_de_passe_leve_le_blocage_du_compte(compte, mailoutbox):
    for _ in range(5):
        reponse = Client(REMOTE_ADDR="192.0.2.10").post(
            "/connexion/", {"username": "camille", "password": "pas-le-bon"}
        )
    assert reponse.status_code == 429
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post("/connexion/mot-de-passe-oublie/", {"email": "camille@exemple.invalid"})
    formulaire = client.get(lien_du_courriel(mailoutbox[0]), follow=True)
    client.post(formulaire.redirect_chain[-1][0], {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    reponse = client.post("/connexion/", {"username": "camille", "password": NOUVEAU})
    assert reponse.status_code == 302


def test_le_menu_du_compte_mene_au_changement_de_mot_de_passe(plan_charge, compte, client_de):
    page = lire(client_de(compte).get("/plan/"))
    menu = page.un("ul", **{"aria-labelledby": "menu-compte"})
    assert menu.un("a").attrs["href"] == "/compte/mot-de-passe/"
    assert menu.un("a").texte() == "Changer mon mot de passe"


def test_chacun_change_son_mot_de_passe_et_reste_connecte(plan_charge, compte, client_de):
    client = client_de(compte)
    page = main(client.get("/compte/mot-de-passe/"))
    assert page.un("h1").texte() == "Changer mon mot de passe"
    assert [label.texte() for label in page.tous("label")] == [
        "Mot de passe actuel *",
        "Nouveau mot de passe *",
        "Le même, une seconde fois *",
    ]
    reponse = client.post(
        "/compte/mot-de-passe/",
        {"old_password": MOT_DE_PASSE, "new_password1": NOUVEAU, "new_password2": NOUVEAU},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == "/"
    assert "Votre mot de passe est changé" in reponse.text
    assert client.get("/plan/").status_code == 200
    compte.refresh_from_db()
    assert compte.check_password(NOUVEAU)


def test_un_mauvais_mot_de_passe_actuel_est_signale_en_francais(compte, client_de):
    page = main(
        client_de(compte).post(
            "/compte/mot-de-passe/",
            {"old_password": "pas-le-bon", "new_password1": NOUVEAU, "new_password2": NOUVEAU},
        )
    )
    assert "Votre ancien mot de passe est incorrect" in page.texte()


def test_le_changement_de_mot_de_passe_demande_une_connexion(db, client):
    reponse = client.get("/compte/mot-de-passe/")
    assert reponse["Location"] == "/connexion/?next=/compte/mot-de-passe/"
