"""Every page needs a login except the login page itself, /sante/ and the accessibility statement."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.plan.html import main

PAGES_DU_SOCLE = [
    "/",
    "/plan/",
    "/plan/fiches/1.2/",
    "/plan/enjeux/",
    "/valeurs/",
    "/territoire/",
    "/glossaire/",
]
# Public on purpose: the load balancer's probe, the login page, the legal accessibility statement
# and the forgotten-password pages (whoever forgot it cannot log in).
VUES_PUBLIQUES = {
    "sante",
    "login",
    "accessibilite",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def routes(resolver=None, prefixe=""):
    """(name, pattern, callback) of every route outside the admin, which guards itself."""
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            if motif.app_name == "admin":
                continue
            yield from routes(motif, prefixe + str(motif.pattern))
        elif isinstance(motif, URLPattern):
            yield motif.name, prefixe + str(motif.pattern), motif.callback


@pytest.mark.parametrize("url", PAGES_DU_SOCLE)
def test_une_personne_non_connectee_est_renvoyee_vers_la_connexion(plan_charge, client, url):
    reponse = client.get(url)
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/connexion/?next={url}"


def test_seules_la_connexion_la_sante_et_l_accessibilite_sont_publiques():
    publiques = {nom for nom, _, vue in routes() if getattr(vue, "login_required", True) is False}
    assert publiques == VUES_PUBLIQUES


@pytest.mark.parametrize("url", ["/sante/", "/connexion/", "/accessibilite/"])
def test_les_pages_publiques_s_ouvrent_sans_connexion(db, client, url):
    assert client.get(url).status_code == 200


def test_le_back_office_renvoie_vers_sa_propre_connexion(db, client):
    reponse = client.get("/admin/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/admin/login/")


def test_la_page_de_connexion_est_en_francais(db, client):
    page = main(client.get("/connexion/"))
    assert page.un("h1").texte() == "Connexion"
    assert [label.texte() for label in page.tous("label")][:2] == ["Identifiant *", "Mot de passe *"]
    assert page.un("button").texte() == "Se connecter"


def test_une_connexion_reussie_ramene_a_la_page_demandee(plan_charge, client, compte_equipe):
    reponse = client.post(
        "/connexion/",
        {"username": "equipe", "password": "mot-de-passe-de-test-long", "next": "/plan/enjeux/"},
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == "/plan/enjeux/"
    assert client.get("/plan/enjeux/").status_code == 200


def test_un_mauvais_mot_de_passe_est_signale_en_francais(db, client, compte_equipe):
    reponse = client.post("/connexion/", {"username": "equipe", "password": "pas le bon"})
    assert reponse.status_code == 200
    erreur = main(reponse).un(id_="erreur-connexion")
    assert erreur.texte() == "Identifiant ou mot de passe incorrect. Vérifiez les majuscules et réessayez."
    assert erreur.attrs["role"] == "alert"
    assert "_auth_user_id" not in client.session


def test_un_compte_desactive_ne_peut_pas_se_connecter(db, client, compte_equipe):
    compte_equipe.is_active = False
    compte_equipe.save()
    reponse = client.post("/connexion/", {"username": "equipe", "password": "mot-de-passe-de-test-long"})
    assert reponse.status_code == 200
    assert "_auth_user_id" not in client.session


def test_la_deconnexion_se_fait_par_un_formulaire_post(plan_charge, client_de, compte_equipe):
    client = client_de(compte_equipe)
    bouton = main(client.get("/plan/")).parent.un("form", action="/deconnexion/")
    assert bouton.attrs["method"] == "post"
    assert client.get("/deconnexion/").status_code == 405
    reponse = client.post("/deconnexion/")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/connexion/"
    assert client.get("/plan/").status_code == 302
