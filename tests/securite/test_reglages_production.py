"""Production settings, evaluated in a fresh interpreter with the environment of a real deployment.

The test process itself runs with test overrides (plain HTTP, in-memory storage), so what production
would do can only be asserted from a separate `manage.py` run with production environment values.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]

# Variables that could leak from the developer's shell and change what "production" means.
VARIABLES_EFFACEES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_HTTPS_PROXY",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_URL",
    # The test suite needs it for Playwright; a deployment must not have it (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    # The test suite runs the demonstration tools; a deployment never has them.
    "DEMONSTRATION",
    "CACHE_URL",
    "MEDIA_STORAGE_BACKEND",
    "MEDIA_STORAGE_OPTIONS",
}


def environnement_production(**surcharges):
    env = {cle: valeur for cle, valeur in os.environ.items() if cle not in VARIABLES_EFFACEES}
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="plan.mission-locale-bethune.fr",
        CSRF_TRUSTED_ORIGINS="https://plan.mission-locale-bethune.fr",
        BEHIND_HTTPS_PROXY="True",
        EMAIL_URL="smtp+tls://plan:motdepasse@smtp.exemple.invalid:587",
        DJANGO_SETTINGS_MODULE="mission_locale.settings",
    )
    env.update(surcharges)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reglages_production(*noms, **surcharges):
    """The named settings as production computes them, through `manage.py shell`."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(noms)!r}}}, default=str))"
    )
    resultat = manage("shell", "-c", code, env=environnement_production(**surcharges))
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout.strip().splitlines()[-1])


def test_le_controle_de_deploiement_est_propre_avec_les_reglages_de_production():
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", env=environnement_production())
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_sans_cle_secrete_la_production_refuse_de_demarrer_en_francais():
    env = environnement_production()
    del env["SECRET_KEY"]
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert resultat.returncode != 0
    assert "SECRET_KEY manquante ou trop faible alors que DEBUG est désactivé" in resultat.stderr


OUTILS_DE_DEMONSTRATION = [
    "charger_demo",
    "charger_demo_instances",
    "creer_comptes_demo",
    "seed_demo",
    "bench",
    "session_de_mesure",
]


def test_les_outils_de_demonstration_n_existent_pas_en_production():
    commandes = manage("help", "--commands", env=environnement_production()).stdout.split()
    assert "charger_plan" in commandes and "mesurer_indicateurs" in commandes
    assert not set(OUTILS_DE_DEMONSTRATION) & set(commandes)
    resultat = manage("session_de_mesure", env=environnement_production())
    assert resultat.returncode != 0
    assert "Unknown command: 'session_de_mesure'" in resultat.stderr


def test_les_cookies_sont_securises_et_inaccessibles_au_javascript_en_production():
    reglages = reglages_production(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert reglages["SESSION_COOKIE_SECURE"] is True
    assert reglages["SESSION_COOKIE_HTTPONLY"] is True
    assert reglages["CSRF_COOKIE_SECURE"] is True
    assert reglages["SECURE_SSL_REDIRECT"] is True
    assert reglages["SECURE_HSTS_SECONDS"] >= 31536000
    assert reglages["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_la_session_expire_apres_huit_heures_sans_activite_en_production():
    reglages = reglages_production("SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "MIDDLEWARE")
    assert reglages["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    # Renewed as people work (every few minutes, not at every request): the 8 hours count from the
    # last activity, not from the login.
    assert "mission_locale.sessions.SessionGlissanteMiddleware" in reglages["MIDDLEWARE"]


@pytest.mark.parametrize("valeur", ["", "court", "django-insecure-" + "x" * 50, "a" * 60])
def test_une_cle_secrete_faible_empeche_la_production_de_demarrer(valeur):
    resultat = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=environnement_production(SECRET_KEY=valeur)
    )
    assert resultat.returncode != 0
    assert "SECRET_KEY manquante ou trop faible" in resultat.stderr
