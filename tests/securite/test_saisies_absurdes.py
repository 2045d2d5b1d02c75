"""No input can make the site answer 500: every form of the site and of the back-office receives
junk (wrong types, extreme dates and numbers, ids that do not exist, control characters, very long
texts), as an administrator, who may post everywhere; then every page is read again, so that nothing
accepted can break a page for everyone afterwards."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from exploitation.pages import pages_principales
from tests.plan.html import lire

VARIANTES = {
    "absurde": {
        "text": "\x00<script>alert(1)</script>" + "é" * 300,
        "textarea": "\x00" + "x" * 20000,
        "number": "-99999999999999999999",
        "date": "pas une date",
        "datetime-local": "2026-13-45T99:99",
        "email": "@@",
        "url": "javascript:alert(1)",
        "select": "999999999",
        "hidden": "abc",
        "checkbox": "on",
        "radio": "n'existe pas",
        "tel": "\x00" * 5,
        "search": "%" * 500,
        "password": "x",
    },
    "extreme": {
        "text": "9" * 400,
        "textarea": "",
        "number": "1e308",
        "date": "0001-01-01",
        "datetime-local": "9999-12-31T23:59",
        "email": "a@" + "b" * 300 + ".fr",
        "url": "https://" + "a" * 600 + ".fr",
        "select": "-1",
        "hidden": "-1",
        "checkbox": "",
        "radio": "",
        "tel": "9" * 100,
        "search": "",
        "password": "",
    },
}


def formulaires(html, url_page):
    """(action, {field: kind}) of every POST form of the page."""
    page = lire(html)
    for formulaire in page.tous("form"):
        if (formulaire.attrs.get("method") or "get").lower() != "post":
            continue
        action = formulaire.attrs.get("action") or url_page
        if not action.startswith("/"):
            action = url_page.split("?")[0]
        champs = {}
        for element in formulaire.tous("input"):
            nom, genre = element.attrs.get("name"), (element.attrs.get("type") or "text").lower()
            if (
                nom
                and genre not in ("submit", "button", "file", "image", "reset")
                and nom != "csrfmiddlewaretoken"
            ):
                champs[nom] = genre
        for element in formulaire.tous("select"):
            if element.attrs.get("name"):
                champs[element.attrs["name"]] = "select"
        for element in formulaire.tous("textarea"):
            if element.attrs.get("name"):
                champs[element.attrs["name"]] = "textarea"
        yield action, champs


def envoyer_des_absurdites(client, url_page, erreurs):
    """Every variant into every POST form of the page; returns the actions posted to."""
    reponse = client.get(url_page)
    if reponse.status_code != 200 or "text/html" not in reponse.get("Content-Type", ""):
        return set()
    actions = set()
    for action, champs in formulaires(reponse.content.decode(), url_page):
        if action.endswith("/deconnexion/"):
            continue
        for variante, valeurs in VARIANTES.items():
            donnees = {nom: valeurs.get(genre, "x") for nom, genre in champs.items()}
            envoi = client.post(action, donnees)
            actions.add(action.split("?")[0])
            if envoi.status_code >= 500:
                erreurs.append(f"{variante} → POST {action} (formulaire de {url_page}) : {envoi.status_code}")
    return actions


@pytest.fixture
def client_admin(activite, comptes_par_role):
    client = Client(raise_request_exception=False)
    client.force_login(comptes_par_role["admin"])
    return client


def test_aucun_formulaire_du_site_ne_repond_500_a_des_absurdites(client_admin, activite):
    erreurs = []
    principales, _ = pages_principales()
    prochaine = activite["prochaine_instance"].pk
    pages = [page.url for page in principales] + [
        reverse("conseil:instance-create"),
        reverse("conseil:instance-update", args=[prochaine]),
        reverse("conseil:instance-tenir", args=[activite["instance_tenue"].pk]),
        # A step's form opens on demand, on its own page without JavaScript.
        reverse("suivi:etape-modifier", args=["1.1", activite["etape"].pk]),
    ]
    envoyes = set().union(*(envoyer_des_absurdites(client_admin, url, erreurs) for url in pages))
    etape = activite["etape"].pk
    attendus = {
        reverse("suivi:etape-modifier", args=["1.1", etape]),
        reverse("suivi:fiche-modifier", args=["1.1"]),
        reverse("suivi:commenter", args=["1.1"]),
        reverse("suivi:indicateur-ajouter", args=["1.1"]),
        reverse("conseil:instance-create"),
        reverse("conseil:instance-update", args=[prochaine]),
    }
    assert attendus <= envoyes, f"formulaires jamais essayés : {sorted(attendus - envoyes)}"
    # Whatever was accepted must not break a page afterwards (a meeting dated year 1, say).
    for url in pages:
        statut = client_admin.get(url).status_code
        if statut >= 500:
            erreurs.append(f"GET {url} après les envois : {statut}")
    assert not erreurs, "\n".join(erreurs)


def test_aucun_formulaire_du_back_office_ne_repond_500_a_des_absurdites(client_admin):
    erreurs = []
    for modele in sorted(admin.site._registry, key=lambda m: m._meta.label):
        infos = (modele._meta.app_label, modele._meta.model_name)
        envoyer_des_absurdites(client_admin, reverse("admin:{}_{}_add".format(*infos)), erreurs)
        objet = modele._default_manager.first()
        if objet is not None:
            url = reverse("admin:{}_{}_change".format(*infos), args=[objet.pk])
            envoyer_des_absurdites(client_admin, url, erreurs)
        liste = reverse("admin:{}_{}_changelist".format(*infos))
        if client_admin.get(liste, {"o": "zz", "p": "-3", "q": "\x00"}).status_code >= 500:
            erreurs.append(f"GET {liste} (tri, page et recherche absurdes) : 500")
    assert not erreurs, "\n".join(erreurs)


PARAMETRES_ABSURDES = [
    {"per_page": "-1"},
    {"per_page": "abc"},
    {"per_page": "100000000"},
    {"page": "-5"},
    {"page": "999999"},
    {"page": "abc"},
    {"sort": "nimporte"},
]


def test_la_pagination_et_le_tri_sont_bornes(client_admin):
    for url in ("/plan/fiches/", "/journal/", "/instances/", "/plan/fiches/1.1/"):
        for parametres in PARAMETRES_ABSURDES:
            assert client_admin.get(url, parametres).status_code == 200, (url, parametres)
