"""Spreadsheet exports (CSV and XLSX) of the fiches, their steps, the journal and the measures.

Built for a French spreadsheet: French headers, CSV separated by semicolons with a UTF-8 BOM (so
that Excel detects the encoding), dates as dd/mm/yyyy and decimal commas in CSV, real dates and
numbers in XLSX. A text cell that a spreadsheet could run as a formula (=, +, -, @, tab, CR) gets
a leading apostrophe.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from comptes.models import nom_de
from plan.models import Etape
from suivi.models import EntreeJournal, Mesure

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {"csv", "xlsx"}


def neutraliser(texte):
    """A text that cannot be read as a formula (OWASP "CSV injection")."""
    if texte and texte.startswith(DEBUTS_DANGEREUX):
        return "'" + texte
    return texte


def _naif(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def cellule_csv(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, datetime):
        return f"{_naif(valeur):%d/%m/%Y %H:%M}"
    if isinstance(valeur, date):
        return f"{valeur:%d/%m/%Y}"
    if isinstance(valeur, Decimal | int | float):
        return str(valeur).replace(".", ",")
    return neutraliser(str(valeur))


def cellule_xlsx(valeur):
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, datetime):
        return _naif(valeur)
    if isinstance(valeur, date | Decimal | int | float) or valeur is None:
        return valeur
    return neutraliser(str(valeur))


def reponse(format_, nom, entetes, lignes):
    """An HttpResponse with the rows as a CSV or XLSX attachment named `nom`-YYYY-MM-DD."""
    nom_fichier = f"{nom}-{timezone.localdate():%Y-%m-%d}.{format_}"
    if format_ == "csv":
        tampon = io.StringIO()
        tampon.write("\ufeff")
        ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
        ecrivain.writerow(entetes)
        for ligne in lignes:
            ecrivain.writerow([cellule_csv(v) for v in ligne])
        contenu, type_mime = tampon.getvalue().encode("utf-8"), "text/csv; charset=utf-8"
    else:
        classeur = Workbook()
        feuille = classeur.active
        feuille.title = nom[:31]
        feuille.append(entetes)
        for cellule in feuille[1]:
            cellule.font = Font(bold=True)
        largeurs = [len(e) for e in entetes]
        for ligne in lignes:
            feuille.append([cellule_xlsx(v) for v in ligne])
            for rang, cellule in enumerate(feuille[feuille.max_row]):
                if isinstance(cellule.value, datetime):
                    cellule.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(cellule.value, date):
                    cellule.number_format = "DD/MM/YYYY"
                largeurs[rang] = max(largeurs[rang], min(60, len(str(cellule.value or ""))))
        for rang, largeur in enumerate(largeurs, start=1):
            feuille.column_dimensions[get_column_letter(rang)].width = largeur + 2
        feuille.freeze_panes = "A2"
        feuille.auto_filter.ref = feuille.dimensions
        tampon = io.BytesIO()
        classeur.save(tampon)
        contenu = tampon.getvalue()
        type_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    reponse_ = HttpResponse(contenu, content_type=type_mime)
    reponse_["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse_


def _nom(user):
    return nom_de(user)


def lignes_fiches(fiches):
    entetes = [
        "Code",
        "Titre",
        "Axe",
        "Statut",
        "Santé",
        "Météo",
        "Avancement (%)",
        "Pilote",
        "Date de début",
        "Échéance",
        "Dernière mise à jour",
        "Enjeux",
        "Décision attendue du conseil",
    ]
    lignes = [
        [
            f.code,
            f.titre,
            f.axe.numero,
            f.get_statut_display(),
            f.sante_calculee.label,
            f.get_meteo_display() or "Non renseignée",
            f.avancement,
            _nom(f.pilote),
            f.date_debut,
            f.date_echeance,
            f.derniere_revue,
            ", ".join(e.libelle for e in f.enjeux.all()),
            f.decision_attendue,
        ]
        for f in fiches
    ]
    return entetes, lignes


def lignes_etapes(fiches):
    """Steps of the fiches, sub-steps numbered after their parent (2.1). One query."""
    etapes = Etape.objects.filter(fiche__in=fiches).select_related("fiche", "responsable", "parent")
    etapes = sorted(
        etapes,
        key=lambda e: (
            e.fiche.axe_id,
            e.fiche.numero,
            e.parent.ordre if e.parent else e.ordre,
            e.parent_id is not None,
            e.ordre,
        ),
    )
    entetes = ["Fiche", "N° d'étape", "Étape", "Statut", "Avancement (%)", "Poids", "Responsable", "Échéance"]
    lignes = [
        [
            e.fiche.code,
            f"{e.parent.ordre}.{e.ordre}" if e.parent else str(e.ordre),
            e.intitule,
            e.get_statut_display(),
            e.avancement,
            e.poids,
            _nom(e.responsable),
            e.date_echeance,
        ]
        for e in etapes
    ]
    return entetes, lignes


def lignes_journal(fiches):
    """Every journal entry of the fiches, newest first, its changes in one cell. Two queries."""
    entrees = (
        EntreeJournal.objects.filter(fiche__in=fiches)
        .select_related("fiche", "etape", "auteur")
        .prefetch_related("changements")
        .order_by("-cree_le", "-pk")
    )
    entetes = [
        "Date",
        "Fiche",
        "Étape",
        "Type",
        "Auteur",
        "Commentaire",
        "Changements",
        "Lien",
        "À présenter au conseil",
        "Avancement de la fiche après (%)",
        "Statut de la fiche après",
    ]
    lignes = [
        [
            e.cree_le,
            e.fiche.code,
            e.etape.intitule if e.etape else "",
            e.get_type_display(),
            _nom(e.auteur),
            e.commentaire,
            " ; ".join(
                f"{c.get_champ_display()} : {c.avant or '—'} → {c.apres or '—'}" for c in e.changements.all()
            ),
            e.lien,
            e.a_presenter_au_conseil,
            e.avancement_fiche,
            e.get_statut_fiche_display(),
        ]
        for e in entrees
    ]
    return entetes, lignes


def lignes_mesures(fiches):
    mesures = (
        Mesure.objects.filter(indicateur__fiche__in=fiches)
        .select_related("indicateur__fiche", "saisi_par")
        .order_by(
            "indicateur__fiche__axe__numero", "indicateur__fiche__numero", "indicateur__libelle", "date"
        )
    )
    entetes = [
        "Fiche",
        "Indicateur",
        "Unité",
        "Valeur initiale",
        "Cible",
        "Date cible",
        "Date de la mesure",
        "Valeur",
        "Part de la cible atteinte (%)",
        "Commentaire",
        "Saisie par",
        "Saisie le",
    ]
    lignes = [
        [
            m.indicateur.fiche.code,
            m.indicateur.libelle,
            m.indicateur.unite,
            m.indicateur.valeur_initiale,
            m.indicateur.cible,
            m.indicateur.date_cible,
            m.date,
            m.valeur,
            m.indicateur.part_atteinte(m.valeur),
            m.commentaire,
            _nom(m.saisi_par),
            m.saisi_le,
        ]
        for m in mesures
    ]
    return entetes, lignes


# contenu → (file name, rows builder, label)
CONTENUS = {
    "fiches": ("fiches-actions", lignes_fiches, "Les fiches-actions"),
    "etapes": ("etapes", lignes_etapes, "Leurs étapes"),
    "journal": ("journal", lignes_journal, "Leur journal de suivi"),
    "mesures": ("mesures-indicateurs", lignes_mesures, "Les mesures de leurs indicateurs"),
}
