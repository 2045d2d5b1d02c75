"""Real-browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's, so that CI and the developer's machine
test the same build the package manager keeps patched.
"""

import json
import os
import re

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DRAPEAUX_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def chromium():
    """The browser binary; missing, the browser tests are skipped loudly, and fail in CI."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = (
        f"CHROMIUM ABSENT ({CHROMIUM}) : tests navigateur et accessibilité NON EXÉCUTÉS. "
        "Installez-le avec « apt-get install chromium » ou indiquez son chemin dans CHROMIUM_PATH."
    )
    if EN_CI:
        pytest.fail(message + " En intégration continue (CI=true), ils ne peuvent pas être ignorés.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(chromium, browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": DRAPEAUX_CHROMIUM,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def site(live_server, comptes_par_role, activite):
    """The live server, holding the real plan, one account per role and some follow-up."""
    return live_server


@pytest.fixture
def connecter(site, context):
    """connecter(user): open a session for `user` in the browser without going through the form
    (the login form has its own scenarios)."""

    def connexion(user):
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": site.url,
                    "httpOnly": True,
                }
            ]
        )

    return connexion


@pytest.fixture
def erreurs_navigateur(page):
    """Console errors (CSP violations, missing files, JavaScript exceptions) seen during the test.

    Every browser test uses it through `page_surveillee`: a page that works only because the test
    client ignores JavaScript and the CSP would otherwise pass.
    """
    erreurs = []

    def console(message):
        if message.type == "error":
            erreurs.append(f"console.{message.type} : {message.text}")

    def reponse(reponse):
        if reponse.status >= 400:
            erreurs.append(f"HTTP {reponse.status} : {reponse.url}")

    page.on("console", console)
    page.on("response", reponse)
    page.on("pageerror", lambda exception: erreurs.append(f"exception JavaScript : {exception}"))
    page.on("requestfailed", lambda requete: erreurs.append(f"requête échouée : {requete.url}"))
    # Chromium probes /favicon.ico on pages without an icon link (Django's admin); that probe is the
    # browser's, not the page's, and its 404 says nothing about the page.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return erreurs


@pytest.fixture
def page_surveillee(page, erreurs_navigateur):
    yield page
    assert not erreurs_navigateur, "Erreurs dans le navigateur :\n" + "\n".join(erreurs_navigateur)


def sans_espaces(texte):
    return re.sub(r"\s+", " ", texte).strip()


def lisible(violations):
    """axe-core violations as a readable French report: rule, impact, help, and each failing node."""
    lignes = []
    for violation in violations:
        lignes.append(
            f"[{violation['impact']}] {violation['id']} : {violation['help']} ({violation['helpUrl']})"
        )
        for noeud in violation["nodes"]:
            lignes.append(f"    élément {json.dumps(noeud['target'], ensure_ascii=False)}")
            lignes.append(f"      {sans_espaces(noeud['html'])[:200]}")
            for resume in (noeud.get("failureSummary") or "").splitlines():
                lignes.append(f"      {resume.strip()}")
    return "\n".join(lignes)
