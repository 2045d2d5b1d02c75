"""/plan/fiches/: the filterable, sortable list of fiches and its spreadsheet exports."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conseil.exports import neutraliser
from plan.models import Etape, FicheAction, Meteo, Sante
from tests.factories import (
    AxeFactory,
    EnjeuFactory,
    EntreeJournalFactory,
    EtapeFactory,
    FicheActionFactory,
    IndicateurFactory,
    MesureFactory,
    PlanFactory,
    UserFactory,
)
from tests.plan.html import main

PLAFOND = 12


@pytest.fixture
def fiches(db):
    aujourdhui = timezone.localdate()
    plan = PlanFactory(annee_debut=aujourdhui.year - 1, annee_fin=aujourdhui.year + 3)
    axe_1, axe_2 = AxeFactory(plan=plan, numero=1), AxeFactory(plan=plan, numero=2)
    enjeu = EnjeuFactory(libelle="Repérer")
    paula = UserFactory(first_name="Paula", last_name="Pilote")
    retard = FicheActionFactory(
        axe=axe_1,
        numero=1,
        titre="Accueil des jeunes",
        pilote=paula,
        avancement=Decimal("12.50"),
        statut=FicheAction.Statut.EN_COURS,
        meteo=Meteo.ORAGE,
        date_debut=date(aujourdhui.year - 1, 1, 1),
        date_echeance=aujourdhui - timedelta(days=1),
    )
    retard.enjeux.set([enjeu])
    a_l_heure = FicheActionFactory(
        axe=axe_1,
        numero=2,
        titre='=HYPERLINK("http://exemple.invalid")',
        avancement=100,
        statut=FicheAction.Statut.REALISEE,
        meteo=Meteo.SOLEIL,
        date_debut=date(aujourdhui.year - 1, 1, 1),
        date_echeance=date(aujourdhui.year + 1, 6, 30),
    )
    sans_date = FicheActionFactory(axe=axe_2, numero=1, titre="Communication")
    return {
        "plan": plan,
        "retard": retard,
        "a_l_heure": a_l_heure,
        "sans_date": sans_date,
        "paula": paula,
        "enjeu": enjeu,
        "axe_2": axe_2,
    }


def codes(client, requete=""):
    reponse = client.get(f"/plan/fiches/{requete}")
    assert reponse.status_code == 200
    lignes = main(reponse).un("table", id_="liste-fiches").un("tbody").tous("tr")
    return [ligne.tous("td")[0].texte() for ligne in lignes if len(ligne.tous("td")) > 1]


def test_la_liste_montre_toutes_les_fiches_du_plan_avec_leur_sante(fiches, client_de, compte_ca):
    reponse = client_de(compte_ca).get("/plan/fiches/")
    table = main(reponse).un("table", id_="liste-fiches")

    assert [th.texte() for th in table.un("thead").tous("th")][:3] == [
        "Fiche , trier par ordre décroissant ▲",
        "Titre , trier par ordre croissant",
        "Axe , trier par ordre croissant",
    ]
    assert table.un("caption")
    assert codes(client_de(compte_ca)) == ["1.1", "1.2", "2.1"]
    assert "En retard" in table.texte() and "12,5 %" in table.texte()


@pytest.mark.parametrize(
    ("requete", "attendu"),
    [
        ("?statut=realisee", ["1.2"]),
        (f"?sante={Sante.EN_RETARD}", ["1.1"]),
        (f"?sante={Sante.NON_PLANIFIEE}", ["2.1"]),
        ("?meteo=orage", ["1.1"]),
        ("?meteo=aucune", ["2.1"]),
        ("?q=accueil", ["1.1"]),
    ],
)
def test_les_filtres_simples_restreignent_la_liste(fiches, client_de, compte_ca, requete, attendu):
    assert codes(client_de(compte_ca), requete) == attendu


def test_les_filtres_par_axe_enjeu_pilote_et_echeance(fiches, client_de, compte_ca):
    client = client_de(compte_ca)
    aujourdhui = timezone.localdate()

    assert codes(client, f"?axe={fiches['axe_2'].pk}") == ["2.1"]
    assert codes(client, f"?enjeu={fiches['enjeu'].pk}") == ["1.1"]
    assert codes(client, f"?pilote={fiches['paula'].pk}") == ["1.1"]
    assert codes(client, f"?echeance_apres={aujourdhui.isoformat()}") == ["1.2"]
    assert codes(client, f"?echeance_avant={aujourdhui.isoformat()}") == ["1.1"]
    assert codes(
        client, f"?echeance_apres={aujourdhui.year + 1}-01-01&echeance_avant={aujourdhui.year + 1}-12-31"
    ) == ["1.2"]


def test_un_filtre_invalide_est_signale_en_francais(fiches, client_de, compte_ca):
    reponse = client_de(compte_ca).get("/plan/fiches/?statut=nimporte")

    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_la_liste_se_trie_par_sante_puis_par_avancement(fiches, client_de, compte_ca):
    client = client_de(compte_ca)

    assert codes(client, "?sort=sante") == ["1.1", "2.1", "1.2"]  # late first, on time last
    assert codes(client, "?sort=-avancement") == ["1.2", "1.1", "2.1"]
    page = client.get("/plan/fiches/?sort=-avancement").content.decode()
    assert 'aria-sort="descending"' in page


def test_le_tri_par_pilote_suit_l_ordre_alphabetique_francais(fiches, client_de, compte_ca):
    # Byte order would put « Éluard » after « Pilote »: French order files it among the E's.
    fiches["a_l_heure"].pilote = UserFactory(first_name="Paul", last_name="Éluard")
    fiches["a_l_heure"].save()
    client = client_de(compte_ca)

    assert codes(client, "?sort=pilote") == ["1.2", "1.1", "2.1"]  # Éluard, Pilote, then nobody
    assert codes(client, "?sort=-pilote") == ["2.1", "1.1", "1.2"]


def test_la_liste_est_en_lecture_seule_pour_le_conseil(fiches, client_de, compte_ca):
    page = main(client_de(compte_ca).get("/plan/fiches/"))

    assert not [a for a in page.tous("a") if "modifier" in a.texte().lower()]


def lire_csv(reponse):
    contenu = reponse.getvalue()
    assert contenu.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))


def test_l_export_csv_s_ouvre_dans_un_tableur_francais(fiches, client_de, compte_ca):
    reponse = client_de(compte_ca).get("/plan/fiches/export/fiches.csv?statut=en_cours")

    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in reponse["Content-Disposition"] and ".csv" in reponse["Content-Disposition"]
    entetes, *lignes = lire_csv(reponse)
    assert entetes[:7] == ["Code", "Titre", "Axe", "Statut", "Santé", "Météo", "Avancement (%)"]
    assert len(lignes) == 1
    ligne = dict(zip(entetes, lignes[0], strict=True))
    assert ligne["Avancement (%)"] == "12,50"
    assert ligne["Échéance"] == f"{timezone.localdate() - timedelta(days=1):%d/%m/%Y}"
    assert ligne["Pilote"] == "Paula Pilote"
    assert ligne["Santé"] == "En retard"
    assert ligne["Enjeux"] == "Repérer"


def test_l_export_neutralise_les_formules_en_csv_et_en_xlsx(fiches, client_de, compte_ca):
    client = client_de(compte_ca)

    _, *lignes = lire_csv(client.get("/plan/fiches/export/fiches.csv?statut=realisee"))
    assert lignes[0][1] == '\'=HYPERLINK("http://exemple.invalid")'

    classeur = load_workbook(
        io.BytesIO(client.get("/plan/fiches/export/fiches.xlsx?statut=realisee").getvalue())
    )
    cellule = classeur.active["B2"]
    assert cellule.value == '\'=HYPERLINK("http://exemple.invalid")'
    assert cellule.data_type == "s"


@pytest.mark.parametrize("texte", ["=1+1", "+33 6", "-2", "@SOMME(A1)", "\tcaché", "\rretour"])
def test_un_texte_qui_commence_comme_une_formule_prend_une_apostrophe(texte):
    assert neutraliser(texte) == "'" + texte


def test_un_texte_ordinaire_reste_tel_quel():
    assert neutraliser("Accueil des jeunes - 2026") == "Accueil des jeunes - 2026"


def test_l_export_xlsx_garde_des_dates_et_des_nombres(fiches, client_de, compte_ca):
    reponse = client_de(compte_ca).get("/plan/fiches/export/fiches.xlsx")

    assert reponse["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    feuille = load_workbook(io.BytesIO(reponse.getvalue())).active
    entetes = [c.value for c in feuille[1]]
    assert entetes[:3] == ["Code", "Titre", "Axe"]
    lignes = {
        ligne[0]: dict(zip(entetes, ligne, strict=True))
        for ligne in feuille.iter_rows(min_row=2, values_only=True)
    }
    assert lignes["1.1"]["Avancement (%)"] == 12.5
    assert lignes["1.2"]["Échéance"].date() == date(timezone.localdate().year + 1, 6, 30)
    assert lignes["2.1"]["Échéance"] is None
    # No text, no cell: an empty text is left blank rather than written as an empty string.
    assert lignes["2.1"]["Décision attendue du conseil"] is None


def test_les_exports_des_etapes_du_journal_et_des_mesures(fiches, client_de, compte_ca):
    retard = fiches["retard"]
    parent = EtapeFactory(
        fiche=retard, ordre=1, libelle="Préparer", statut=Etape.Statut.EN_COURS, avancement=40
    )
    EtapeFactory(fiche=retard, parent=parent, ordre=1, texte="Sous-étape", date_echeance=date(2026, 3, 31))
    entree = EntreeJournalFactory(fiche=retard, commentaire="@cmd|' /C calc'!A0", a_presenter_au_conseil=True)
    entree.changements.create(champ="avancement", avant="10 %", apres="12,5 %")
    indicateur = IndicateurFactory(fiche=retard, libelle="Jeunes reçus", cible=200)
    MesureFactory(indicateur=indicateur, date=date(2026, 1, 31), valeur=50)
    client = client_de(compte_ca)

    entetes, *etapes = lire_csv(client.get("/plan/fiches/export/etapes.csv"))
    assert entetes == [
        "Fiche",
        "N° d'étape",
        "Étape",
        "Statut",
        "Avancement (%)",
        "Poids",
        "Responsable",
        "Échéance",
    ]
    assert [(e[0], e[1], e[2]) for e in etapes] == [("1.1", "1", "Préparer"), ("1.1", "1.1", "Sous-étape")]
    assert etapes[1][7] == "31/03/2026"

    entetes, *journal = lire_csv(client.get("/plan/fiches/export/journal.csv"))
    ligne = dict(zip(entetes, journal[0], strict=True))
    assert ligne["Commentaire"] == "'@cmd|' /C calc'!A0"
    assert ligne["Changements"] == "Avancement : 10 % → 12,5 %"
    assert ligne["À présenter au conseil"] == "Oui"

    entetes, *mesures = lire_csv(client.get("/plan/fiches/export/mesures.csv"))
    ligne = dict(zip(entetes, mesures[0], strict=True))
    assert (ligne["Indicateur"], ligne["Valeur"], ligne["Part de la cible atteinte (%)"]) == (
        "Jeunes reçus",
        "50,00",
        "25,0",
    )

    assert (
        load_workbook(io.BytesIO(client.get("/plan/fiches/export/journal.xlsx").getvalue())).active.max_row
        == 2
    )


def test_un_export_inconnu_n_existe_pas(fiches, client_de, compte_ca):
    client = client_de(compte_ca)

    assert client.get("/plan/fiches/export/comptes.csv").status_code == 404
    assert client.get("/plan/fiches/export/fiches.pdf").status_code == 404


def test_les_liens_d_export_gardent_les_filtres(fiches, client_de, compte_ca):
    page = client_de(compte_ca).get("/plan/fiches/?statut=en_cours&sort=titre").content.decode()

    assert 'href="/plan/fiches/export/fiches.csv?statut=en_cours"' in page
    assert 'href="/plan/fiches/export/journal.xlsx?statut=en_cours"' in page


def test_la_page_d_une_fiche_reste_servie_par_le_plan(fiches, client_de, compte_ca):
    assert client_de(compte_ca).get("/plan/fiches/1.1/").status_code == 200


@pytest.mark.usefixtures("contexte_des_reponses")
@pytest.mark.parametrize("suivi_d_un_an", [1, 20], indirect=True)
def test_la_liste_et_ses_exports_restent_sous_leur_plafond_de_requetes(
    suivi_d_un_an, client_de, compte_ca, django_assert_max_num_queries
):
    fois = suivi_d_un_an
    client = client_de(compte_ca)

    with django_assert_max_num_queries(PLAFOND):
        reponse = client.get("/plan/fiches/?sort=sante&per_page=500")
    assert reponse.context["nb_fiches"] == 11 * fois
    for contenu in ("fiches", "etapes", "journal", "mesures"):
        for format_ in ("csv", "xlsx"):
            # The rows are read while the file is written: counted until the last byte is sent.
            with django_assert_max_num_queries(PLAFOND):
                reponse = client.get(f"/plan/fiches/export/{contenu}.{format_}")
                assert reponse.status_code == 200 and reponse.getvalue()
