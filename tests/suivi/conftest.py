"""Fixtures of the follow-up tests: a small planned fiche, its people, and helpers to post forms."""

import io
import zipfile
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from comptes import roles
from tests.factories import AxeFactory, EtapeFactory, FicheActionFactory, PlanFactory, UserFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def compte_co_pilote(db):
    user = UserFactory(username="copilote", first_name="Claire", last_name="Copilote")
    user.groups.add(Group.objects.get(name=roles.EQUIPE))
    return user


@pytest.fixture
def fiche(plan, compte_pilote, compte_co_pilote):
    """A fiche 1.1 planned 2025-2027, piloted by `compte_pilote` with `compte_co_pilote`: steps
    « Diagnostic », « Ateliers » (sub-steps « Atelier A » and « Atelier B ») and « Bilan »."""
    fiche = FicheActionFactory(
        axe=AxeFactory(plan=plan, numero=1),
        numero=1,
        titre="Accueillir chaque jeune dans son antenne",
        pilote=compte_pilote,
        date_debut=date(2025, 1, 1),
        date_echeance=date(2027, 12, 31),
    )
    fiche.co_pilotes.add(compte_co_pilote)
    EtapeFactory(fiche=fiche, ordre=1, libelle="Diagnostic")
    parent = EtapeFactory(fiche=fiche, ordre=2, libelle="Ateliers")
    EtapeFactory(fiche=fiche, parent=parent, ordre=1, libelle="Atelier A")
    EtapeFactory(fiche=fiche, parent=parent, ordre=2, libelle="Atelier B")
    EtapeFactory(fiche=fiche, ordre=3, libelle="Bilan")
    fiche.recalculer()
    return fiche


def etape_de(fiche, libelle):
    return fiche.etapes.get(libelle=libelle)


def donnees_etape(etape, **valeurs):
    """POST data of a step's form as the page renders it, overridden by `valeurs`."""
    donnees = {
        "version": etape.version,
        "statut": etape.statut,
        "avancement": etape.avancement,
        "commentaire": "",
        "lien": "",
        "responsable": etape.responsable_id or "",
        "date_echeance": etape.date_echeance.isoformat() if etape.date_echeance else "",
    } | valeurs
    return {f"etape-{etape.pk}-{cle}": valeur for cle, valeur in donnees.items()}


def donnees_fiche(fiche, direction=False, **valeurs):
    """POST data of the fiche form, with the hidden copies of the displayed values."""
    vues = {"meteo": fiche.meteo}
    if direction:
        vues |= {
            "date_debut": fiche.date_debut.isoformat() if fiche.date_debut else "",
            "date_echeance": fiche.date_echeance.isoformat() if fiche.date_echeance else "",
            "pilote": fiche.pilote_id or "",
            "co_pilotes": [u.pk for u in fiche.co_pilotes.all()],
        }
    donnees = {}
    for cle, valeur in vues.items():
        donnees[f"fiche-{cle}"] = valeur
        donnees[f"initial-fiche-{cle}"] = valeur
    for cle, valeur in ({"commentaire": "", "lien": ""} | valeurs).items():
        donnees[f"fiche-{cle}"] = valeur
    return donnees


def pdf(nom="rapport.pdf", taille=200):
    contenu = b"%PDF-1.7\n" + b"0" * max(0, taille - 9)
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


def archive(nom, membres):
    """An in-memory zip with `membres` {name: bytes}, in that order (office documents are zips)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as zip_:
        for membre, contenu in membres.items():
            zip_.writestr(membre, contenu)
    return SimpleUploadedFile(nom, tampon.getvalue(), content_type="application/octet-stream")


def docx(nom="compte-rendu.docx"):
    types = (
        b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="'
        b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    return archive(nom, {"[Content_Types].xml": types, "word/document.xml": b"<document/>"})


def odt(nom="compte-rendu.odt"):
    return archive(nom, {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
