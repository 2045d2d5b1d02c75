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

from exploitation.pages import PAGES

# Debian's headless shell (package chromium-headless-shell: the same sources and version as the
# chromium package, without the desktop browser around the engine; what Playwright itself runs
# headless) when installed, else the full browser: the browser tests then take 130 s of processor
# instead of 187, half of that saved in the browser's own process.
NAVIGATEURS_DEBIAN = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or next(
    (chemin for chemin in NAVIGATEURS_DEBIAN if os.access(chemin, os.X_OK)), NAVIGATEURS_DEBIAN[-1]
)
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
# The main pages, checked a few at a time by one test each (axe, phone layout): opening a browser
# session on a fresh database costs more than reading a page, and the groups still spread over the
# test workers. Every page is checked and every failure reported, each with its page's name.
GROUPES_DE_PAGES = [PAGES[rang::6] for rang in range(6)]


@pytest.fixture(scope="session")
def chromium():
    """The browser binary; missing, the browser tests are skipped loudly, and fail in CI."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = (
        f"CHROMIUM ABSENT ({CHROMIUM}) : tests navigateur et accessibilité NON EXÉCUTÉS. "
        "Installez-le avec « apt-get install chromium-headless-shell » (ou chromium) ou indiquez son "
        "chemin dans CHROMIUM_PATH."
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


@pytest.fixture(scope="session", autouse=True)
def fichiers_statiques_a_garder():
    """Style sheets and scripts the browser keeps, as in production, where whitenoise serves them
    with a lifetime (hashed names, kept for good). The live server sends only their date, and in a
    fresh clone every file is seconds old: Chromium, which then keeps a file for a tenth of its age,
    asked again for nearly every file on nearly every page (ten requests more per page in CI)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandlerMixin

    servir = StaticFilesHandlerMixin.serve

    def servir_a_garder(self, request):
        reponse = servir(self, request)
        reponse.headers["Cache-Control"] = "max-age=3600"
        return reponse

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandlerMixin, "serve", servir_a_garder)
        yield


# Playwright's default tab size, which the context keeps unless told otherwise.
TAILLE_PAR_DEFAUT = {"width": 1280, "height": 720}


# One browser context and one tab per test process, handed to each test in turn, emptied between
# tests: opening and closing a context (a renderer process, its network state) cost more processor
# time than most tests' pages, half a second each on two cores. Between two tests the tab goes back to
# a blank page at the default size, and the context forgets its cookies (the session), so each test
# still starts logged out on a page of its own; the HTTP cache is kept, as a browser keeps it.
@pytest.fixture(scope="session")
def _onglet_partage(browser, browser_context_args):
    contexte = browser.new_context(**browser_context_args)
    onglet = contexte.new_page()
    yield onglet
    contexte.close()


@pytest.fixture
def context(_onglet_partage):
    yield _onglet_partage.context
    _onglet_partage.context.clear_cookies()


@pytest.fixture
def page(_onglet_partage, context, browser_context_args):
    # `context` is asked for so that its cookies are cleared after the tab has left the test's page.
    yield _onglet_partage
    _onglet_partage.goto("about:blank")
    _onglet_partage.set_viewport_size(browser_context_args.get("viewport") or TAILLE_PAR_DEFAUT)


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


class ErreursNavigateur(list):
    """The errors seen in the browser, and `en_suspens`: requests the browser cancelled itself
    (net::ERR_ABORTED). When a test clicks a link before the page has fetched everything (a deferred
    script of Django's admin, say), Chromium cancels what is left as the next page commits, and it
    reports those cancellations just before the navigation: each one is held until then, forgotten
    if the page was indeed left, an error otherwise. Without this, a busy machine (tests run in
    parallel) turns the test's pace into random failures."""

    def __init__(self):
        super().__init__()
        self.en_suspens = []

    def toutes(self):
        return [*self, *self.en_suspens]


@pytest.fixture
def erreurs_navigateur(page):
    """Console errors (CSP violations, missing files, JavaScript exceptions) seen during the test.

    Every browser test uses it through `page_surveillee`: a page that works only because the test
    client ignores JavaScript and the CSP would otherwise pass.
    """
    erreurs = ErreursNavigateur()

    def console(message):
        if message.type == "error":
            erreurs.append(f"console.{message.type} : {message.text}")

    def reponse(reponse):
        if reponse.status >= 400:
            erreurs.append(f"HTTP {reponse.status} : {reponse.url}")

    def requete_echouee(requete):
        if requete.failure == "net::ERR_ABORTED" and requete.frame == page.main_frame:
            erreurs.en_suspens.append(f"requête échouée : {requete.url}")
        else:
            erreurs.append(f"requête échouée : {requete.url}")

    def navigation(frame):
        if frame == page.main_frame:
            erreurs.en_suspens.clear()

    def exception(exception):
        erreurs.append(f"exception JavaScript : {exception}")

    ecouteurs = {
        "console": console,
        "response": reponse,
        "pageerror": exception,
        "requestfailed": requete_echouee,
        "framenavigated": navigation,
    }
    for evenement, ecouteur in ecouteurs.items():
        page.on(evenement, ecouteur)
    # No `page.route`: routing turns the browser's HTTP cache off, and every page of a test would
    # fetch and compile the style sheets and scripts again. Every page, the back-office's included,
    # names its icon, so Chromium never probes /favicon.ico.
    yield erreurs
    # The tab serves the next test: this one's listeners go with it.
    for evenement, ecouteur in ecouteurs.items():
        page.remove_listener(evenement, ecouteur)


@pytest.fixture
def page_surveillee(page, erreurs_navigateur):
    yield page
    erreurs = erreurs_navigateur.toutes()
    assert not erreurs, "Erreurs dans le navigateur :\n" + "\n".join(erreurs)


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
