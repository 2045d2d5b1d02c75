"""Text typed by people (titles, comments, names, places) is shown as text, never run as code: on
every page, in htmx fragments, in the PDF report and in the spreadsheet exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exploitation.pages import pages_principales
from plan.models import Etape, FicheAction
from suivi import services

from .test_csp import code_en_ligne

SCRIPT = "<script>alert(1)</script>"
ATTRIBUT = '"><img src=x onerror=alert(2)>'
NOM = "<b>Paul</b>"
SCRIPT_ECHAPPE = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def textes_pieges(activite, comptes_par_role):
    """Hostile text in every field a person can type that the pages show."""
    fiche = activite["fiche"]
    FicheAction.objects.filter(pk=fiche.pk).update(
        titre=f"Repérage {SCRIPT}", decision_attendue=f"Décider {ATTRIBUT}"
    )
    Etape.objects.filter(pk=activite["etape"].pk).update(libelle=f"Étape {ATTRIBUT}")
    pilote = comptes_par_role["pilote"]
    pilote.first_name = NOM
    pilote.save(update_fields=["first_name"])
    fiche.refresh_from_db()
    services.commenter(
        fiche, pilote, commentaire=f"Compte rendu {SCRIPT} {ATTRIBUT}", a_presenter_au_conseil=True
    )
    indicateur = activite["indicateur"]
    indicateur.libelle = f"Jeunes {SCRIPT}"
    indicateur.save(update_fields=["libelle"])
    instance = activite["prochaine_instance"]
    instance.lieu = f"Salle {SCRIPT}"
    instance.ordre_du_jour = f"Point {ATTRIBUT}"
    instance.save(update_fields=["lieu", "ordre_du_jour"])
    return activite


def assert_echappe(html, ou):
    for brut in (SCRIPT, ATTRIBUT, NOM):
        assert brut not in html, f"{ou} : « {brut} » apparaît sans échappement"
    assert not code_en_ligne(html), f"{ou} : {code_en_ligne(html)}"


@pytest.mark.parametrize("role", ["admin", "pilote", "ca"])
def test_le_texte_saisi_est_echappe_sur_chaque_page(textes_pieges, comptes_par_role, client_de, role):
    client = client_de(comptes_par_role[role])
    pages, _ = pages_principales()
    for page in pages:
        reponse = client.get(page.url)
        assert reponse.status_code == 200, page.url
        assert_echappe(reponse.text, page.url)
    fiche = client.get("/plan/fiches/1.1/").text
    assert SCRIPT_ECHAPPE in fiche
    assert "&lt;b&gt;Paul&lt;/b&gt;" in fiche


def test_le_fragment_htmx_d_une_etape_echappe_le_commentaire(textes_pieges, comptes_par_role, client_de):
    etape = textes_pieges["fiche"].etapes.filter(sous_etapes__isnull=True).order_by("ordre").first()
    reponse = client_de(comptes_par_role["pilote"]).post(
        reverse("suivi:etape-modifier", args=["1.1", etape.pk]),
        {
            f"etape-{etape.pk}-{champ}": valeur
            for champ, valeur in {
                "version": etape.version,
                "statut": "en_cours",
                "avancement": "40",
                "commentaire": SCRIPT,
            }.items()
        },
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    assert "Étape enregistrée" in reponse.text
    assert_echappe(reponse.text, "fragment htmx")
    assert SCRIPT_ECHAPPE in reponse.text


def test_le_pdf_du_rapport_est_construit_a_partir_du_texte_echappe(
    textes_pieges, comptes_par_role, client_de, monkeypatch
):
    from conseil import documents

    html_envoyes = []
    en_pdf = documents.en_pdf

    def espion(html, base_url):
        html_envoyes.append(html)
        return en_pdf(html, base_url)

    monkeypatch.setattr(documents, "en_pdf", espion)
    instance = textes_pieges["prochaine_instance"]
    reponse = client_de(comptes_par_role["ca"]).get(reverse("conseil:rapport-pdf", args=[instance.pk]))
    assert reponse.status_code == 200
    assert reponse.getvalue().startswith(b"%PDF-")
    (html,) = html_envoyes
    assert_echappe(html, "HTML du PDF")
    assert SCRIPT_ECHAPPE in html  # the hostile title is there, as text


FORMULES = ['=HYPERLINK("https://exemple.invalid";"clic")', "+33 6 12 34 56 78", "-1+2", "@SOMME(A1)"]


@pytest.fixture
def textes_formules(activite, comptes_par_role):
    FicheAction.objects.filter(pk=activite["fiche"].pk).update(titre=FORMULES[0])
    for formule in FORMULES:
        services.commenter(activite["fiche"], comptes_par_role["pilote"], commentaire=formule)
    return activite


def cellules_csv(contenu):
    texte = contenu.decode("utf-8").removeprefix("\ufeff")
    return [cellule for ligne in csv.reader(io.StringIO(texte), delimiter=";") for cellule in ligne]


@pytest.mark.parametrize("contenu", ["fiches", "journal"])
def test_un_export_csv_neutralise_les_cellules_qui_ressemblent_a_une_formule(
    textes_formules, comptes_par_role, client_de, contenu
):
    reponse = client_de(comptes_par_role["ca"]).get(reverse("conseil:fiche-export", args=[contenu, "csv"]))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment;")
    cellules = cellules_csv(reponse.getvalue())
    assert not [c for c in cellules if c[:1] in ("=", "+", "-", "@")], "cellule interprétable comme formule"
    attendues = FORMULES[:1] if contenu == "fiches" else FORMULES
    for formule in attendues:
        assert "'" + formule in cellules


@pytest.mark.parametrize("contenu", ["fiches", "journal"])
def test_un_export_xlsx_ne_contient_aucune_formule(textes_formules, comptes_par_role, client_de, contenu):
    reponse = client_de(comptes_par_role["ca"]).get(reverse("conseil:fiche-export", args=[contenu, "xlsx"]))
    assert reponse.status_code == 200
    feuille = load_workbook(io.BytesIO(reponse.getvalue())).active
    cellules = [c for ligne in feuille.iter_rows() for c in ligne]
    assert not [c.coordinate for c in cellules if c.data_type == "f"], "formule dans l'export"
    valeurs = {c.value for c in cellules}
    attendues = FORMULES[:1] if contenu == "fiches" else FORMULES
    for formule in attendues:
        assert "'" + formule in valeurs


def test_un_export_echappe_aussi_le_html_saisi_sans_le_defigurer(textes_pieges, comptes_par_role, client_de):
    # A spreadsheet is not HTML: the text is kept as typed (escaping it would garble it), and it is
    # served as an attachment with its own content type, so a browser never renders it.
    reponse = client_de(comptes_par_role["ca"]).get(reverse("conseil:fiche-export", args=["journal", "csv"]))
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert any(SCRIPT in c for c in cellules_csv(reponse.getvalue()))
