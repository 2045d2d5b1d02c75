"""In a real browser: a lock that spares colleagues, a forgotten password, the account menu, a page
per role, the search box and French error pages, each page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from plan.models import Etape

from .test_accessibilite import verifier_accessibilite

pytestmark = pytest.mark.navigateur

MOT_DE_PASSE = "mot-de-passe-de-test-long"  # the factories' password


def se_connecter(page, site, identifiant, mot_de_passe=MOT_DE_PASSE):
    page.goto(site.url + "/connexion/")
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")


def seulement(erreurs, statut):
    """True when every error the browser saw is the expected status of the page itself (or the
    icon's request, cut short when the test moves on before the browser fetched it)."""
    return all(f"HTTP {statut}" in e or f"status of {statut}" in e or "favicon" in e for e in erreurs)


def test_cinq_mauvais_mots_de_passe_sur_un_compte_laissent_les_collegues_de_la_meme_adresse_se_connecter(
    site, page, erreurs_navigateur
):
    for _ in range(5):
        se_connecter(page, site, "pilote", "pas-le-bon-mot-de-passe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion temporairement bloquée")
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"jusqu'au .+ à \d{1,2} h \d{2}"))
    verifier_accessibilite(page)
    # The locked person, right password, same browser: still locked.
    se_connecter(page, site, "pilote")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion temporairement bloquée")
    # A colleague behind the same address logs in as usual.
    page.context.clear_cookies()
    se_connecter(page, site, "equipe")
    expect(page).to_have_url(site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    # Only the lock pages answered 429; nothing else went wrong in the browser.
    assert seulement(erreurs_navigateur, 429), erreurs_navigateur


def test_mot_de_passe_oublie_de_la_connexion_au_nouveau_mot_de_passe(site, page_surveillee, mailoutbox):
    page = page_surveillee
    page.goto(site.url + "/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    verifier_accessibilite(page)
    page.get_by_label("Adresse e-mail de votre compte").fill("equipe@exemple.invalid")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    chemin = re.search(r"/connexion/nouveau-mot-de-passe/\S+/", mailoutbox[0].body).group()
    page.goto(site.url + chemin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisissez un nouveau mot de passe")
    verifier_accessibilite(page)
    page.get_by_label("Nouveau mot de passe").fill("Béthune-Lys-2026-neuf")
    page.get_by_label("Le même, une seconde fois").fill("Béthune-Lys-2026-neuf")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe enregistré")
    page.get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    page.get_by_label("Identifiant").fill("equipe")
    page.get_by_label("Mot de passe").fill("Béthune-Lys-2026-neuf")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")


def test_chacun_change_son_mot_de_passe_depuis_le_menu_de_son_compte(
    site, connecter, comptes_par_role, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["ca"])
    page.goto(site.url + "/plan/")
    page.get_by_role("button", name=re.compile("Mon compte")).click()
    page.get_by_role("link", name="Changer mon mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changer mon mot de passe")
    verifier_accessibilite(page)
    page.get_by_label("Mot de passe actuel").fill(MOT_DE_PASSE)
    page.get_by_label("Nouveau mot de passe").fill("Conseil-Béthune-2026")
    page.get_by_label("Le même, une seconde fois").fill("Conseil-Béthune-2026")
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "Votre mot de passe est changé"
    )


def test_un_membre_du_conseil_arrive_sur_la_prochaine_instance_et_ouvre_son_rapport(
    site, activite, page_surveillee
):
    page = page_surveillee
    se_connecter(page, site, "ca")
    expect(page).to_have_url(site.url + "/prochaine-instance/")
    expect(page.get_by_role("heading", level=1)).to_have_text(str(activite["prochaine_instance"]))
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Ce qui a changé depuis"))).to_be_visible()
    navigation = page.get_by_role("navigation", name="Navigation principale")
    expect(navigation.get_by_role("link", name="Mes actions")).to_have_count(0)
    page.get_by_role("link", name="Lire le rapport préparatoire").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport :")


def test_une_pilote_arrive_sur_mes_actions(site, page_surveillee):
    se_connecter(page_surveillee, site, "pilote")
    expect(page_surveillee).to_have_url(site.url + "/mes-actions/")
    expect(page_surveillee.get_by_role("heading", level=1)).to_have_text("Mes actions")


def test_la_recherche_trouve_une_fiche_par_un_mot_de_l_une_de_ses_etapes(
    site, connecter, comptes_par_role, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["equipe"])
    page.goto(site.url + "/plan/")
    page.get_by_role("search").first.get_by_label(re.compile("^Rechercher")).fill("cartographie besoins")
    page.get_by_role("search").first.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recherche")
    etapes = page.get_by_role("region", name=re.compile("^Étapes"))
    expect(etapes.locator("mark").first).to_have_text("Cartographie")
    verifier_accessibilite(page)
    etapes.get_by_role("link", name=re.compile("Cartographie des besoins")).click()
    etape = Etape.objects.get(fiche__code="1.1", libelle="Cartographie des besoins")
    expect(page).to_have_url(re.compile(rf"/plan/fiches/1\.1/#etape-{etape.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fiche-action 1.1")


@pytest.mark.parametrize(
    ("role", "url", "titre"),
    [
        ("equipe", "/cette-page-n-existe-pas/", "Page introuvable"),
        ("ca", "/instances/nouvelle/", "Accès refusé"),
    ],
)
def test_les_pages_d_erreur_sont_en_francais_et_accessibles(
    site, connecter, comptes_par_role, page, erreurs_navigateur, role, url, titre
):
    connecter(comptes_par_role[role])
    reponse = page.goto(site.url + url)
    assert reponse.status in (403, 404)
    expect(page.get_by_role("heading", level=1)).to_have_text(titre)
    expect(page.get_by_role("link", name="Tableau de bord").first).to_be_visible()
    verifier_accessibilite(page)
    assert seulement(erreurs_navigateur, reponse.status), erreurs_navigateur


def test_le_menu_regroupe_les_pages_et_s_ouvre_au_clavier(site, connecter, comptes_par_role, page_surveillee):
    page = page_surveillee
    connecter(comptes_par_role["equipe"])
    page.goto(site.url + "/charte/")
    navigation = page.get_by_role("navigation", name="Navigation principale")
    # A short menu: at most nine entries, the pages that belong together under one of them.
    assert navigation.locator(".navbar-nav > li").count() <= 9
    reseau = navigation.get_by_role("button", name="Réseau")
    expect(navigation.get_by_role("link", name="Événements")).to_be_hidden()
    reseau.focus()
    page.keyboard.press("Enter")
    expect(reseau).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(navigation.get_by_role("link", name="Partenaires")).to_be_focused()
    page.keyboard.press("Escape")
    expect(reseau).to_have_attribute("aria-expanded", "false")
    # The menu holding the current page says so, and so does the page's own entry.
    association = navigation.get_by_role("button", name="Association")
    expect(association).to_have_class(re.compile("rubrique-en-cours"))
    expect(navigation.locator("[aria-current=page]")).to_have_text("Charte")


def test_sans_javascript_chaque_page_du_menu_reste_accessible(site, browser, comptes_par_role):
    contexte = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = contexte.new_page()
        se_connecter(page, site, comptes_par_role["equipe"].username)
        navigation = page.get_by_role("navigation", name="Navigation principale")
        for nom in ("Fiches-actions", "Événements", "Sensibilisation"):
            expect(navigation.get_by_role("link", name=nom)).to_be_visible()
        navigation.get_by_role("link", name="Événements").click()
        expect(page).to_have_url(site.url + "/partenaires/evenements/")
    finally:
        contexte.close()
