"""Login hardening: brute-force lockout (django-axes, on the pair account + address), password rules
and session lifetime."""

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import SetPasswordForm
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

MOT_DE_PASSE = "un-mot-de-passe-assez-long"
MESSAGE_VERROUILLAGE = "Trop de tentatives de connexion ont échoué"


@pytest.fixture
def compte(db):
    return UserFactory(username="camille", password=MOT_DE_PASSE)


def connexion(username, password, ip="192.0.2.10"):
    return Client(REMOTE_ADDR=ip).post("/connexion/", {"username": username, "password": password})


def echouer(username, fois, ip="192.0.2.10"):
    """`fois` wrong passwords; the fifth one already gets the lockout page."""
    for numero in range(1, fois + 1):
        reponse = connexion(username, "mauvais-mot-de-passe", ip)
        if numero < 5:
            assert reponse.status_code == 200
            assert "Identifiant ou mot de passe incorrect" in reponse.text
        else:
            assert reponse.status_code == 429
            assert MESSAGE_VERROUILLAGE in reponse.text


def test_un_mauvais_mot_de_passe_affiche_un_message_en_francais(compte):
    reponse = connexion("camille", "mauvais-mot-de-passe")
    assert reponse.status_code == 200
    assert "Identifiant ou mot de passe incorrect. Vérifiez les majuscules et réessayez." in reponse.text
    assert "_auth_user_id" not in reponse.wsgi_request.session


def test_quatre_echecs_ne_bloquent_pas_le_compte(compte):
    echouer("camille", 4)
    reponse = connexion("camille", MOT_DE_PASSE)
    assert reponse.status_code == 302
    assert reponse.url == "/bienvenue/"


def test_apres_cinq_echecs_le_compte_est_bloque_depuis_cette_adresse(compte):
    echouer("camille", 5, ip="192.0.2.10")
    reponse = connexion("camille", MOT_DE_PASSE, ip="192.0.2.10")
    assert reponse.status_code == 429
    assert MESSAGE_VERROUILLAGE in reponse.text
    assert "15 minutes" in reponse.text
    assert 'lang="fr"' in reponse.text


def test_le_blocage_d_un_compte_ne_touche_ni_les_collegues_de_la_meme_adresse_ni_une_autre_adresse(compte):
    UserFactory(username="dominique", password=MOT_DE_PASSE)
    echouer("camille", 5, ip="192.0.2.10")
    # Behind the office's single public address, the colleague logs in as usual.
    assert connexion("dominique", MOT_DE_PASSE, ip="192.0.2.10").status_code == 302
    # The person themselves, from home, too: the lock is on the pair (account, address).
    assert connexion("camille", MOT_DE_PASSE, ip="198.51.100.7").status_code == 302


def test_des_echecs_sur_des_identifiants_inventes_ne_bloquent_pas_l_adresse(compte):
    echouer("identifiant-invente", 5, ip="192.0.2.10")
    assert connexion("camille", MOT_DE_PASSE, ip="192.0.2.10").status_code == 302


def test_le_blocage_est_leve_au_bout_de_quinze_minutes(compte):
    echouer("camille", 5)
    assert connexion("camille", MOT_DE_PASSE).status_code == 429
    # Fourteen minutes later, still locked.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert connexion("camille", MOT_DE_PASSE).status_code == 429
    # Past the cool-off period, the right password opens the session again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))
    reponse = connexion("camille", MOT_DE_PASSE)
    assert reponse.status_code == 302
    assert reponse.url == "/bienvenue/"


def test_une_connexion_reussie_remet_le_compteur_d_echecs_a_zero(compte):
    echouer("camille", 4)
    assert connexion("camille", MOT_DE_PASSE).status_code == 302
    echouer("camille", 4)
    assert connexion("camille", MOT_DE_PASSE).status_code == 302


