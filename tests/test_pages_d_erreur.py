"""Error pages are French: 400, 403 and 404 in the site's layout with useful links, 500 a static page
that needs neither the database nor a context processor. Served as in production (DEBUG off)."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import path
from django.views.defaults import server_error

from mission_locale.urls import urlpatterns as urlpatterns_du_site
from tests.plan.html import lire, main


def vue_400(request):
    raise SuspiciousOperation("Requête abîmée")


def vue_403(request):
    raise PermissionDenied("Seules la direction et l'administration préparent les instances.")


def vue_404(request):
    raise Http404("Pas de fiche 9.9")


def vue_500(request):
    raise RuntimeError("Panne")


# The site's own URLs (the pages link to them) plus views that fail on purpose.
urlpatterns = [
    path("erreur/400/", vue_400),
    path("erreur/403/", vue_403),
    path("erreur/404/", vue_404),
    path("erreur/500/", vue_500),
    *urlpatterns_du_site,
]

pytestmark = [pytest.mark.urls(__name__)]
LIENS_UTILES = {"/", "/plan/", "/plan/fiches/", "/glossaire/"}


@pytest.fixture(autouse=True)
def comme_en_production():
    with override_settings(DEBUG=False):
        yield


@pytest.fixture
def client_connecte(groupes_de_roles, plan_charge, compte_equipe, client_de):
    return client_de(compte_equipe)


def liens(page):
    return {a.attrs["href"] for a in page.tous("a")}


@pytest.mark.parametrize(
    ("url", "statut", "titre"),
    [
        ("/erreur/400/", 400, "Demande incorrecte"),
        ("/erreur/403/", 403, "Accès refusé"),
        ("/erreur/404/", 404, "Page introuvable"),
        ("/cette-page-n-existe-pas/", 404, "Page introuvable"),
    ],
)
def test_les_pages_d_erreur_sont_en_francais_dans_la_mise_en_page_du_site(
    client_connecte, url, statut, titre
):
    reponse = client_connecte.get(url)
    assert reponse.status_code == statut
    document = lire(reponse)
    assert document.un("html").attrs["lang"] == "fr"
    assert document.un("title").texte().startswith(titre)
    assert main(reponse).un("h1").texte() == titre
    assert liens(main(reponse)) >= LIENS_UTILES
    assert "Not Found" not in reponse.text and "Forbidden" not in reponse.text


def test_la_page_403_dit_pourquoi(client_connecte):
    page = main(client_connecte.get("/erreur/403/"))
    assert "Seules la direction et l'administration préparent les instances." in page.texte()


def test_la_page_404_rappelle_l_adresse_demandee_et_garde_la_navigation(client_connecte):
    reponse = client_connecte.get("/plan/fiche-inconnue/")
    assert "/plan/fiche-inconnue/" in main(reponse).un("code").texte()
    assert lire(reponse).un("nav", **{"aria-label": "Navigation principale"})


def test_une_personne_non_connectee_voit_aussi_la_page_404_en_francais(db):
    reponse = Client().get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert main(reponse).un("h1").texte() == "Page introuvable"


def test_la_page_500_est_en_francais(client_connecte):
    client_connecte.raise_request_exception = False
    reponse = client_connecte.get("/erreur/500/")
    assert reponse.status_code == 500
    assert main(reponse).un("h1").texte() == "Erreur du serveur"
    assert lire(reponse).un("html").attrs["lang"] == "fr"
    assert {"/", "/plan/"} <= liens(main(reponse))


def test_la_page_500_se_rend_sans_base_de_donnees_ni_processeur_de_contexte(rf):
    # No `db` fixture: any query would raise. Django renders it with an empty context.
    reponse = server_error(rf.get("/"))
    assert reponse.status_code == 500
    assert "Erreur du serveur" in reponse.content.decode()
    source = get_template("500.html").template.source
    assert "{% extends" not in source and "{% url" not in source and "user" not in source


def test_un_formulaire_perime_explique_quoi_faire_en_francais(groupes_de_roles, plan_charge, compte_equipe):
    client = Client(enforce_csrf_checks=True)
    client.force_login(compte_equipe)
    reponse = client.post("/compte/mot-de-passe/", {})
    assert reponse.status_code == 403
    assert main(reponse).un("h1").texte() == "Formulaire expiré"
