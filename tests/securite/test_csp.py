"""Content-Security-Policy: the header forbids inline code, and no page relies on any.

The CSP header alone would let a page with an inline script ship and silently break in the
browser; the HTML scan below fails it in the test client instead.
"""

from html.parser import HTMLParser

import pytest

from exploitation.pages import pages_principales
from plan.models import FicheAction

# URL-carrying attributes where a `javascript:` scheme would run code.
ATTRIBUTS_URL = {"href", "src", "action", "formaction", "xlink:href", "data", "hx-get", "hx-post"}


class DetecteurCodeEnLigne(HTMLParser):
    """Collects every construct that a strict CSP (no 'unsafe-inline') would block or that runs code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problemes = []
        self._dans_script = None

    def handle_starttag(self, tag, attrs):
        ligne = self.getpos()[0]
        attributs = dict(attrs)
        # A JSON data block (json_script) is not executed, so it is not inline code.
        if tag == "script" and "src" not in attributs and attributs.get("type") != "application/json":
            self._dans_script = ligne
        if tag == "style":
            self.problemes.append(f"ligne {ligne} : bloc <style>")
        for nom, valeur in attrs:
            nom = nom.lower()
            if nom.startswith("on"):
                self.problemes.append(f'ligne {ligne} : gestionnaire {nom}="{valeur}" sur <{tag}>')
            elif nom.startswith("hx-on"):
                self.problemes.append(f"ligne {ligne} : code htmx en ligne {nom} sur <{tag}>")
            elif nom == "style":
                self.problemes.append(f'ligne {ligne} : attribut style="{valeur}" sur <{tag}>')
            elif nom in ATTRIBUTS_URL and (valeur or "").strip().lower().startswith("javascript:"):
                self.problemes.append(f"ligne {ligne} : URL javascript: dans {nom} sur <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script" and self._dans_script is not None:
            self.problemes.append(f"ligne {self._dans_script} : <script> en ligne (sans src)")
            self._dans_script = None


def code_en_ligne(html):
    detecteur = DetecteurCodeEnLigne()
    detecteur.feed(html)
    detecteur.close()
    return detecteur.problemes


def directives_csp(entete):
    directives = {}
    for morceau in entete.split(";"):
        mots = morceau.split()
        if mots:
            directives[mots[0]] = mots[1:]
    return directives


def test_le_detecteur_repere_chaque_forme_de_code_en_ligne():
    html = """<html><body>
      <script>alert(1)</script>
      <script src="/static/app.js"></script>
      <script id="donnees" type="application/json">{"a": 1}</script>
      <button onclick="go()">Go</button>
      <a href="javascript:go()">lien</a>
      <div style="width: 10%">barre</div>
      <style>p { color: red }</style>
      <form hx-on:submit="x()"></form>
    </body></html>"""
    problemes = code_en_ligne(html)
    assert len(problemes) == 6, problemes
    assert code_en_ligne('<p class="x"><a href="/plan/">Plan</a></p><script src="/a.js"></script>') == []


# The pages as the first of the two tests below read them in this process, for the second: seventy
# pages, read once for both checks (this module goes whole to one test process, tests/conftest.py).
PAGES_LUES = []


@pytest.fixture
def pages_a_verifier(comptes_par_role, client_de):
    if not PAGES_LUES:
        PAGES_LUES.extend(lire_les_pages(comptes_par_role, client_de))
    return PAGES_LUES


def lire_les_pages(comptes_par_role, client_de):
    """(description, response) of every main page, seen by the pilot (who gets the edit forms) and by
    an administrator, plus the pages an anonymous visitor can reach."""
    pages, _ = pages_principales()
    reponses = []
    for role in ("pilote", "admin"):
        client = client_de(comptes_par_role[role])
        for page in pages:
            reponses.append((f"{page.nom} ({role}) {page.url}", client.get(page.url)))
        premiere_fiche = FicheAction.objects.order_by("pk").first()
        for url in (
            "/admin/",
            "/admin/plan/ficheaction/",
            f"/admin/plan/ficheaction/{premiere_fiche.pk}/change/",
        ):
            if role == "admin":
                reponses.append((f"Back-office ({role}) {url}", client.get(url)))
    anonyme = client_de(None)
    for url in ("/connexion/", "/accessibilite/"):
        reponses.append((f"Page publique {url}", anonyme.get(url)))
    return reponses


def test_aucune_page_principale_ne_contient_de_code_ou_de_style_en_ligne(pages_a_verifier):
    fautes = {}
    for description, reponse in pages_a_verifier:
        assert reponse.status_code == 200, f"{description} : statut {reponse.status_code}"
        problemes = code_en_ligne(reponse.text)
        if problemes:
            fautes[description] = problemes
    assert not fautes, "Code ou style en ligne (bloqué par la CSP) :\n" + "\n".join(
        f"- {page} :\n    " + "\n    ".join(problemes) for page, problemes in fautes.items()
    )


def test_chaque_page_envoie_une_csp_stricte_sans_unsafe_inline(pages_a_verifier):
    for description, reponse in pages_a_verifier:
        entete = reponse.headers.get("Content-Security-Policy")
        assert entete, f"{description} : pas d'en-tête Content-Security-Policy"
        assert "unsafe-inline" not in entete and "unsafe-eval" not in entete, f"{description} : {entete}"
        directives = directives_csp(entete)
        assert directives["default-src"] == ["'self'"]
        # Scripts from our own origin, or carrying this response's nonce: nothing else.
        sources_script = directives["script-src"]
        assert sources_script[0] == "'self'", entete
        assert all(s.startswith("'nonce-") for s in sources_script[1:]), entete
        assert directives["style-src"] == ["'self'"], entete
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["form-action"] == ["'self'"]


def test_le_nonce_change_a_chaque_reponse(rf):
    from django.http import HttpResponse
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    gabarit = engines["django"].from_string('<script nonce="{{ csp_nonce }}" src="/static/x.js"></script>')

    def vue(request):
        return HttpResponse(gabarit.render({}, request))

    middleware = ContentSecurityPolicyMiddleware(vue)
    premiere, seconde = middleware(rf.get("/")), middleware(rf.get("/"))
    nonce_1 = directives_csp(premiere.headers["Content-Security-Policy"])["script-src"][1]
    nonce_2 = directives_csp(seconde.headers["Content-Security-Policy"])["script-src"][1]
    assert nonce_1.startswith("'nonce-") and nonce_1 != nonce_2
    assert nonce_1.strip("'").removeprefix("nonce-") in premiere.text


def test_htmx_n_evalue_aucun_code_et_ne_garde_aucune_page_en_memoire(client, db):
    import json
    import re

    html = client.get("/connexion/").text
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1))
    # No eval, no <script> run from swapped fragments, no inline style injected by htmx itself.
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    # Shared office PCs: no page (comments included) kept in localStorage after logging out.
    assert config["historyCacheSize"] == 0
