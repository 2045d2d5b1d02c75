"""The XLSX writer of the exports (mission_locale.tableur), read back by openpyxl."""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from mission_locale.tableur import TEXTE_MAX, ecrire_xlsx, nom_de_colonne


def relire(entetes, lignes, nom="Journal", largeurs=None):
    fichier = io.BytesIO()
    ecrire_xlsx(fichier, nom, entetes, largeurs or [12] * len(entetes), lignes)
    return load_workbook(io.BytesIO(fichier.getvalue())).active


def test_les_colonnes_se_nomment_comme_dans_un_tableur():
    assert [nom_de_colonne(rang) for rang in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_chaque_valeur_garde_son_type_et_une_cellule_vide_reste_vide():
    jour, moment = date(2026, 11, 26), datetime(2026, 11, 26, 14, 30)
    feuille = relire(
        ["Texte", "Nombre", "Décimal", "Jour", "Moment", "Rien"],
        [
            ["Accueil & <orientation>", 12, Decimal("70.66"), jour, moment, None],
            [
                "  deux lignes\net des espaces  ",
                -3.5,
                Decimal("0"),
                date(1900, 3, 1),
                datetime(2029, 12, 31, 23, 59),
                None,
            ],
        ],
    )
    assert [c.value for c in feuille[1]] == ["Texte", "Nombre", "Décimal", "Jour", "Moment", "Rien"]
    assert all(c.font.b for c in feuille[1])
    premiere, seconde = (list(ligne) for ligne in feuille.iter_rows(min_row=2))
    assert [c.value for c in premiere] == [
        "Accueil & <orientation>", 12, 70.66, datetime(2026, 11, 26), datetime(2026, 11, 26, 14, 30), None,
    ]  # fmt: skip
    assert [c.data_type for c in premiere[:3]] == ["s", "n", "n"]
    assert (premiere[3].number_format, premiere[4].number_format) == ("dd/mm/yyyy", "dd/mm/yyyy hh:mm")
    assert seconde[0].value == "  deux lignes\net des espaces  "
    assert seconde[3].value == datetime(1900, 3, 1)
    assert seconde[4].value == datetime(2029, 12, 31, 23, 59)


def test_un_texte_qui_ressemble_a_une_formule_reste_un_texte():
    feuille = relire(["Commentaire"], [["=1+1"], ["@SOMME(A1)"]])
    assert [(c.value, c.data_type) for c in feuille["A"][1:]] == [("=1+1", "s"), ("@SOMME(A1)", "s")]


def test_l_en_tete_reste_a_l_ecran_filtre_et_les_largeurs_sont_celles_demandees():
    feuille = relire(["Date", "Fiche", "Commentaire"], [[None, "1.1", "x"]] * 3, largeurs=[18, 12, 60])
    assert feuille.freeze_panes == "A2"
    assert feuille.auto_filter.ref == "A1:C4"
    assert [round(feuille.column_dimensions[c].width) for c in "ABC"] == [19, 13, 61]


def test_un_classeur_sans_ligne_n_a_que_son_en_tete():
    feuille = relire(["Code", "Titre"], [])
    assert feuille.max_row == 1 and feuille.auto_filter.ref == "A1:B1"


def test_ce_qu_un_tableur_refuserait_est_retire_ou_coupe():
    feuille = relire(
        ["Texte"], [["bip\x07 et\x00 nul"], ["x" * (TEXTE_MAX + 10)]], nom="Journal [2026/11]: *?"
    )
    assert feuille["A2"].value == "bip et nul"
    assert len(feuille["A3"].value) == TEXTE_MAX
    assert feuille.title == "Journal  2026 11"
