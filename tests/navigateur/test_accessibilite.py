"""axe-core (the copy bundled with axe-playwright-python, no network) on every main page, which is
also read at a phone's width.

Rules: WCAG 2.0 and 2.1, levels A and AA, which is what the RGAA 4.1 maps onto. Any violation fails
the page's test with a readable list of the failing elements.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from exploitation.pages import url_de

from .conftest import GROUPES_DE_PAGES, lisible

pytestmark = pytest.mark.navigateur

REGLES_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
TELEPHONE = {"width": 375, "height": 667}


def verifier_accessibilite(page, langue="fr"):
    assert page.get_attribute("html", "lang") == langue
    # The package's axe-core, run as its `Axe.run` does, but only the violations come back: the
    # whole result (every rule that passed or did not apply) is a tenth of each check's time.
    page.evaluate(AXE.axe_script)
    violations = page.evaluate(
        "(options) => axe.run(options).then((resultats) => resultats.violations)",
        {"runOnly": {"type": "tag", "values": REGLES_WCAG}, "resultTypes": ["violations"]},
    )
    assert not violations, (
        f"{len(violations)} règle(s) WCAG non respectée(s) sur {page.url} :\n{lisible(violations)}"
    )


def verifier_sur_telephone(page):
    """On the page open in `page`, narrowed to a phone's width (then put back): the menu folds
    behind its button, nothing overflows sideways, no table hides a column."""
    taille = page.viewport_size
    page.set_viewport_size(TELEPHONE)
    try:
        bouton = page.get_by_role("button", name="Ouvrir ou fermer le menu")
        expect(bouton).to_be_visible()
        lien_plan = page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "button", name="Plan", exact=True
        )
        expect(lien_plan).to_be_hidden()
        bouton.click()
        expect(lien_plan).to_be_visible()
        # Charts follow the new width on the next frames (Chart.js watches its container): give
        # the page up to two seconds to settle before measuring, as a phone loading it at this width
        # would. Not `wait_for_function`: when its first try fails, it polls through `eval`, which
        # the site's CSP forbids; a function passed to `evaluate` is not subject to it.
        page.evaluate(
            """(delai) => new Promise((fin) => {
                const limite = performance.now() + delai;
                const essayer = () => {
                    const racine = document.documentElement;
                    if (racine.scrollWidth <= racine.clientWidth || performance.now() > limite) fin();
                    else requestAnimationFrame(essayer);
                };
                essayer();
            })""",
            2000,
        )
        largeurs = page.evaluate(
            "({page: document.documentElement.scrollWidth, ecran: document.documentElement.clientWidth})"
        )
        assert largeurs["page"] <= largeurs["ecran"], (
            f"sur téléphone, la page déborde horizontalement : {largeurs}"
        )
        # Every column of every table is on screen without scrolling sideways, and no cell is
        # allowed to cut an ordinary word in the middle.
        tableaux = page.evaluate(
            """() => Array.from(document.querySelectorAll("main table")).map((t) => ({
                nom: (t.caption && t.caption.textContent.trim()) || t.id || t.className,
                cachees: t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                    || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1,
                coupees: Array.from(t.querySelectorAll("th, td")).some((c) => {
                    const style = getComputedStyle(c);
                    return style.overflowWrap === "anywhere" || style.wordBreak === "break-all";
                }),
            }))"""
        )
        cachees = [t["nom"] for t in tableaux if t["cachees"]]
        assert not cachees, f"sur téléphone, colonnes hors de l'écran : {tableaux}"
        assert not [t["nom"] for t in tableaux if t["coupees"]], f"sur téléphone, mots coupés : {tableaux}"
    finally:
        page.set_viewport_size(taille)


@pytest.mark.parametrize(
    "groupe", GROUPES_DE_PAGES, ids=[f"pages-{n + 1}" for n in range(len(GROUPES_DE_PAGES))]
)
def test_chaque_page_principale_respecte_les_regles_wcag_et_se_lit_sur_telephone(
    site, connecter, comptes_par_role, page_surveillee, groupe
):
    """Each page is opened once for both checks: loading it is most of what a check costs."""
    # The pilot sees the most: their fiche's edit forms on top of everything a reader sees.
    connecter(comptes_par_role["pilote"])
    echecs = []
    for nom, url_name, argument in groupe:
        url = url_de(url_name, argument)
        if url is None:
            echecs.append(f"La page « {nom} » ({url_name}) est introuvable.")
            continue
        try:
            reponse = page_surveillee.goto(site.url + url)
            assert reponse.status == 200, f"{url} : statut {reponse.status}"
            verifier_accessibilite(page_surveillee)
            verifier_sur_telephone(page_surveillee)
        except AssertionError as erreur:
            echecs.append(f"« {nom} » ({url}) : {erreur}")
    assert not echecs, "\n\n".join(echecs)


@pytest.mark.parametrize("url", ["/connexion/", "/accessibilite/"])
def test_les_pages_publiques_respectent_les_regles_wcag_a_et_aa(site, page_surveillee, url):
    reponse = page_surveillee.goto(site.url + url)
    assert reponse.status == 200
    verifier_accessibilite(page_surveillee)


def test_la_connexion_en_erreur_respecte_les_regles_wcag_a_et_aa(site, page_surveillee):
    page_surveillee.goto(site.url + "/connexion/")
    page_surveillee.get_by_label("Identifiant").fill("pilote")
    page_surveillee.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page_surveillee.get_by_role("button", name="Se connecter").click()
    page_surveillee.wait_for_selector("#erreur-connexion")
    verifier_accessibilite(page_surveillee)


def test_le_back_office_de_la_fiche_respecte_les_regles_wcag_a_et_aa(
    site, connecter, comptes_par_role, page_surveillee
):
    connecter(comptes_par_role["admin"])
    page_surveillee.goto(site.url + "/admin/plan/ficheaction/")
    # Django's admin writes LANGUAGE_CODE as is: "fr-fr" is French too.
    verifier_accessibilite(page_surveillee, langue="fr-fr")


def test_la_carte_du_territoire_en_simulation_respecte_les_regles_wcag_a_et_aa(
    site, connecter, comptes_par_role, page_surveillee
):
    from antennes.models import Commune

    commune = Commune.objects.get(nom="Isbergues")
    connecter(comptes_par_role["direction"])
    page_surveillee.goto(site.url + f"/territoire/?mesure=distance&rayon=5&simulation={commune.pk}")
    assert page_surveillee.locator("svg[role=img] g.carte-communes path").count() == 104
    verifier_accessibilite(page_surveillee)


def test_le_formulaire_d_antenne_en_erreur_respecte_les_regles_wcag_a_et_aa(
    site, connecter, comptes_par_role, page_surveillee
):
    from antennes.models import Antenne

    siege = Antenne.objects.get(est_siege=True)
    connecter(comptes_par_role["direction"])
    page_surveillee.goto(site.url + f"/antennes/{siege.pk}/modifier/")
    page_surveillee.get_by_label("Horaires d'ouverture").fill("lundi 9h")
    page_surveillee.get_by_label("Latitude").fill("48.85")
    page_surveillee.get_by_label("Longitude").fill("2.35")
    page_surveillee.get_by_role("button", name="Enregistrer").click()
    page_surveillee.wait_for_selector("#error_1_id_horaires")
    verifier_accessibilite(page_surveillee)


@pytest.mark.parametrize("url", ["/ambassadeurs/", "/ambassadeurs/nouveau/", "/ambassadeurs/chiffres/"])
def test_les_pages_des_ambassadeurs_respectent_les_regles_wcag_a_et_aa(
    site, connecter, comptes_par_role, page_surveillee, url
):
    from tests.factories import AmbassadeurFactory, InterventionFactory

    InterventionFactory().presences.create(ambassadeur=AmbassadeurFactory())
    connecter(comptes_par_role["equipe"])
    reponse = page_surveillee.goto(site.url + url)
    assert reponse.status == 200, f"{url} : statut {reponse.status}"
    verifier_accessibilite(page_surveillee)


def test_la_verification_signale_ce_qu_elle_doit_signaler(page):
    """The check itself: a page with an image without text and pale text fails, each rule named."""
    page.set_content(
        '<html lang="fr"><head><title>Essai</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color: #eeeeee; background: #ffffff">Texte trop pâle</p>'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as erreur:
        verifier_accessibilite(page)
    assert "2 règle(s) WCAG non respectée(s)" in str(erreur.value)
    assert "image-alt" in str(erreur.value) and "color-contrast" in str(erreur.value)
