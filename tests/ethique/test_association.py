"""The association's page: the statutes, the governance and the key figures as the adopted plan
gives them, and the year's meetings checked against the statutes' minimums."""

from datetime import timedelta

from django.utils import timezone

from conseil.models import Instance
from tests.plan import seed
from tests.plan.html import main

from .donnees import conseil


def test_la_page_reprend_les_statuts_la_gouvernance_et_les_chiffres_du_projet(comptes_par_role, client_de):
    page = main(client_de(comptes_par_role["equipe"]).get("/association/"))
    projet = seed.normaliser(seed.texte())

    statuts = page.un("section", **{"aria-labelledby": "titre-statuts"})
    objet = statuts.un("blockquote").texte().strip("« »")
    assert objet.startswith("L'Association a pour objet d'aider les jeunes de 16 et plus")
    assert seed.normaliser(objet) in projet
    buts = [li.texte() for li in statuts.tous("li")]
    assert len(buts) == 6 and all(seed.normaliser(f"- {b}") in projet for b in buts)
    assert "Statuts mis à jour le 11 juin 2024." in statuts.texte()  # « mis à jour [...] le 11 juin 2024 »

    gouvernance = page.un("section", **{"aria-labelledby": "titre-gouvernance"}).texte()
    assert "Présidente Nadine LEFEBVRE" in gouvernance and "Directrice Béatrice BRUNEL" in gouvernance
    assert "39 membres" in gouvernance and "8 membres" in gouvernance
    for college in [
        "Le membre de droit",
        "Collège des collectivités territoriales et établissements publics de coopération "
        "intercommunale (EPCI)",
        "Collège des administrations et des services publics",
        "Collège des partenaires socio-économiques, associatifs et organismes de formation",
    ]:
        assert college in gouvernance and college in projet

    chiffres = page.un("section", **{"aria-labelledby": "titre-chiffres"}).texte()
    assert "104 communes, 295 000 habitants" in chiffres.replace("\u202f", " ").replace("\xa0", " ")
    assert "28 quartiers prioritaires" in chiffres and "10 antennes et 36 permanences" in chiffres
    assert "72 salariés (2025), soit 70,66 équivalents temps plein" in chiffres
    assert "495 partenaires" in chiffres
    assert "Association créée le 14 octobre 1982" in page.texte()


def test_les_reunions_de_l_annee_sont_comparees_aux_minimums_des_statuts(comptes_par_role, client_de):
    aujourdhui = timezone.localdate()
    debut = aujourdhui.replace(month=1, day=1)
    conseil(debut + timedelta(days=1), tenu=True)
    conseil(debut - timedelta(days=30), tenu=True)  # last year: does not count
    client = client_de(comptes_par_role["ca"])

    section = main(client.get("/association/")).un("section", **{"aria-labelledby": "titre-reunions"})
    lignes = {r.un("th").texte(): [td.texte() for td in r.tous("td")] for r in section.un("tbody").tous("tr")}
    assert lignes["Conseil d'administration"] == ["2", "1", "0", "Il en manque 1"]
    assert lignes["Bureau"] == ["3", "0", "0", "Il en manque 3"]
    assert lignes["Assemblée générale"] == ["1", "0", "0", "Il en manque 1"]
    assert "reste en deçà des statuts" in section.texte()

    # The calendar completed with planned meetings (the year's last days, so never in another year).
    fin = aujourdhui.replace(month=12, day=31)
    conseil(fin)
    for heure in (9, 10, 11):
        conseil(fin, type_=Instance.Type.BUREAU, heure=heure)
    conseil(fin, type_=Instance.Type.AG)
    section = main(client.get("/association/")).un("section", **{"aria-labelledby": "titre-reunions"})
    assert "respecte les minimums des statuts" in section.texte()
