"""Uploaded evidence: the type is read from the content, the size is capped, and files are only
ever served to logged-in people, as downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from suivi.models import EntreeJournal

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def deposer(client, fichier, texte="Compte rendu joint."):
    return client.post(
        reverse("suivi:commenter", args=["1.1"]),
        {"commentaire-commentaire": texte, "commentaire-piece_jointe": fichier},
    )


@pytest.fixture
def pilote(comptes_par_role, client_de):
    return client_de(comptes_par_role["pilote"])


def test_un_vrai_pdf_est_accepte_et_range_sous_un_nom_aleatoire(pilote, comptes_par_role):
    reponse = deposer(pilote, SimpleUploadedFile("Bilan Dupont Jean.pdf", PDF))
    assert reponse.status_code == 302
    entree = EntreeJournal.objects.get(commentaire="Compte rendu joint.")
    assert entree.nom_piece_jointe == "Bilan Dupont Jean.pdf"
    # The stored name reveals nothing of the original (it may hold a young person's name).
    assert "Dupont" not in entree.piece_jointe.name
    assert entree.piece_jointe.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>", "ne correspond pas à son extension"),
        ("photo.png", b"MZ\x90\x00\x03 un executable Windows", "ne correspond pas à son extension"),
        ("tableau.xlsx", b"PK\x03\x04 une archive quelconque", "ne correspond pas à son extension"),
        ("page.html", b"<html><body>Bonjour</body></html>", "déposez un PDF, une image (PNG ou JPEG)"),
        ("outil.exe", b"MZ\x90\x00", "déposez un PDF, une image (PNG ou JPEG)"),
        ("image.svg", b"<svg onload='alert(1)'/>", "déposez un PDF, une image (PNG ou JPEG)"),
    ],
)
def test_un_fichier_dont_le_contenu_ne_correspond_pas_est_refuse_en_francais(pilote, nom, contenu, message):
    reponse = deposer(pilote, SimpleUploadedFile(nom, contenu))
    assert reponse.status_code == 200
    assert message in reponse.text
    assert not EntreeJournal.objects.filter(commentaire="Compte rendu joint.").exists()


def test_la_taille_des_pieces_est_plafonnee_a_10_mo(pilote, settings):
    assert settings.PIECE_JOINTE_TAILLE_MAX == 10 * 1024 * 1024
    trop_gros = PDF + b"0" * (settings.PIECE_JOINTE_TAILLE_MAX - len(PDF) + 1)
    reponse = deposer(pilote, SimpleUploadedFile("gros.pdf", trop_gros))
    assert reponse.status_code == 200
    assert "la taille maximale est de 10 Mo." in reponse.text.replace("\xa0", " ")
    assert not EntreeJournal.objects.filter(commentaire="Compte rendu joint.").exists()


@pytest.fixture
def entree(pilote):
    deposer(pilote, SimpleUploadedFile("compte-rendu.pdf", PDF))
    return EntreeJournal.objects.get(commentaire="Compte rendu joint.")


@pytest.mark.parametrize("role", ["equipe", "pilote", "direction", "ca", "admin"])
def test_une_piece_est_servie_en_telechargement_a_toute_personne_connectee(
    entree, comptes_par_role, client_de, role
):
    reponse = client_de(comptes_par_role[role]).get(reverse("suivi:piece-jointe", args=[entree.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert b"".join(reponse.streaming_content) == PDF


def test_une_piece_n_est_jamais_servie_a_un_visiteur_anonyme(entree, client_de):
    reponse = client_de(None).get(reverse("suivi:piece-jointe", args=[entree.pk]))
    assert reponse.status_code == 302
    assert reponse.url.startswith("/connexion/")


def test_le_dossier_des_medias_n_est_pas_servi_directement(entree, comptes_par_role, client_de, settings):
    # Only through the view above: no /media/ URL exists outside the DEBUG demonstration.
    assert settings.DEBUG is False
    chemin = "/" + settings.MEDIA_URL.lstrip("/") + entree.piece_jointe.name
    assert client_de(None).get(chemin).status_code == 404
    assert client_de(comptes_par_role["admin"]).get(chemin).status_code == 404
