"""Shared procedures (fiche 1.4): versions, deployment per antenne, the coverage matrix and the young
people's satisfaction survey against the 2024 diagnostic."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from antennes.models import (
    Antenne,
    DeploiementProcedure,
    EnqueteSatisfaction,
    Procedure,
    VersionProcedure,
)
from suivi.indicateurs import REGISTRE
from tests.plan.html import main

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def accueil_physique(plan_charge):
    procedure = Procedure.objects.create(titre="Accueil physique d'un jeune")
    VersionProcedure.objects.create(procedure=procedure, numero=1, date=date(2025, 9, 1))
    return procedure


def test_la_direction_publie_une_version_avec_son_document_verifie(
    accueil_physique, client_de, compte_direction
):
    client = client_de(compte_direction)
    url = f"/antennes/procedures/{accueil_physique.pk}/versions/nouvelle/"
    assert 'value="2"' in client.get(url).text
    faux = SimpleUploadedFile("procedure.pdf", b"MZ\x90\x00 executable")
    reponse = client.post(url, {"numero": 2, "date": "2026-02-01", "fichier": faux})
    assert "ne correspond pas à son extension" in main(reponse).un(id_="error_1_id_fichier").texte()
    reponse = client.post(url, {"numero": 1, "date": "2026-02-01"})
    assert "déjà une version portant ce numéro" in main(reponse).texte()
    reponse = client.post(
        url, {"numero": 2, "date": "2026-02-01", "fichier": SimpleUploadedFile("procedure.pdf", PDF)}
    )
    assert reponse.url == f"/antennes/procedures/{accueil_physique.pk}/"
    version = VersionProcedure.objects.get(numero=2)
    document = client.get(f"/antennes/procedures/versions/{version.pk}/document/")
    assert document["Content-Disposition"].startswith("attachment")


def test_le_responsable_deploie_dans_son_antenne_et_la_matrice_suit(
    accueil_physique, bruay, responsable, client_de, compte_ca
):
    siege = Antenne.objects.get(est_siege=True)
    v1 = accueil_physique.versions.get()
    url = f"/antennes/procedures/{accueil_physique.pk}/deployer/"
    donnees = {"version": v1.pk, "antenne": siege.pk, "date": "2026-01-15", "personnes_formees": 6}
    reponse = responsable.post(url, donnees)
    assert "Sélectionnez un choix valide" in main(reponse).un(id_="error_1_id_antenne").texte()
    assert responsable.post(url, donnees | {"antenne": bruay.pk}).status_code == 302
    lecteur = client_de(compte_ca)

    def cases():
        page = main(lecteur.get("/antennes/procedures/"))
        ligne = page.un("table").un("tbody").un("tr")
        return [re.split(r" v\d", td.texte())[0] for td in ligne.tous("td")]

    assert cases() == ["Non déployée", "À jour"]
    VersionProcedure.objects.create(procedure=accueil_physique, numero=2, date=date(2026, 3, 1))
    assert cases() == ["Non déployée", "Ancienne version"]
    assert lecteur.post(url, donnees).status_code == 403
    fiche = main(lecteur.get(f"/antennes/{bruay.pk}/")).un(
        "section", **{"aria-labelledby": "titre-procedures"}
    )
    assert (
        "Accueil physique d'un jeune : version 1, déployée le 15 janvier 2026, 6 personnes formées"
        in fiche.texte()
    )


def test_la_part_des_procedures_a_jour_de_la_fiche_1_4_bouge(accueil_physique, bruay):
    calcul = REGISTRE["procedures-deployees-a-jour"]
    assert calcul.fiche == "1.4"
    assert calcul.calculer(timezone.localdate()) == Decimal("0.00")
    DeploiementProcedure.objects.create(
        version=accueil_physique.versions.get(), antenne=bruay, date=date(2026, 1, 15), personnes_formees=4
    )
    assert calcul.calculer(timezone.localdate()) == Decimal("50.00")


def test_les_resultats_de_l_enquete_se_comparent_au_diagnostic_de_2024(
    bruay, responsable, client_de, compte_direction
):
    reponse = responsable.post(
        "/antennes/procedures/enquete/",
        {"antenne": bruay.pk, "debut": "2026-01-01", "fin": "2025-06-30", "reponses": 40, "satisfaits": 50},
    )
    texte = main(reponse).texte()
    assert "Le début de la période doit précéder sa fin." in texte
    assert not EnqueteSatisfaction.objects.exists()
    reponse = responsable.post(
        "/antennes/procedures/enquete/",
        {"antenne": bruay.pk, "debut": "2026-01-01", "fin": "2026-06-30", "reponses": 40, "satisfaits": 50},
    )
    assert "plus de jeunes satisfaits que de réponses" in main(reponse).texte()
    reponse = responsable.post(
        "/antennes/procedures/enquete/",
        {"debut": "2026-01-01", "fin": "2026-06-30", "reponses": 40, "satisfaits": 30},
    )
    assert "Ce champ est obligatoire" in main(reponse).un(id_="error_1_id_antenne").texte()
    responsable.post(
        "/antennes/procedures/enquete/",
        {"antenne": bruay.pk, "debut": "2026-01-01", "fin": "2026-06-30", "reponses": 40, "satisfaits": 30},
    )
    client_de(compte_direction).post(
        "/antennes/procedures/enquete/",
        {"debut": "2026-01-01", "fin": "2026-06-30", "reponses": 400, "satisfaits": 340},
    )
    section = main(responsable.get("/antennes/procedures/")).un(
        "section", **{"aria-labelledby": "titre-enquete"}
    )
    assert "le diagnostic de 2024 a recueilli 392 réponses" in section.texte()
    lignes = [tr.texte() for tr in section.un("tbody").tous("tr")]
    assert any(ligne.startswith("Antenne de Bruay") and ligne.endswith("40 75 %") for ligne in lignes)
    assert any(ligne.startswith("Toute la Mission Locale") and ligne.endswith("400 85 %") for ligne in lignes)


def test_la_matrice_de_couverture_se_lit_par_pages_de_procedures(plan_charge, client_de, compte_equipe):
    """At twenty times the volumes the matrix has tens of thousands of cells: it is shown fifteen
    procedures at a time, while the share at the top of the page counts them all."""
    from tests.factories import VersionProcedureFactory

    for rang in range(17):
        VersionProcedureFactory(procedure__titre=f"Procédure {rang:02d}", numero=1)
    client = client_de(compte_equipe)
    premiere = client.get("/antennes/procedures/").text
    assert len(re.findall(r"Procédure \d\d</a> \(v1\)", premiere)) == 15
    assert "Page 1 sur 2 (17 procédures)" in premiere
    assert "0 %</strong> des procédures sont déployées" in premiere
    seconde = client.get("/antennes/procedures/", {"page": "2"}).text
    assert len(re.findall(r"Procédure \d\d</a> \(v1\)", seconde)) == 2
    assert client.get("/antennes/procedures/", {"page": "n'importe quoi"}).status_code == 200
