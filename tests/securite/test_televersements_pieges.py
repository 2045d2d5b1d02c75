"""Uploads cannot exhaust the server: archives that lie about their size or hold thousands of
members are refused without being inflated, and request bodies above the limit are refused before
they are read. Memory is measured, not assumed."""

import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.urls import reverse

from mission_locale.televersement import PlafondDeTeleversement
from suivi.models import EntreeJournal
from suivi.validators import valider_piece_jointe

MO = 1024 * 1024
TYPES_DOCX = (
    b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def bombe(taille_decompressee, menteuse):
    """A docx whose [Content_Types].xml inflates to `taille_decompressee` bytes; a lying one
    declares 100 bytes in both its local header and its central directory."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w", force_zip64=False) as membre:
            membre.write(TYPES_DOCX)
            zeros = b"\0" * MO
            for _ in range(taille_decompressee // MO):
                membre.write(zeros)
        archive.writestr("word/document.xml", b"<document/>")
    contenu = bytearray(tampon.getvalue())
    if menteuse:
        local = contenu.find(b"PK\x03\x04")
        struct.pack_into("<I", contenu, local + 22, 100)
        central = contenu.find(b"PK\x01\x02")
        struct.pack_into("<I", contenu, central + 24, 100)
    return SimpleUploadedFile("compte-rendu.docx", bytes(contenu))


def pic_memoire(fonction):
    """(exception raised or None, peak of Python allocations in bytes) while running `fonction`."""
    tracemalloc.start()
    try:
        fonction()
        erreur = None
    except ValidationError as exception:
        erreur = exception
    finally:
        _, pic = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return erreur, pic


@pytest.mark.parametrize("menteuse", [False, True], ids=["taille-declaree", "taille-mensongere"])
def test_une_archive_qui_se_decompresse_en_centaines_de_mo_est_refusee_sans_etre_decompressee(menteuse):
    fichier = bombe(200 * MO, menteuse)
    assert fichier.size < 1 * MO  # a few hundred kilobytes on the wire
    erreur, pic = pic_memoire(lambda: valider_piece_jointe(fichier))
    assert erreur is not None and "ne correspond pas à son extension" in erreur.messages[0]
    assert pic < 12 * MO, f"pic mémoire : {pic / MO:.1f} Mo"


def test_une_archive_a_milliers_de_membres_est_refusee_avant_d_etre_ouverte():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("[Content_Types].xml", TYPES_DOCX)
        for rang in range(5000):
            archive.writestr(f"x/{rang}", b"")
    fichier = SimpleUploadedFile("tableau.docx", tampon.getvalue())
    erreur, pic = pic_memoire(lambda: valider_piece_jointe(fichier))
    assert erreur is not None
    assert pic < 4 * MO, f"pic mémoire : {pic / MO:.1f} Mo"


def test_un_vrai_document_bureautique_passe_toujours():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", TYPES_DOCX)
        archive.writestr("word/document.xml", b"<document>" + b"texte " * 20000 + b"</document>")
    valider_piece_jointe(SimpleUploadedFile("compte-rendu.docx", tampon.getvalue()))


def test_un_envoi_au_dela_de_la_limite_est_refuse_avant_d_etre_lu(comptes_par_role, client_de):
    class CorpsIntouchable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("le corps de la requête a été lu")

    client = client_de(comptes_par_role["pilote"])
    reponse = client.generic(
        "POST",
        reverse("suivi:commenter", args=["1.1"]),
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * MO),
        **{"wsgi.input": CorpsIntouchable()},
    )
    assert reponse.status_code == 413
    assert "Fichier trop volumineux" in reponse.content.decode()
    assert not EntreeJournal.objects.filter(fiche__code="1.1", type="commentaire").exists()


def test_un_envoi_sans_longueur_annoncee_s_arrete_a_la_limite(settings):
    gestionnaire = PlafondDeTeleversement()
    gestionnaire.handle_raw_input(None, {}, None, b"xyz")
    morceau = b"0" * MO
    with pytest.raises(StopUpload):
        for depart in range(0, 20 * MO, MO):
            gestionnaire.receive_data_chunk(morceau, depart)
    assert gestionnaire.recus <= settings.TELEVERSEMENT_TAILLE_MAX + MO


def test_la_compression_mesuree_par_zlib_est_bien_celle_d_une_bombe():
    # Guards the test itself: the archive above is small on the wire and huge once inflated.
    assert len(zlib.compress(b"\0" * (10 * MO))) < 20 * 1024
