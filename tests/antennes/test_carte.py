"""The territory map (fiche 1.1): 104 communes drawn on the server, markers, legend and a table
alternative; the communes far from any point of contact; a what-if that saves nothing."""

import re

import pytest

from antennes.models import Antenne, Commune, JeunesSuivis, Permanence
from tests.factories import PermanenceFactory
from tests.plan.html import main


@pytest.fixture
def equipe(plan_charge, client_de, compte_equipe):
    return client_de(compte_equipe)


def test_la_carte_dessine_les_104_communes_en_svg_accessible(equipe):
    siege = Antenne.objects.get(est_siege=True)
    PermanenceFactory(lieu="Mairie de Lillers", commune=Commune.objects.get(nom="Lillers"), antenne=siege)
    page = main(equipe.get("/territoire/"))
    svg = page.un("svg", role="img")
    titre_id, desc_id = svg.attrs["aria-labelledby"].split()
    assert "104 communes de l'arrondissement de Béthune" in svg.un("title", id_=titre_id).texte()
    description = svg.un("desc", id_=desc_id).texte()
    assert "1 antennes (carrés) et 1 permanences (ronds)" in description
    assert "Le tableau qui suit la carte en donne les chiffres" in description
    communes = svg.un("g", classe="carte-communes").directs("path")
    assert len(communes) == 104
    assert {c.un("title").texte() for c in communes} == set(Commune.objects.values_list("nom", flat=True))
    points = svg.un("g", classe="carte-points")
    assert [t.texte() for t in points.tous("title")] == [
        "Siège : Béthune (siège)",
        "Permanence : Mairie de Lillers (Lillers)",
    ]
    # Nothing fetched from outside: no tile, no script, no external image.
    assert "http" not in " ".join(e.attrs.get("href", "") for e in svg.tous()) + str(svg.tous("image"))
    legende = page.un("figcaption").texte()
    assert "Population (INSEE)" in legende and "10 000 habitants et plus" in legende


def test_le_tableau_alternatif_donne_pour_chaque_commune_la_distance_approximative(equipe):
    lignes = main(equipe.get("/territoire/")).un("table", id_="table-communes").un("tbody").tous("tr")
    assert len(lignes) == 104
    bethune = next(ligne for ligne in lignes if ligne.un("th").texte() == "Béthune")
    cellules = [td.texte() for td in bethune.tous("td")]
    assert cellules[-2:] == ["Béthune (siège)", "0,0 km"]


@pytest.mark.parametrize(
    ("mesure", "legende"),
    [
        ("distance", "20 km et plus"),
        ("qpv", "QPV signalé"),
        ("jeunes", "Non renseigné"),
        ("inconnue", "10 000 habitants et plus"),
    ],
)
def test_la_mesure_choisie_colore_les_communes(equipe, mesure, legende):
    page = main(equipe.get(f"/territoire/?mesure={mesure}"))
    assert legende in page.un("figcaption").texte()


def test_les_jeunes_suivis_colorent_la_carte_par_classes(equipe):
    for n, commune in enumerate(Commune.objects.all()):
        JeunesSuivis.objects.create(commune=commune, annee=2025, nombre=n)
    legende = main(equipe.get("/territoire/?mesure=jeunes")).un("figcaption").texte()
    assert "moins de 20 jeunes" in legende and "83 jeunes et plus" in legende
    assert "Non renseigné" not in legende


def test_la_cartographie_des_besoins_classe_les_communes_eloignees(equipe):
    JeunesSuivis.objects.create(commune=Commune.objects.get(nom="Isbergues"), annee=2025, nombre=400)
    page = main(equipe.get("/territoire/?rayon=15&tri=jeunes"))
    section = page.un("section", **{"aria-labelledby": "titre-besoins"})
    assert "communes à plus de 15 km" in section.un("h2").texte()
    lignes = section.un("tbody").tous("tr")
    assert lignes[0].un("th").texte() == "Isbergues"
    par_population = main(equipe.get("/territoire/?rayon=15")).un(
        "section", **{"aria-labelledby": "titre-besoins"}
    )
    populations = [
        int(re.sub(r"\D", "", tr.tous("td")[0].texte())) for tr in par_population.un("tbody").tous("tr")
    ]
    assert populations == sorted(populations, reverse=True)


def test_un_rayon_hors_bornes_revient_a_10_km_sans_erreur(equipe):
    reponse = equipe.get("/territoire/?rayon=5000&mesure=distance")
    assert reponse.status_code == 200
    page = main(reponse)
    assert "La distance de 10 km est utilisée" in page.texte()
    assert "Distance au lieu d'accueil" in page.un("figcaption").texte()


