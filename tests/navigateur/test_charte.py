"""The charter in a real browser: a staff member reads it and confirms; Direction's pages and the
charter with its text pass axe; the attendance lists filter as one types."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ethique.models import PriseDeConnaissance
from tests.ethique.donnees import charte_adoptee, relier
from tests.factories import AntenneFactory, MembreEquipeFactory, SensibilisationFactory

from .test_accessibilite import verifier_accessibilite

pytestmark = pytest.mark.navigateur


@pytest.fixture
def charte_en_vigueur(site, comptes_par_role):
    """Version 1 adopted a month ago, version 2 in draft, "equipe" on the staff register."""
    from ethique.models import Charte

    antenne = AntenneFactory(nom="Antenne de démonstration")
    relier(comptes_par_role["equipe"], antenne)
    for n in range(3):
        MembreEquipeFactory(antenne=antenne, nom=f"Collègue{n}")
    charte = charte_adoptee(timezone.localdate() - timedelta(days=30), articles=3)
    Charte.nouvelle_version()
    session = SensibilisationFactory(titre="Atelier égalité", date=timezone.localdate() - timedelta(days=3))
    session.valeurs.set(charte.valeurs.all())
    return charte


def test_un_membre_de_l_equipe_lit_la_charte_et_confirme_en_avoir_pris_connaissance(
    site, connecter, comptes_par_role, charte_en_vigueur, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["equipe"])
    page.goto(site.url + "/")
    navigation = page.get_by_role("navigation", name="Navigation principale")
    navigation.get_by_role("button", name="Association").click()
    navigation.get_by_role("link", name="Charte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charte d'engagement")
    expect(page.get_by_role("heading", name="Article 1", exact=False).first).to_be_visible()

    bouton = page.get_by_role("button", name="Je confirme avoir pris connaissance de la charte")
    bouton.click()  # without ticking the box
    expect(page.get_by_text("Cochez la case pour confirmer que vous avez lu la charte.")).to_be_visible()
    assert not PriseDeConnaissance.objects.exists()
    page.get_by_label(
        "J'ai lu la charte d'engagement et je m'engage à la respecter dans mon travail."
    ).check()
    bouton.click()

    expect(
        page.get_by_text("Merci : votre prise de connaissance de la version 1 est enregistrée.")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Votre prise de connaissance")).to_contain_text(
        "Vous avez pris connaissance de la version 1 le"
    )
    prise = PriseDeConnaissance.objects.get()
    assert prise.membre.utilisateur == comptes_par_role["equipe"] and prise.par_la_personne
    verifier_accessibilite(page)


PAGES_DE_LA_CHARTE = [
    ("equipe", "/charte/"),
    ("ca", "/charte/"),
    ("direction", "/charte/versions/2/"),
    ("direction", "/charte/versions/2/adopter/"),
    ("direction", "/charte/equipe/"),
    ("equipe", "/charte/engagements-des-jeunes/"),
    ("direction", "/charte/sensibilisation/nouvelle/"),
    ("direction", "/valeurs/3/"),
]


def test_les_pages_de_la_charte_avec_leur_contenu_respectent_les_regles_wcag(
    site, connecter, comptes_par_role, charte_en_vigueur, page_surveillee
):
    """One browser session for all of them, each page read as the role it is written for; every
    failing page is reported."""
    echecs = []
    for role, url in PAGES_DE_LA_CHARTE:
        connecter(comptes_par_role[role])
        try:
            reponse = page_surveillee.goto(site.url + url)
            assert reponse.status == 200, f"statut {reponse.status}"
            verifier_accessibilite(page_surveillee)
        except AssertionError as erreur:
            echecs.append(f"{url} ({role}) : {erreur}")
    assert not echecs, "\n\n".join(echecs)


def test_la_liste_des_presents_se_filtre_en_tapant_un_nom(
    site, connecter, comptes_par_role, charte_en_vigueur, page_surveillee
):
    page = page_surveillee
    connecter(comptes_par_role["direction"])
    page.goto(site.url + "/charte/sensibilisation/nouvelle/")
    filtre = page.locator("#filtre-participants")
    expect(filtre).to_be_visible()
    filtre.fill("collègue1")
    expect(page.get_by_label("Collègue1", exact=False)).to_be_visible()
    expect(page.get_by_label("Collègue2", exact=False)).to_be_hidden()
    filtre.fill("")
    expect(page.get_by_label("Collègue2", exact=False)).to_be_visible()
