"""The board report's PDF has no half-empty page: parts follow one another instead of each starting
a new page, and a heading or a table caption never stays alone at the bottom of a page.

The layout is measured on what WeasyPrint composes from the very HTML and stylesheets the PDF is
made of: for each page, how far down its content goes.
"""

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from conseil.models import Instance
from conseil.pdf import FEUILLES_DE_STYLE
from conseil.rapport import Rapport, construire_donnees
from tests.conseil.donnees import plan_suivi

pytestmark = pytest.mark.django_db

# Below this share of its height a page reads as half-empty (the last page excepted).
REMPLISSAGE_MIN = 0.5
TITRES = {"h2", "h3", "h4", "caption"}


def feuilles_de(boite):
    """The page's content boxes that take room (text, images), margin boxes (footer) excluded."""
    from weasyprint.formatting_structure import boxes

    if isinstance(boite, boxes.MarginBox):
        return
    if isinstance(boite, boxes.TextBox | boxes.ReplacedBox):
        yield boite
    if isinstance(boite, boxes.ParentBox):
        for enfant in boite.children:
            yield from feuilles_de(enfant)


def pages_du_rapport(instance):
    """[(share of the page's height used, the page's text boxes)] of the report's PDF."""
    # Imported here, not with the module: a second of every test process's start, for one test.
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure import boxes

    rapport = Rapport(construire_donnees(instance))
    html = render_to_string("conseil/rapport_pdf.html", {"instance": instance, "rapport": rapport})
    feuilles = [CSS(filename=finders.find(nom)) for nom in FEUILLES_DE_STYLE]
    document = HTML(string=html, base_url="http://testserver/").render(stylesheets=feuilles)
    pages = []
    for page in document.pages:
        cadre = page._page_box
        contenu = list(feuilles_de(cadre))
        bas = max((b.position_y + b.margin_height() for b in contenu), default=cadre.content_box_y())
        textes = [b for b in contenu if isinstance(b, boxes.TextBox)]
        pages.append(((bas - cadre.content_box_y()) / cadre.height, textes))
    return pages


@pytest.fixture
def rapport_d_un_an():
    plan_suivi(nb_fiches=11, annees=1)
    return Instance.objects.create(
        type=Instance.Type.CA, date=timezone.now() + timedelta(days=10), lieu="Béthune"
    )


def test_aucune_page_n_est_a_moitie_vide_ni_ne_finit_sur_un_titre_seul(rapport_d_un_an):
    pages = pages_du_rapport(rapport_d_un_an)
    assert len(pages) >= 6, "un rapport d'un an de suivi de onze fiches tient sur plusieurs pages"
    # The last page ends wherever the report ends.
    pleines = list(enumerate(pages[:-1], start=1))
    vides = [f"page {numero} : {part:.0%}" for numero, (part, _) in pleines if part < REMPLISSAGE_MIN]
    assert not vides, f"pages à moitié vides : {vides}"
    seuls = [
        f"page {numero} : « {textes[-1].text} »"
        for numero, (_, textes) in pleines
        if textes and textes[-1].element_tag in TITRES
    ]
    assert not seuls, f"titres seuls en bas de page : {seuls}"
