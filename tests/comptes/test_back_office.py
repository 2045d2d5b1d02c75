"""The back-office in French: the history of a model, people chosen and searched by their full name."""

import re

import pytest

from comptes.models import Utilisateur
from mission_locale.formats import date_longue
from plan.models import Axe
from tests.plan.html import main


@pytest.fixture
def admin_client_connecte(plan_charge, compte_admin, client_de):
    return client_de(compte_admin)


def test_l_historique_d_un_objet_est_en_francais_au_format_du_site(admin_client_connecte, compte_admin):
    axe = Axe.objects.order_by("numero").first()
    admin_client_connecte.post(f"/admin/plan/axe/{axe.pk}/change/", {"resume_simple": "Un résumé simple"})
    reponse = admin_client_connecte.get(f"/admin/plan/axe/{axe.pk}/history/")
    assert reponse.status_code == 200
    page = main(reponse)
    entetes = [th.texte() for th in page.un("table").tous("th")]
    assert entetes == ["Version", "Date", "Opération", "Par", "Motif", "Modifications"]
    derniere = page.un("tbody").tous("tr")[0]
    cellules = [td.texte() for td in derniere.tous("td")]
    version = axe.history.order_by("-history_date").first()
    assert cellules[1] == date_longue(version.history_date)
    assert re.search(r" à \d{1,2} h \d{2}$", cellules[1])
    assert cellules[2:5] == ["Modifié", compte_admin.nom_affiche, "—"]
    assert cellules[5] == "Résumé en langage simple : (vide) → Un résumé simple"
    texte = page.texte()
    for anglais in ("Changes", "None", "entries", "Date/time"):
        assert anglais not in texte
    assert "style=" not in reponse.text.split('id="change-history"')[1]


def test_une_version_d_un_objet_en_lecture_seule_se_consulte_en_francais(admin_client_connecte):
    axe = Axe.objects.order_by("numero").first()
    version = axe.history.first()
    reponse = admin_client_connecte.get(f"/admin/plan/axe/{axe.pk}/history/{version.history_id}/")
    assert reponse.status_code == 200
    assert "Revert" not in reponse.text and "History" not in main(reponse).texte()


def test_les_personnes_se_cherchent_par_prenom_ou_nom_dans_le_back_office(admin_client_connecte):
    Utilisateur.objects.create_user("jdupont", first_name="Jeanne", last_name="Dupont-Évin")
    Utilisateur.objects.create_user("mmartin", first_name="Marc", last_name="Martin")
    for recherche in ("Jeanne", "dupont", "Jeanne Dupont"):
        page = main(admin_client_connecte.get("/admin/comptes/utilisateur/", {"q": recherche}))
        noms = [td.texte() for td in page.tous("td", classe="field-nom_affiche")]
        assert noms == ["Jeanne Dupont-Évin"], recherche


def test_l_autocompletion_des_personnes_montre_et_cherche_le_nom_complet(admin_client_connecte):
    jeanne = Utilisateur.objects.create_user("jdupont", first_name="Jeanne", last_name="Dupont")
    reponse = admin_client_connecte.get(
        "/admin/autocomplete/",
        {
            "term": "jeanne dup",
            "app_label": "antennes",
            "model_name": "membreequipe",
            "field_name": "utilisateur",
        },
    )
    assert reponse.status_code == 200
    assert reponse.json()["results"] == [{"id": str(jeanne.pk), "text": "Jeanne Dupont"}]