@pytest.mark.parametrize(
    ("mot_de_passe", "message"),
    [
        ("Court-1!", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("1q2w3e4r5t6y", "Ce mot de passe est trop courant."),
        ("482915736402", "Ce mot de passe est entièrement numérique."),
    ],
)
def test_un_mot_de_passe_faible_est_refuse_avec_un_message_en_francais(compte, mot_de_passe, message):
    form = SetPasswordForm(compte, {"new_password1": mot_de_passe, "new_password2": mot_de_passe})
    assert not form.is_valid()
    assert message in form.errors["new_password2"]


def test_un_mot_de_passe_de_douze_caracteres_peu_courant_est_accepte(compte):
    form = SetPasswordForm(compte, {"new_password1": "Béthune-Lys-62", "new_password2": "Béthune-Lys-62"})
    assert form.is_valid(), form.errors


def _dans(duree):
    """A stand-in for timezone.now, `duree` from now."""
    futur = timezone.now() + duree
    return mock.patch("django.utils.timezone.now", return_value=futur)


def test_la_session_expire_apres_huit_heures_sans_activite(compte):
    client = Client()
    assert client.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE}).status_code == 302
    assert client.get("/glossaire/").status_code == 200
    with _dans(timedelta(hours=8, minutes=1)):
        reponse = client.get("/glossaire/")
    assert reponse.status_code == 302
    assert reponse.url.startswith("/connexion/")


def test_chaque_requete_repousse_l_expiration_de_la_session(compte):
    client = Client()
    client.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE})
    with _dans(timedelta(hours=7)):
        assert client.get("/glossaire/").status_code == 200
    # Fourteen hours after login but seven after the last request: still signed in.
    with _dans(timedelta(hours=14)):
        assert client.get("/glossaire/").status_code == 200


def test_la_session_est_renouvelee_toutes_les_cinq_minutes_et_non_reecrite_a_chaque_page(compte):
    from django.contrib.sessions.models import Session

    client = Client()
    client.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE})
    cle = client.session.session_key
    expiration = Session.objects.get(pk=cle).expire_date

    with _dans(timedelta(minutes=2)):
        assert client.get("/glossaire/").status_code == 200
    assert Session.objects.get(pk=cle).expire_date == expiration
    with _dans(timedelta(minutes=6)):
        assert client.get("/glossaire/").status_code == 200
    assert Session.objects.get(pk=cle).expire_date - expiration >= timedelta(minutes=6)


def test_un_visiteur_au_cookie_perime_ne_recoit_pas_de_nouvelle_session(db):
    from django.contrib.sessions.models import Session

    client = Client()
    client.cookies["sessionid"] = "session-qui-n-existe-plus"
    assert client.get("/accessibilite/").status_code == 200
    assert not Session.objects.exists()


def test_le_cookie_de_session_est_httponly_et_limite_a_huit_heures(compte, settings):
    settings.SESSION_COOKIE_SECURE = True
    reponse = connexion("camille", MOT_DE_PASSE)
    cookie = reponse.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 8 * 60 * 60


def test_derriere_le_proxy_les_echecs_d_un_client_ne_bloquent_pas_les_autres(compte, settings):
    # nginx (127.0.0.1) forwards everyone: the lock must fall on the client, not on the proxy.
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(5):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66").post(
            "/connexion/", {"username": "camille", "password": "au-hasard"}
        )
    collegue = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert collegue.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE}).status_code == 302
    intrus = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert intrus.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE}).status_code == 429


def test_une_adresse_inventee_par_le_client_dans_x_forwarded_for_est_ignoree(compte, settings):
    # The client writes the left part of the header; only the entry our proxy appended is trusted.
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for numero in range(5):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{numero}, 203.0.113.66").post(
            "/connexion/", {"username": "camille", "password": "au-hasard"}
        )
    intrus = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.66")
    assert intrus.post("/connexion/", {"username": "camille", "password": MOT_DE_PASSE}).status_code == 429


def test_sans_proxy_declare_l_en_tete_x_forwarded_for_est_ignore(compte):
    for numero in range(5):
        Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=f"10.0.0.{numero}").post(
            "/connexion/", {"username": "camille", "password": "au-hasard"}
        )
    reponse = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="10.9.9.9").post(
        "/connexion/", {"username": "camille", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 429
