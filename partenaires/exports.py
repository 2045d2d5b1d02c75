"""The directory as a spreadsheet, in the import's own columns (an export is a valid import file).

CSV: semicolons, UTF-8 with a BOM (Excel reads the accents), streamed row by row. XLSX: written row
by row into a temporary file, as the plan's exports (mission_locale.tableur). Rows are read with
`.iterator()` in chunks, so memory and time follow the number of rows. Text a spreadsheet could run
as a formula is neutralised as in the other exports; the import undoes it.
"""

import csv

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from conseil.exports import neutraliser
from mission_locale.tableur import TYPE_XLSX, classeur_temporaire

from .importation import COLONNES, ENTETES, INFORMATIVES

FORMATS = {"csv", "xlsx"}
LOT = 1000


def entetes():
    return ENTETES + INFORMATIVES


def lignes(partenaires):
    """One list of texts per partner; `partenaires` comes from `pour_annuaire()`."""
    for p in partenaires.iterator(chunk_size=LOT):
        valeurs = {
            a: getattr(p, a) for a, _, _ in COLONNES if a not in ("champs", "fiches", "commune", "type")
        }
        valeurs["type"] = p.get_type_display()
        valeurs["commune"] = p.commune.nom if p.commune_id else ""
        valeurs["champs"] = ", ".join(c.nom for c in p.champs.all())
        valeurs["fiches"] = ", ".join(f.code for f in p.fiches.all())
        yield [valeurs[a] for a, _, _ in COLONNES] + [
            "Oui" if p.convention_en_cours else "Non",
            "Oui" if p.interroge_diagnostic else "Non",
            f"{p.contact_depuis:%d/%m/%Y}" if p.contact_depuis else "",
        ]


def nom_de_fichier(format_):
    return f"partenaires-{timezone.localdate():%Y-%m-%d}.{format_}"


class _Tampon:
    """csv.writer writes into it; each row is handed straight to the response."""

    def write(self, texte):
        return texte


def reponse_csv(partenaires):
    ecrivain = csv.writer(_Tampon(), delimiter=";", lineterminator="\r\n")

    def flux():
        yield ("\ufeff" + ecrivain.writerow(entetes())).encode("utf-8")
        for ligne in lignes(partenaires):
            yield ecrivain.writerow([neutraliser(v) for v in ligne]).encode("utf-8")

    reponse = StreamingHttpResponse(flux(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_de_fichier("csv")}"'
    return reponse


def reponse_xlsx(partenaires):
    titres = entetes()
    return FileResponse(
        classeur_temporaire(
            "Partenaires",
            titres,
            [max(14, min(40, len(titre) + 4)) for titre in titres],
            ([neutraliser(v) or None for v in ligne] for ligne in lignes(partenaires)),
        ),
        as_attachment=True,
        filename=nom_de_fichier("xlsx"),
        content_type=TYPE_XLSX,
    )


def modele_csv():
    """An empty import file: the headers only, to fill in a spreadsheet."""
    contenu = "\ufeff" + ";".join(ENTETES) + "\r\n"
    reponse = HttpResponse(contenu.encode("utf-8"), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="modele-import-partenaires.csv"'
    return reponse
