"""The plan's pages: the axes and fiches, one fiche, the enjeux grid and the values."""

from collections import Counter
from datetime import date

import pytest

from plan.models import Enjeu, Etape, FicheAction, Valeur

from . import seed
from .html import lire, main

CODES = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]


@pytest.fixture
def equipe(plan_charge, client_de, compte_equipe):
    return client_de(compte_equipe)


def test_la_page_du_plan_presente_les_4_axes_avec_leur_titre(equipe):
    page = main(equipe.get("/plan/"))
    titres = [h.texte() for h in page.tous("h2") if h.texte().startswith("Axe ")]
    assert titres == [f"Axe {n} : {titre}" for n, titre in seed.titres_des_axes().items()]


def test_le_titre_de_la_page_du_plan_ecrit_les_annees_sans_separateur(equipe):
    titre = lire(equipe.get("/plan/")).un("title").texte()
    assert titre.startswith("Plan stratégique 2024-2029 · ")


def test_la_page_du_plan_liste_les_11_fiches_dans_l_ordre(equipe):
    page = main(equipe.get("/plan/"))
    liens = [a for a in page.tous("a") if a.attrs.get("href", "").startswith("/plan/fiches/")]
    assert [a.attrs["href"] for a in liens] == [f"/plan/fiches/{code}/" for code in CODES]
    for lien, fiche in zip(liens, FicheAction.objects.order_by("axe__numero", "numero"), strict=True):
        assert lien.texte() == f"Fiche {fiche.code} : {fiche.titre}"


@pytest.mark.parametrize("code", CODES)
def test_chaque_fiche_du_plan_porte_ses_enjeux_en_badges(equipe, code):
    page = main(equipe.get("/plan/"))
    lien = page.un("a", href=f"/plan/fiches/{code}/")
    badges = [b.texte() for b in lien.ancetre("li").tous(classe="badge-enjeu")]
    attendus = list(
        FicheAction.objects.get(code=code).enjeux.order_by("ordre").values_list("libelle", flat=True)
    )
    assert badges == attendus
    assert set(badges) == set(dict(zip(CODES, seed.fiches(), strict=True))[code]["enjeux_coches"])


def test_une_fiche_sans_pilote_ni_co_pilote_s_affiche(equipe):
    # The loaded plan has no pilote yet: every fiche page must open as it is.
    assert FicheAction.objects.filter(pilote=None).count() == 11
    reponse = equipe.get("/plan/fiches/1.1/")
    assert reponse.status_code == 200
    assert "Non désigné" in main(reponse).texte()


def test_la_fiche_1_2_presente_ses_objectifs_et_ses_etapes(equipe):
    reponse = equipe.get("/plan/fiches/1.2/")
    assert reponse.status_code == 200
    page = main(reponse)
    assert page.un("h1").texte() == "Fiche-action 1.2 : Déploiement ciblé des services dans les antennes"
    objectifs = [li.texte() for li in page.un("section", **{"aria-labelledby": "titre-objectifs"}).tous("li")]
    assert objectifs == [
        "Renforcer l'accessibilité des services en renforçant leur présence sur les antennes.",
        "Assurer une égalité de traitement en harmonisant l'offre de services sur l'ensemble du territoire.",
        "Identifier des référents et structurer les permanences thématiques.",
    ]
    etapes = page.un("section", **{"aria-labelledby": "titre-etapes"}).un("ol").directs("li")
    attendues = Etape.objects.filter(fiche__code="1.2", parent=None).order_by("ordre")
    assert len(etapes) == 3
    for lue, etape in zip(etapes, attendues, strict=True):
        assert etape.texte in lue.texte()
    assert "Déployer une offre de services homogène sur toutes les antennes." in etapes[0].texte()


def test_la_fiche_montre_ses_enjeux_coches_et_non_coches(equipe):
    texte = main(equipe.get("/plan/fiches/1.2/")).texte()
    assert "Accompagner sur le plan professionnel (coché)" in texte
    assert "Accompagner sur le plan global, lever les freins (coché)" in texte
    assert "Repérer mobiliser (non coché)" in texte
    assert texte.count("(non coché)") == 4


