"""The territory: the 104 communes, the siège and the /territoire/ page with the key facts."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction

from antennes.models import Antenne, Commune
from plan.models import Organisation
from tests.factories import AntenneFactory, CommuneFactory, PermanenceFactory
from tests.plan.html import main

GEOJSON = Path(settings.BASE_DIR) / "fixtures" / "communes-arrondissement-bethune.geojson"


@pytest.fixture
def equipe(plan_charge, client_de, compte_equipe):
    return client_de(compte_equipe)


def test_les_104_communes_de_l_arrondissement_sont_chargees(plan_charge):
    communes = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    assert Commune.objects.count() == len(communes) == 104
    assert set(Commune.objects.values_list("code_insee", flat=True)) == {
        c["properties"]["code_insee"] for c in communes
    }
    assert all(code.startswith("62") for code in Commune.objects.values_list("code_insee", flat=True))
    population = sum(Commune.objects.values_list("population", flat=True))
    assert population == sum(c["properties"]["population"] for c in communes) == 292009


def test_bethune_porte_son_code_insee_son_code_postal_son_epci_et_sa_mairie(plan_charge):
    bethune = Commune.objects.get(code_insee="62119")
    assert bethune.nom == "Béthune"
    assert bethune.codes_postaux == ["62400"]
    assert bethune.epci_nom == "CA de Béthune-Bruay, Artois-Lys Romane"
    assert (bethune.latitude, bethune.longitude) == (Decimal("50.53049"), Decimal("2.63825"))
    assert bethune.contour["type"] in {"Polygon", "MultiPolygon"}


def test_la_source_des_communes_est_citee_dans_le_readme_des_fixtures():
    source = json.loads(GEOJSON.read_text(encoding="utf-8"))["source"]
    assert source.startswith(
        "Communes, codes postaux, population, EPCI : Code officiel géographique 2026 (INSEE)"
    )
    assert source in (GEOJSON.parent / "README.md").read_text(encoding="utf-8")


def test_le_fichier_des_communes_est_celui_des_donnees_partagees():
    partage = Path(settings.BASE_DIR).parent / "shared" / "data" / GEOJSON.name
    if partage.exists():
        assert partage.read_bytes() == GEOJSON.read_bytes()
    assert len(json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]) == 104


def test_le_siege_est_l_antenne_du_121a_boulevard_des_etats_unis_a_bethune(plan_charge):
    siege = Antenne.objects.get(est_siege=True)
    assert siege.adresse == "121A boulevard des États-Unis"
    assert siege.commune.code_insee == "62119"
    assert siege.nom == "Béthune (siège)"
    assert Organisation.objects.get().siege_adresse == siege.adresse


def test_il_ne_peut_y_avoir_qu_un_siege(plan_charge):
    with pytest.raises(IntegrityError), transaction.atomic():
        AntenneFactory(est_siege=True)
    AntenneFactory(est_siege=False)
    assert Antenne.objects.filter(est_siege=True).count() == 1


def test_une_permanence_ne_figure_qu_une_fois_par_lieu_et_par_commune(db):
    commune = CommuneFactory()
    PermanenceFactory(lieu="Maison France services", commune=commune)
    with pytest.raises(IntegrityError), transaction.atomic():
        PermanenceFactory(lieu="Maison France services", commune=commune)
    PermanenceFactory(lieu="Maison France services", commune=CommuneFactory())


def test_la_page_du_territoire_liste_les_104_communes_et_cite_sa_source(equipe):
    reponse = equipe.get("/territoire/")
    page = main(reponse)
    lignes = page.un("table", id_="table-communes").un("tbody").tous("tr")
    assert len(lignes) == 104
    assert lignes[0].un("th").texte() == Commune.objects.order_by("nom").first().nom
    bethune = next(ligne for ligne in lignes if ligne.un("th").texte() == "Béthune")
    assert [td.texte() for td in bethune.tous("td")][:2] == ["62119", "62400"]
    assert "Code officiel géographique 2026 (INSEE)" in page.texte()
    assert "104 communes de l'arrondissement de Béthune, 292 009 habitants" in page.texte()
    assert "292\xa0009" in reponse.text


def test_la_page_du_territoire_presente_la_mission_locale_en_chiffres(equipe):
    reponse = equipe.get("/territoire/")
    page = main(reponse)
    section = page.un("section", **{"aria-labelledby": "titre-chiffres"})
    assert section.un("h2").texte() == "La Mission Locale en chiffres"
    texte = section.texte()
    for fait in [
        "Créée le 14 octobre 1982",
        "121A boulevard des États-Unis, Béthune",
        "104 communes, 295 000 habitants",
        "28 quartiers prioritaires de la politique de la ville (QPV) sur 19 communes",
        "10 antennes et 36 permanences",
        "1 antenne sur 10, 0 permanence sur 36",
        "72 salariés (2025), soit 70,66 équivalents temps plein",
        "495 partenaires",
        "Conseil d'administration de 39 membres, bureau de 8 membres",
    ]:
        assert fait in texte
    # French number formats: a no-break space groups thousands, but a year is not a number to group.
    assert "295\xa0000 habitants" in reponse.text
    assert "(2025)" in reponse.text


def test_les_chiffres_de_la_page_viennent_de_la_base(equipe):
    Organisation.objects.update(nb_salaries=75, annee_effectifs=2026, etp=Decimal("71.5"), nb_partenaires=510)
    PermanenceFactory.create_batch(2, antenne=Antenne.objects.get(est_siege=True))
    texte = main(equipe.get("/territoire/")).un("section", **{"aria-labelledby": "titre-chiffres"}).texte()
    assert "75 salariés (2026), soit 71,50 équivalents temps plein" in texte
    assert "510 partenaires" in texte
    assert "1 antenne sur 10, 2 permanences sur 36" in texte


def test_sans_donnees_de_reference_la_page_du_territoire_reste_lisible(client_de, compte_equipe):
    reponse = client_de(compte_equipe).get("/territoire/")
    assert reponse.status_code == 200
    texte = main(reponse).texte()
    assert "La Mission Locale en chiffres" not in texte
    assert "Aucune antenne n'est encore enregistrée." in texte


def test_les_permanences_d_une_antenne_sont_listees_sur_sa_page(equipe):
    siege = Antenne.objects.get(est_siege=True)
    permanence = PermanenceFactory(
        lieu="Mairie de Beuvry",
        commune=Commune.objects.get(nom="Beuvry"),
        antenne=siege,
        jours_horaires="Tu[2] 14:00-17:00",
    )
    ligne = main(equipe.get(f"/antennes/{siege.pk}/")).un("li", id_=f"permanence-{permanence.pk}")
    assert "Mairie de Beuvry (Beuvry)" in ligne.texte()
    assert "le 2e mardi du mois, 14 h – 17 h" in ligne.texte()
