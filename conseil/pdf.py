"""HTML to a tagged A4 PDF with WeasyPrint, using local files only."""

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FEUILLES_DE_STYLE = ["css/largeurs.css", "conseil/rapport_pdf.css"]


def en_pdf(html, base_url):
    polices = FontConfiguration()
    feuilles = [CSS(filename=finders.find(nom), font_config=polices) for nom in FEUILLES_DE_STYLE]
    # The report embeds everything (inline SVG, local fonts): a remote URL could only come from user
    # text, and fetching it from the server would be a request forgery.
    document = HTML(string=html, base_url=base_url, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    # PDF/UA-1 tags the structure (headings, tables, lists) for screen readers.
    return document.write_pdf(stylesheets=feuilles, font_config=polices, pdf_variant="pdf/ua-1")
