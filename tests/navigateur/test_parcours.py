"""What people actually do, in a real browser: log in, use the keyboard, the back-office (reading each
main page on a phone is checked with its accessibility, in test_accessibilite.py)."""

import re

import pytest
from playwright.sync_api import expect

from plan.models import FicheAction

pytestmark = pytest.mark.navigateur

MOT_DE_PASSE = "mot-de-passe-de-test-long"  # the factories' password


def test_une_connexion_avec_un_mauvais_mot_de_passe_affiche_le_message_en_francais(site, page_surveillee):
    page = page_surveillee
    page.goto(site.url + "/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next=/$"))
    page.get_by_label("Identifiant").fill("pilote")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#erreur-connexion")).to_have_text(
        "Identifiant ou mot de passe incorrect. Vérifiez les majuscules et réessayez."
    )
    expect(page).to_have_title(re.compile("^Connexion"))
    # Still on the login form, username kept, password emptied.
    expect(page.get_by_label("Identifiant")).to_have_value("pilote")
    expect(page.get_by_label("Mot de passe")).to_have_value("")


def test_une_personne_se_connecte_et_arrive_sur_la_page_demandee(site, page_surveillee):
    page = page_surveillee
    page.goto(site.url + "/plan/enjeux/")
    page.get_by_label("Identifiant").fill("equipe")
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(site.url + "/plan/enjeux/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enjeux servis par chaque fiche-action")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/connexion/$"))


def test_le_premier_arret_de_tabulation_est_le_lien_d_evitement_qui_mene_au_contenu(
    site, connecter, comptes_par_role, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["equipe"])
    page.goto(site.url + "/plan/")
    page.keyboard.press("Tab")
    lien = page.get_by_role("link", name="Aller au contenu")
    expect(lien).to_be_focused()
    expect(lien).to_be_in_viewport()
    assert contour_de_focus(page) != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()
    # The next Tab goes on inside the content, not back to the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_le_focus_est_visible_sur_chaque_element_atteint_au_clavier(
    site, connecter, comptes_par_role, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["pilote"])
    page.goto(site.url + "/plan/")
    vus = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        description = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        assert contour_de_focus(page) != "none", f"focus invisible sur {description}"
        vus += 1
    assert vus == 25


def contour_de_focus(page):
    """The focused element's outline style, or "none" when it would be invisible."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return visible ? style.outlineStyle : (style.boxShadow !== 'none' ? 'box-shadow' : 'none');
        }"""
    )


def test_un_administrateur_lit_une_fiche_dans_le_back_office_et_la_met_a_jour_dans_l_application(
    site, connecter, comptes_par_role, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["admin"])
    page.goto(site.url + "/plan/")
    page.get_by_role("link", name="Back-office").click()
    page.get_by_role("link", name="Fiches-actions").first.click()
    page.get_by_role("link", name="1.1", exact=True).click()
    # Read-only: the follow-up has one write path, the application's page, linked from here.
    assert page.get_by_role("button", name="Enregistrer", exact=True).count() == 0
    page.get_by_role("link", name="Mettre à jour dans l'application").click()
    expect(page).to_have_url(re.compile(r"/plan/fiches/1\.1/#pilotage$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fiche-action 1.1")
    page.wait_for_load_state("load")

    # What the back-office still writes: the plain-language summary of an axis for the board.
    page.goto(site.url + f"/admin/plan/axe/{FicheAction.objects.get(code='1.1').axe_id}/change/")
    page.get_by_label("Résumé en langage simple").fill("Aller vers les jeunes là où ils vivent.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("a été modifié")


def test_une_pilote_met_a_jour_une_etape_et_voit_l_avancement_changer_sans_recharger(site, page_surveillee):
    page = page_surveillee
    page.goto(site.url + "/")
    page.get_by_label("Identifiant").fill("pilote")
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")

    navigation = page.get_by_role("navigation", name="Navigation principale")
    navigation.get_by_role("link", name="Mes actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes actions")
    page.get_by_role("link", name=re.compile(r"1\.1")).first.click()
    expect(page).to_have_url(re.compile(r"/plan/fiches/1\.1/"))
    # htmx is ready once the page has loaded; a click before that opens the step's own page.
    page.wait_for_load_state("load")

    barre = page.locator("#avancement-fiche [role=progressbar]").first
    avant = int(barre.get_attribute("aria-valuenow"))
    # A marker on the window: it survives an htmx swap, not a page load.
    page.evaluate("window.pasDeRechargement = true")

    # Steps are read first; "Mettre à jour" opens one step's form in place, focused on its status.
    page.get_by_role("link", name=re.compile(r"^Mettre à jour l'étape")).first.click()
    formulaire = page.locator("form.formulaire-etape")
    expect(formulaire).to_have_count(1)
    expect(formulaire.get_by_label("Statut")).to_be_focused()
    formulaire.get_by_label("Statut").select_option(label="En cours")
    formulaire.get_by_label("Avancement").fill("60")
    formulaire.get_by_label("Commentaire").fill("Premier atelier de repérage tenu avec la mairie.")
    formulaire.get_by_role("button", name="Enregistrer l'étape").click()

    expect(page.locator("#annonce-suivi")).to_contain_text("Étape enregistrée")
    # The step folds back, its new state shown, focus back on its button for the next update.
    expect(page.locator("form.formulaire-etape")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Étape enregistrée à")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Mettre à jour l'étape")).first).to_be_focused()
    expect(barre).not_to_have_attribute("aria-valuenow", str(avant))
    assert int(barre.get_attribute("aria-valuenow")) > avant
    expect(page.locator("#journal-fiche")).to_contain_text("Premier atelier de repérage tenu avec la mairie.")
    assert page.evaluate("window.pasDeRechargement === true"), "la page a été rechargée"
    assert FicheAction.objects.get(code="1.1").avancement > avant


def test_une_administratrice_du_conseil_lit_le_tableau_de_bord_et_telecharge_le_rapport(
    site, connecter, comptes_par_role, page_surveillee, tmp_path
):
    page = page_surveillee
    connecter(comptes_par_role["ca"])
    page.goto(site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.get_by_role("heading", name="Prochaine instance")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Avancement du plan")).to_be_visible()
    # Reading only: no edit form anywhere for the board.
    assert page.locator("main form[method=post]").count() == 0

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = telechargement.value
    assert pdf.suggested_filename.startswith("rapport-ca-") and pdf.suggested_filename.endswith(".pdf")
    chemin = tmp_path / pdf.suggested_filename
    pdf.save_as(chemin)
    assert chemin.read_bytes().startswith(b"%PDF-")
