"""Evidence: type checked from the content and the extension, 10 Mo at most, served only to
logged-in people as a download."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from suivi import services
from suivi.validators import valider_piece_jointe
from tests.suivi.conftest import archive, docx, odt, pdf


def image_png(nom="photo.png"):
    return SimpleUploadedFile(nom, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def image_jpeg(nom="photo.jpg"):
    return SimpleUploadedFile(nom, b"\xff\xd8\xff\xe0" + b"\x00" * 64, content_type="image/jpeg")


@pytest.mark.parametrize(
    "fichier",
    [
        pdf(),
        image_png(),
        image_jpeg(),
        image_jpeg("photo.JPEG"),
        docx(),
        odt(),
        archive(
            "tableau.xlsx",
            {
                "[Content_Types].xml": b"application/vnd.openxmlformats-officedocument"
                b".spreadsheetml.sheet.main+xml",
                "xl/workbook.xml": b"<workbook/>",
            },
        ),
        archive("budget.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
    ],
    ids=lambda f: f.name,
)
def test_les_pdf_images_et_documents_bureautiques_sont_acceptes(fichier):
    valider_piece_jointe(fichier)


@pytest.mark.parametrize(
    ("fichier", "message"),
    [
        (SimpleUploadedFile("outil.exe", b"MZ\x90\x00"), "n'est pas accepté"),
        (SimpleUploadedFile("page.html", b"<html></html>"), "n'est pas accepté"),
        (SimpleUploadedFile("macro.docm", b"PK\x03\x04"), "n'est pas accepté"),
        (SimpleUploadedFile("sans-extension", b"%PDF-1.4"), "n'est pas accepté"),
        (SimpleUploadedFile("faux.pdf", b"<html><script>alert(1)</script></html>"), "ne correspond pas"),
        (SimpleUploadedFile("faux.png", b"%PDF-1.4 ..."), "ne correspond pas"),
        (archive("faux.docx", {"word/document.xml": b"<document/>"}), "ne correspond pas"),
        (docx("renomme.xlsx"), "ne correspond pas"),
        (odt("renomme.ods"), "ne correspond pas"),
        (SimpleUploadedFile("casse.docx", b"PK\x03\x04 pas un zip"), "ne correspond pas"),
    ],
    ids=lambda v: getattr(v, "name", ""),
)
def test_un_fichier_d_un_autre_type_ou_renomme_est_refuse(fichier, message):
    with pytest.raises(ValidationError) as erreur:
        valider_piece_jointe(fichier)
    assert message in erreur.value.messages[0]


def test_un_fichier_de_plus_de_10_mo_est_refuse():
    assert settings.PIECE_JOINTE_TAILLE_MAX == 10 * 1024 * 1024
    valider_piece_jointe(pdf(taille=settings.PIECE_JOINTE_TAILLE_MAX))
    with pytest.raises(ValidationError) as erreur:
        valider_piece_jointe(pdf(taille=settings.PIECE_JOINTE_TAILLE_MAX + 1))
    assert erreur.value.messages[0] == "Ce fichier pèse 10,1 Mo : la taille maximale est de 10 Mo."


@pytest.fixture
def entree_avec_piece(fiche, compte_pilote):
    return services.commenter(
        fiche, compte_pilote, commentaire="Compte rendu", piece_jointe=pdf("Compte rendu du 3 mars.pdf")
    )


def test_la_piece_est_servie_en_telechargement_aux_personnes_connectees(
    entree_avec_piece, client_de, compte_ca
):
    reponse = client_de(compte_ca).get(f"/journal/pieces/{entree_avec_piece.pk}/")
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert reponse["Content-Disposition"] == 'attachment; filename="Compte rendu du 3 mars.pdf"'
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content).startswith(b"%PDF-")


def test_la_piece_n_est_pas_servie_sans_connexion(entree_avec_piece):
    reponse = Client().get(f"/journal/pieces/{entree_avec_piece.pk}/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/connexion/")


def test_une_entree_sans_piece_n_a_rien_a_servir(fiche, compte_pilote, client_de):
    entree = services.commenter(fiche, compte_pilote, commentaire="Sans pièce")
    assert client_de(compte_pilote).get(f"/journal/pieces/{entree.pk}/").status_code == 404


def test_le_lien_de_la_piece_passe_par_la_vue_protegee(entree_avec_piece, client_de, compte_equipe):
    page = client_de(compte_equipe).get(entree_avec_piece.fiche.get_absolute_url()).text
    assert f'href="/journal/pieces/{entree_avec_piece.pk}/"' in page
    assert entree_avec_piece.piece_jointe.name not in page
