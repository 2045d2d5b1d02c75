"""What runs in the PDF process (see conseil.pdf): WeasyPrint only, no Django, so that the process
starts light and never touches the database. Run as `python -m conseil.rendu_pdf`."""

import pickle
import struct
import sys
from functools import cache

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


@cache
def _preparation(feuilles):
    """Fetcher, fonts and parsed stylesheets, built once per process (they never change)."""
    # The report embeds everything (charts as data: images, system fonts): a remote URL could only
    # come from user text, and fetching it from the server would be a request forgery.
    recuperateur = URLFetcher(allowed_protocols={"data"})
    polices = FontConfiguration()
    styles = [CSS(filename=chemin, font_config=polices, url_fetcher=recuperateur) for chemin in feuilles]
    return recuperateur, polices, styles


def rendre(html, base_url, feuilles):
    """(PDF bytes, number of pages) of `html` with the stylesheets at the paths `feuilles`."""
    recuperateur, polices, styles = _preparation(tuple(feuilles))
    # PDF/UA-1 tags the structure (headings, lists, tables, figures) for screen readers.
    options = {"stylesheets": styles, "pdf_variant": "pdf/ua-1"}
    document = HTML(string=html, base_url=base_url, url_fetcher=recuperateur).render(
        font_config=polices, **options
    )
    return document.write_pdf(**options), len(document.pages)


def servir(entree, sortie):
    """Answer requests until the parent closes the pipe: each is a pickled (html, base_url, feuilles)
    behind its 8-byte length, each answer a pickled ("ok", result) or ("erreur", message)."""
    while True:
        entete = entree.read(8)
        if len(entete) < 8:
            return
        taille = struct.unpack(">Q", entete)[0]
        # Our own parent process is the only writer of this pipe.
        html, base_url, feuilles = pickle.loads(entree.read(taille))  # noqa: S301
        try:
            reponse = ("ok", rendre(html, base_url, feuilles))
        except Exception as erreur:  # noqa: BLE001 — reported to the parent, which raises it
            reponse = ("erreur", f"{type(erreur).__name__} : {erreur}")
        donnees = pickle.dumps(reponse, protocol=pickle.HIGHEST_PROTOCOL)
        sortie.write(struct.pack(">Q", len(donnees)) + donnees)
        sortie.flush()


if __name__ == "__main__":
    servir(sys.stdin.buffer, sys.stdout.buffer)
