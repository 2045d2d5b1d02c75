"""Checks on uploaded evidence: the type is read from the content, not trusted from the name.

A renamed executable or an HTML page called `rapport.pdf` must not end up served to colleagues, and
macro-enabled office files (docm, xlsm...) are refused outright.
"""

import math
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat

MO = 1024 * 1024
EXTENSIONS_ACCEPTEES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "odp"]

# Main part content type of each OOXML format, as declared in [Content_Types].xml.
OOXML = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# OpenDocument files start with an uncompressed `mimetype` entry holding exactly this.
ODF = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# Descriptors are tiny; a bigger one is not an office document (or is a zip bomb).
TAILLE_MAX_DESCRIPTEUR = 1024 * 1024

MESSAGE_TYPE = (
    "Ce fichier n'est pas accepté : déposez un PDF, une image (PNG ou JPEG) ou un document bureautique "
    "(Word, Excel, PowerPoint ou LibreOffice : docx, xlsx, pptx, odt, ods, odp)."
)


def _debut(fichier, taille=16):
    fichier.seek(0)
    debut = fichier.read(taille)
    fichier.seek(0)
    return debut


def _lire_membre(archive, nom):
    info = archive.getinfo(nom)
    if info.file_size > TAILLE_MAX_DESCRIPTEUR:
        return b""
    return archive.read(info)


def _contenu_conforme(fichier, extension):
    debut = _debut(fichier)
    if extension == "pdf":
        return debut.startswith(b"%PDF-")
    if extension == "png":
        return debut.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return debut.startswith(b"\xff\xd8\xff")
    if not debut.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = set(archive.namelist())
            if extension in OOXML:
                return "[Content_Types].xml" in noms and OOXML[extension] in _lire_membre(
                    archive, "[Content_Types].xml"
                )
            return "mimetype" in noms and _lire_membre(archive, "mimetype").strip() == ODF[extension]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return False
    finally:
        fichier.seek(0)


def valider_piece_jointe(fichier):
    """Raise a French ValidationError unless `fichier` is an accepted type within the size limit."""
    taille_max = settings.PIECE_JOINTE_TAILLE_MAX
    if fichier.size > taille_max:
        # Rounded up, so that a file just over the limit never reads as "10 Mo".
        pese = math.ceil(fichier.size / MO * 10) / 10
        raise ValidationError(
            f"Ce fichier pèse {floatformat(pese, -1)} Mo : la taille maximale est de "
            f"{floatformat(taille_max / MO, -1)} Mo.",
            code="taille",
        )
    extension = Path(fichier.name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS_ACCEPTEES:
        raise ValidationError(MESSAGE_TYPE, code="extension")
    if not _contenu_conforme(fichier, extension):
        raise ValidationError(
            f"Le contenu de ce fichier ne correspond pas à son extension « .{extension} » : "
            "il a peut-être été renommé ou il est endommagé.",
            code="contenu",
        )


def nom_affiche(fichier):
    """The original name, shortened to fit `nom_piece_jointe` while keeping the extension."""
    nom = Path(fichier.name).name
    if len(nom) <= 200:
        return nom
    suffixe = Path(nom).suffix[:20]
    return nom[: 200 - len(suffixe)] + suffixe
