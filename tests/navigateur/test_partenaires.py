"""The partners' pages in a real browser: an administrator imports a spreadsheet (dry run, then
apply), and the pages the main list cannot reach without data pass axe."""

import re

import pytest
from playwright.sync_api import expect

from partenaires.models import Partenaire

from .test_accessibilite import verifier_accessibilite

pytestmark = pytest.mark.navigateur

FICHIER = (
    "\ufeffNom;Type;Champs d'intervention;Commune;Contact : nom;Contact : e-mail\r\n"
    "Garage solidaire;Associatif;Mobilité;Béthune;Nora Test;nora@exemple.invalid\r\n"
    "Adice;;;;Camille Martin;\r\n"
)


def test_un_administrateur_importe_un_tableur_en_deux_temps(
    site, connecter, comptes_par_role, page_surveillee, tmp_path
):
    page = page_surveillee
    fichier = tmp_path / "partenaires.csv"
    fichier.write_bytes(FICHIER.encode("utf-8"))
    connecter(comptes_par_role["admin"])
    page.goto(site.url + "/partenaires/")
    page.get_by_role("link", name="Importer un tableur").click()
    verifier_accessibilite(page)
    page.get_by_label("Fichier des partenaires").set_input_files(str(fichier))
    page.get_by_role("button", name="Analyser le fichier").click()

    expect(page).to_have_url(re.compile(r"/partenaires/import/\d+/$"))
    expect(page.locator("#bilan-import")).to_contain_text("1 partenaire(s) à créer")
    expect(page.locator("#bilan-import")).to_contain_text("1 à modifier")
    rapport = page.locator("#rapport-import")
    expect(rapport).to_contain_text("Garage solidaire")
    expect(rapport).to_contain_text("Contact : nom : « — » → « Camille Martin »")
    verifier_accessibilite(page)
    assert not Partenaire.objects.filter(nom="Garage solidaire").exists()

    page.get_by_role("button", name="Appliquer l'import").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Import appliqué : 1 partenaire(s) créé(s), 1 modifié(s)"
    )
    assert Partenaire.objects.get(nom="Garage solidaire").contact_nom == "Nora Test"
    assert Partenaire.objects.get(nom="Adice").contact_nom == "Camille Martin"

    # The same file again: nothing to apply.
    page.goto(site.url + "/partenaires/import/")
    page.get_by_label("Fichier des partenaires").set_input_files(str(fichier))
    page.get_by_role("button", name="Analyser le fichier").click()
    expect(page.get_by_text("Rien à importer")).to_be_visible()
    expect(page.get_by_role("button", name="Appliquer l'import")).to_have_count(0)


def test_les_pages_de_detail_des_partenariats_respectent_les_regles_wcag(
    site, connecter, comptes_par_role, page_surveillee
):
    from tests.factories import (
        DiffusionFactory,
        EvenementFactory,
        ParticipationFactory,
        SuiteFactory,
        VersionSupportFactory,
    )

    adice = Partenaire.objects.get(nom="Adice")
    adice.changer_contact(nom="Camille Exemple", email="camille@exemple.invalid", telephone="03 21 00 00 00")
    adice.changer_contact(nom="Autre Exemple")
    evenement = EvenementFactory()
    ParticipationFactory(evenement=evenement, partenaire=adice, present=True)
    SuiteFactory(evenement=evenement)
    version = VersionSupportFactory()
    DiffusionFactory(support=version.support, partenaire=adice, evenement=evenement)
    connecter(comptes_par_role["pilote"])
    for url in [
        f"/partenaires/{adice.pk}/",
        f"/partenaires/{adice.pk}/contact/",
        f"/partenaires/evenements/{evenement.pk}/",
        f"/partenaires/evenements/{evenement.pk}/participants/?q=a",
        f"/supports/{version.support.pk}/",
        f"/supports/{version.support.pk}/diffusions/nouvelle/",
        "/partenaires/nouveau/",
        "/partenaires/evenements/nouveau/",
        "/supports/nouveau/",
    ]:
        reponse = page_surveillee.goto(site.url + url)
        assert reponse.status == 200, url
        verifier_accessibilite(page_surveillee)
