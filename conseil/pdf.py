"""HTML to a tagged A4 PDF with WeasyPrint, using local files only."""

from functools import cache

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FEUILLES_DE_STYLE = ["css/largeurs.css", "conseil/rapport_pdf.css"]


@cache
def _preparation():
    """Fetcher, fonts and parsed stylesheets, built once per process (they never change)."""
    # The report embeds everything (charts as data: images, system fonts): a remote URL could only
    # come from user text, and fetching it from the server would be a request forgery.
    recuperateur = URLFetcher(allowed_protocols={"data"})
    polices = FontConfiguration()
    feuilles = [
        CSS(filename=finders.find(nom), font_config=polices, url_fetcher=recuperateur)
        for nom in FEUILLES_DE_STYLE
    ]
    return recuperateur, polices, feuilles


def en_pdf(html, base_url):
    """(PDF bytes, number of pages)."""
    recuperateur, polices, feuilles = _preparation()
    # PDF/UA-1 tags the structure (headings, lists, tables, figures) for screen readers.
    options = {"stylesheets": feuilles, "pdf_variant": "pdf/ua-1"}
    document = HTML(string=html, base_url=base_url, url_fetcher=recuperateur).render(
        font_config=polices, **options
    )
    return document.write_pdf(**options), len(document.pages)