def test_la_fiche_2_1_imbrique_les_3_sous_etapes_du_programme(equipe):
    page = main(equipe.get("/plan/fiches/2.1/"))
    etapes = page.un("section", **{"aria-labelledby": "titre-etapes"}).tous("ol")[0].directs("li")
    assert len(etapes) == 6
    programme = etapes[4]
    assert "Le programme" in programme.texte()
    sous_etapes = [li.texte() for li in programme.un("ol").directs("li")]
    attendues = Etape.objects.get(fiche__code="2.1", libelle="Le programme").sous_etapes.order_by("ordre")
    assert len(sous_etapes) == 3
    for lue, sous_etape in zip(sous_etapes, attendues, strict=True):
        assert sous_etape.texte in lue
    assert "Interventions des ambassadeurs lors de réunions, forums et événements." in sous_etapes[0]


@pytest.mark.parametrize("url", ["/plan/fiches/9.9/", "/plan/fiches/1.12/", "/plan/fiches/fiche/"])
def test_une_fiche_inconnue_repond_404(equipe, url):
    assert equipe.get(url).status_code == 404


def test_les_dates_de_la_fiche_s_ecrivent_en_francais(equipe):
    FicheAction.objects.filter(code="1.3").update(
        date_debut=date(2025, 2, 3), date_echeance=date(2026, 11, 26)
    )
    texte = main(equipe.get("/plan/fiches/1.3/")).texte()
    assert "3 février 2025" in texte
    assert "26 novembre 2026" in texte


def test_la_grille_des_enjeux_croise_les_11_fiches_et_les_6_enjeux_comme_le_projet(equipe):
    page = main(equipe.get("/plan/enjeux/"))
    tableau = page.un("table")
    entetes = [th.texte() for th in tableau.un("thead").tous("th")]
    assert entetes[1:] == list(Enjeu.objects.values_list("libelle", flat=True))
    lignes = tableau.un("tbody").tous("tr")
    assert len(lignes) == 11
    for ligne, code, fiche_du_projet in zip(lignes, CODES, seed.fiches(), strict=True):
        assert ligne.un("th").texte().startswith(code + " ")
        coches = [entetes[i + 1] for i, td in enumerate(ligne.tous("td")) if td.texte() == "✔ Oui"]
        assert coches == fiche_du_projet["enjeux_coches"]
        assert all(td.texte() in {"✔ Oui", "Non"} for td in ligne.tous("td"))


def test_la_grille_compte_les_fiches_de_chaque_enjeu(equipe):
    page = main(equipe.get("/plan/enjeux/"))
    tableau = page.un("table")
    entetes = [th.texte() for th in tableau.un("thead").tous("th")][1:]
    comptes = dict(zip(entetes, (int(td.texte()) for td in tableau.un("tfoot").tous("td")), strict=True))
    du_projet = Counter(libelle for f in seed.fiches() for libelle in f["enjeux_coches"])
    assert comptes == du_projet
    assert comptes == {
        "Repérer mobiliser": 2,
        "Accueillir, informer": 9,
        "Orienter": 3,
        "Accompagner sur le plan professionnel": 4,
        "Accompagner sur le plan global, lever les freins": 4,
        "Accompagner les entreprises dans leur recrutement": 3,
    }


def test_la_page_des_valeurs_presente_les_10_valeurs_et_leurs_pratiques(equipe):
    page = main(equipe.get("/valeurs/"))
    titres = page.un("section", **{"aria-labelledby": "titre-liste-valeurs"}).tous("h3")
    assert [h.texte() for h in titres] == list(seed.valeurs())
    for titre in titres:
        pratiques = [li.texte() for li in titre.parent.tous("li")]
        assert pratiques == seed.valeurs()[titre.texte()]
    assert "10 valeurs principales" in page.texte()
    assert Valeur.objects.count() == 10


def test_la_sante_de_chaque_fiche_est_ecrite_et_pas_seulement_coloree(equipe):
    FicheAction.objects.filter(code="1.4").update(
        date_debut=date(2024, 1, 1), date_echeance=date(2024, 12, 31)
    )
    page = main(equipe.get("/plan/"))
    badge = next(
        b
        for b in page.un("a", href="/plan/fiches/1.4/").ancetre("li").tous("span")
        if "sante-en_retard" in b.classes
    )
    assert badge.texte() == "À venir · 0 % · En retard"
    autre = page.un("a", href="/plan/fiches/1.1/").ancetre("li")
    assert "Non planifiée" in [b.texte().rsplit(" · ", 1)[-1] for b in autre.tous("span", classe="badge")]
