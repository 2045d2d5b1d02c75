"""Checks on uploaded evidence: the type is read from the content, not trusted from the name.

A renamed executable or an HTML page called `rapport.pdf` must not end up served to colleagues, and
macro-enabled office files (docm, xlsm...) are refused outright.

Office documents are zip archives, and an archive can lie: about its members' sizes (a few
megabytes that inflate to gigabytes), about their number. `inspecter_archive` never trusts what the
archive declares: it counts the members from the archive's own directory record before opening it,
and inflates what it reads in bounded chunks, stopping at a ceiling.
"""

import math
import struct
import zipfile
import zlib
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
# A real office document has a few dozen parts; thousands are a trap for the archive reader.
MEMBRES_MAX = 2000
# What may be inflated in all while checking one archive, whatever the archive declares.
DECOMPRESSION_MAX = 4 * 1024 * 1024
MORCEAU = 64 * 1024


class ArchiveRefusee(Exception):
    """The archive lies or is built to exhaust the server: refused without reading it further."""


def _nombre_de_membres(fichier):
    """The members' count written in the archive's end-of-central-directory record, read from
    the last bytes of the file (at most 64 KiB of comment), without loading the directory."""
    fichier.seek(0, 2)
    taille = fichier.tell()
    fichier.seek(max(0, taille - (65536 + 22)))
    fin = fichier.read()
    position = fin.rfind(b"PK\x05\x06")
    if position < 0 or len(fin) - position < 22:
        raise ArchiveRefusee("pas de répertoire d'archive")
    nombre = struct.unpack("<H", fin[position + 10 : position + 12])[0]
    if nombre == 0xFFFF:
        # A Zip64 archive: no office document needs one, and its counts could be anything.
        raise ArchiveRefusee("archive Zip64")
    return nombre


def lire_membre_borne(archive, nom, plafond, budget):
    """The member `nom` inflated, reading at most `plafond` bytes of it and never more than what
    is left of `budget` (a one-item list, the bytes still allowed for the whole archive)."""
    morceaux, lus = [], 0
    with archive.open(nom) as membre:
        while True:
            morceau = membre.read(MORCEAU)
            if not morceau:
                break
            lus += len(morceau)
            budget[0] -= len(morceau)
            if lus > plafond or budget[0] < 0:
                raise ArchiveRefusee(f"membre {nom} trop volumineux une fois décompressé")
            morceaux.append(morceau)
    return b"".join(morceaux)


def inspecter_archive(fichier, *, membres_max=MEMBRES_MAX):
    """The opened ZipFile of `fichier`, after counting its members from its own record. Raises
    ArchiveRefusee when the archive holds too many members or is not a plain zip."""
    if _nombre_de_membres(fichier) > membres_max:
        raise ArchiveRefusee("trop de membres")
    fichier.seek(0)
    archive = zipfile.ZipFile(fichier)
    if len(archive.infolist()) > membres_max:
        raise ArchiveRefusee("trop de membres")
    return archive


MESSAGE_TYPE = (
    "Ce fichier n'est pas accepté : déposez un PDF, une image (PNG ou JPEG) ou un document bureautique "
    "(Word, Excel, PowerPoint ou LibreOffice : docx, xlsx, pptx, odt, ods, odp)."
)


def _debut(fichier, taille=16):
    fichier.seek(0)
    debut = fichier.read(taille)
    fichier.seek(0)
    return debut


def _lire_membre(archive, nom, budget):
    return lire_membre_borne(archive, nom, TAILLE_MAX_DESCRIPTEUR, budget)


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
    budget = [DECOMPRESSION_MAX]
    try:
        with inspecter_archive(fichier) as archive:
            noms = set(archive.namelist())
            if extension in OOXML:
                return "[Content_Types].xml" in noms and OOXML[extension] in _lire_membre(
                    archive, "[Content_Types].xml", budget
                )
            return "mimetype" in noms and _lire_membre(archive, "mimetype", budget).strip() == ODF[extension]
    except (ArchiveRefusee, zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, zlib.error):
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