def test_la_simulation_d_une_permanence_change_les_chiffres_sans_rien_enregistrer(equipe):
    avant = main(equipe.get("/territoire/")).un("section", **{"aria-labelledby": "titre-besoins"})
    lointaine = avant.un("tbody").tous("tr")[0].un("th").texte()
    commune = Commune.objects.get(nom=lointaine)
    nombres = (Permanence.objects.count(), Antenne.objects.count())
    page = main(equipe.get(f"/territoire/?simulation={commune.pk}"))
    section = page.un("section", **{"aria-labelledby": "titre-simulation"})
    assert f"une permanence à {lointaine}" in section.texte()
    communes = section.un("tbody").tous("tr")[0].tous("td")
    assert int(communes[1].texte().split()[0]) > int(communes[0].texte().split()[0])
    assert lointaine in section.texte().split("Communes nouvellement couvertes :")[1]
    assert "Permanence envisagée" in page.un("figcaption").texte()
    assert (Permanence.objects.count(), Antenne.objects.count()) == nombres


def test_l_equipe_saisit_les_jeunes_suivis_et_les_qpv_et_le_conseil_les_lit(
    plan_charge, client_de, compte_equipe, compte_ca
):
    client = client_de(compte_equipe)
    lillers = Commune.objects.get(nom="Lillers")
    client.post(
        "/territoire/communes/", {"jeunes-commune": lillers.pk, "jeunes-annee": 2025, "jeunes-nombre": 120}
    )
    client.post(
        "/territoire/communes/", {"jeunes-commune": lillers.pk, "jeunes-annee": 2025, "jeunes-nombre": 130}
    )
    assert list(JeunesSuivis.objects.values_list("nombre", flat=True)) == [130]
    reponse = client.post(
        "/territoire/communes/", {"jeunes-commune": lillers.pk, "jeunes-annee": 1990, "jeunes-nombre": -3}
    )
    page = main(reponse)
    assert "supérieure ou égale à 2000" in page.un(id_="error_1_id_jeunes-annee").texte()
    assert "supérieure ou égale à 0" in page.un(id_="error_1_id_jeunes-nombre").texte()
    bruay = Commune.objects.get(nom="Bruay-la-Buissière")
    client.post("/territoire/communes/", {"formulaire": "qpv", "qpv-communes": [lillers.pk, bruay.pk]})
    assert set(Commune.objects.filter(a_un_qpv=True)) == {lillers, bruay}
    client.post("/territoire/communes/", {"formulaire": "qpv", "qpv-communes": [bruay.pk]})
    assert set(Commune.objects.filter(a_un_qpv=True)) == {bruay}
    lecteur = client_de(compte_ca)
    assert lecteur.post("/territoire/communes/", {"formulaire": "qpv", "qpv-communes": []}).status_code == 403
    assert "Bruay-la-Buissière" in main(lecteur.get("/territoire/communes/")).texte()
    assert "2 communes signalées" not in main(lecteur.get("/territoire/")).texte()
    assert "1 commune signalée dans l'application" in main(lecteur.get("/territoire/")).texte()


def test_le_rapport_au_conseil_montre_la_carte_quand_la_fiche_1_1_y_figure(activite, client_de, compte_ca):
    reponse = client_de(compte_ca).get(f"/instances/{activite['prochaine_instance'].pk}/rapport/")
    page = main(reponse)
    carte = page.un("div", classe="carte-rapport")
    assert "Fiche 1.1 : la couverture du territoire" in carte.texte()
    assert len(carte.un("g", classe="carte-communes").directs("path")) == 104
    assert "Distance au lieu d'accueil le plus proche" in carte.un("figcaption").texte()


def test_un_fichier_de_jeunes_suivis_s_importe_en_entier_ou_pas_du_tout(
    plan_charge, client_de, compte_equipe
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_de(compte_equipe)
    lillers = Commune.objects.get(nom="Lillers")
    JeunesSuivis.objects.create(commune=lillers, annee=2025, nombre=10)

    def importer(contenu):
        fichier = SimpleUploadedFile("jeunes.csv", contenu.encode("utf-8-sig"))
        return client.post("/territoire/communes/", {"formulaire": "import", "import-fichier": fichier})

    reponse = importer("code_insee;annee;nombre\n62516;2025;140\n99999;2025;3\n62516;1990;4\n62119;2025;-2\n")
    assert "Ligne 3" in main(reponse).un(id_="error_1_id_import-fichier").texte()
    erreurs = main(reponse).texte()
    assert "Ligne 3 : aucune commune de l'arrondissement n'a le code INSEE « 99999 »" in erreurs
    assert "Ligne 4 : l'année « 1990 » doit être comprise entre 2000 et 2100" in erreurs
    assert "Ligne 5 : « -2 » n'est pas un nombre de jeunes" in erreurs
    assert JeunesSuivis.objects.get(commune=lillers).nombre == 10
    reponse = importer("Code_INSEE,Annee,Nombre\n62516,2025,140\n62119,2025,900\n62119,2024,850\n")
    assert reponse.status_code == 302
    assert JeunesSuivis.objects.get(commune=lillers, annee=2025).nombre == 140
    assert JeunesSuivis.objects.count() == 3
