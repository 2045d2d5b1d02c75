"""Spreadsheet exports (CSV and XLSX) of the fiches, their steps, the journal and the measures.

Built for a French spreadsheet: French headers, CSV separated by semicolons with a UTF-8 BOM (so
that Excel detects the encoding), dates as dd/mm/yyyy and decimal commas in CSV, real dates and
numbers in XLSX. A text cell that a spreadsheet could run as a formula (=, +, -, @, tab, CR) gets
a leading apostrophe.

Their cost follows their size: rows are read from the database in chunks (`.iterator()`), the CSV
is streamed to the browser as it is written, and the XLSX is written row by row into a temporary
file (mission_locale.tableur), never held whole in memory nor revisited cell by cell.
"""

import csv
import io
import itertools
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from comptes.models import nom_de
from mission_locale.tableur import TYPE_XLSX, classeur_temporaire
from plan.models import Etape
from suivi.models import Changement, EntreeJournal, Mesure, nom_de_l_auteur

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {"csv", "xlsx"}
PAQUET = 2000
# Column widths in the XLSX, by the kind of content (the rows are not read twice to measure them).
LARGEURS = {"court": 12, "date": 18, "nombre": 14, "texte": 40, "long": 60}


def neutraliser(texte):
    """A text that cannot be read as a formula (OWASP "CSV injection")."""
    if texte and texte.startswith(DEBUTS_DANGEREUX):
        return "'" + texte
    return texte


def _nombre_csv(valeur):
    return str(valeur).replace(".", ",")


def _conversions(zone):
    """{type: what a cell of that exact type becomes}, the rules of both formats in one place: a
    datetime is written in the local time of `zone` without its offset, a text is neutralised,
    booleans read Oui/Non; CSV writes dates dd/mm/yyyy and decimal commas, XLSX keeps real dates
    and numbers. Looked up by exact type (one dictionary read per cell: an export of the journal
    writes half a million cells); a subclass (a safe string, a choice) by its base, any other
    value as its neutralised text."""

    def naif(moment):
        return moment.astimezone(zone).replace(tzinfo=None)

    def oui_non(valeur):
        return "Oui" if valeur else "Non"

    return {
        "csv": {
            type(None): lambda _: "",
            bool: oui_non,
            datetime: lambda moment: f"{naif(moment):%d/%m/%Y %H:%M}",
            date: lambda jour: f"{jour:%d/%m/%Y}",
            Decimal: _nombre_csv,
            int: _nombre_csv,
            float: _nombre_csv,
            str: neutraliser,
        },
        "xlsx": {
            type(None): lambda _: None,
            bool: oui_non,
            datetime: naif,
            date: lambda jour: jour,
            Decimal: lambda nombre: nombre,
            int: lambda nombre: nombre,
            float: lambda nombre: nombre,
            # An empty text is an empty cell, as in the partners' export (and one cell less to write:
            # most journal entries have no link, many no step).
            str: lambda texte: neutraliser(texte) or None,
        },
    }


def _par_type(table, valeur, defaut):
    """The entry of `valeur`'s type in `table`, or of the first of its bases that has one."""
    for type_ in type(valeur).__mro__:
        if type_ in table:
            return table[type_]
    return defaut


def _texte_neutralise(valeur):
    return neutraliser(str(valeur))


def _cellules(format_, lignes):
    """The rows with each cell converted for `format_`."""
    conversions = _conversions(timezone.get_current_timezone())[format_]
    for ligne in lignes:
        cellules = []
        for valeur in ligne:
            conversion = conversions.get(type(valeur)) or _par_type(conversions, valeur, _texte_neutralise)
            cellules.append(conversion(valeur))
        yield cellules


# CSV lines sent to the browser at once: a journal of 50 000 lines in a few hundred pieces.
LIGNES_PAR_ENVOI = 500


def _csv(entetes, lignes):
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(entetes)
    yield ("\ufeff" + tampon.getvalue()).encode("utf-8")
    for paquet in itertools.batched(_cellules("csv", lignes), LIGNES_PAR_ENVOI):
        tampon.seek(0)
        tampon.truncate()
        ecrivain.writerows(paquet)
        yield tampon.getvalue().encode("utf-8")


def reponse(format_, nom, entetes, genres, lignes):
    """A streamed attachment named `nom`-YYYY-MM-DD, the rows being consumed as they are written."""
    nom_fichier = f"{nom}-{timezone.localdate():%Y-%m-%d}.{format_}"
    if format_ == "csv":
        reponse_ = StreamingHttpResponse(_csv(entetes, lignes), content_type="text/csv; charset=utf-8")
        reponse_["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
        return reponse_
    return FileResponse(
        classeur_temporaire(nom, entetes, [LARGEURS[genre] for genre in genres], _cellules("xlsx", lignes)),
        as_attachment=True,
        filename=nom_fichier,
        content_type=TYPE_XLSX,
    )


def lignes_fiches(fiches):
    prefetch_related_objects(fiches, "enjeux")
    colonnes = [
        ("Code", "court"),
        ("Titre", "texte"),
        ("Axe", "court"),
        ("Statut", "court"),
        ("Santé", "court"),
        ("Météo", "court"),
        ("Avancement (%)", "nombre"),
        ("Pilote", "texte"),
        ("Date de début", "date"),
        ("Échéance", "date"),
        ("Dernière mise à jour", "date"),
        ("Enjeux", "long"),
        ("Décision attendue du conseil", "long"),
    ]
    lignes = (
        [
            f.code,
            f.titre,
            f.axe.numero,
            f.get_statut_display(),
            f.sante_calculee.label,
            f.get_meteo_display() or "Non renseignée",
            f.avancement,
            nom_de(f.pilote),
            f.date_debut,
            f.date_echeance,
            f.derniere_revue,
            ", ".join(e.libelle for e in f.enjeux.all()),
            f.decision_attendue,
        ]
        for f in fiches
    )
    return colonnes, lignes


def lignes_etapes(fiches):
    """Steps of the fiches, sub-steps numbered after their parent (2.1), in the plan's order."""
    etapes = Etape.objects.filter(fiche__in=fiches).select_related("fiche", "responsable", "parent")
    colonnes = [
        ("Fiche", "court"),
        ("N° d'étape", "court"),
        ("Étape", "long"),
        ("Statut", "court"),
        ("Avancement (%)", "nombre"),
        ("Poids", "nombre"),
        ("Responsable", "texte"),
        ("Échéance", "date"),
    ]
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
    lignes = (
        [
            e.fiche.code,
            f"{e.parent.ordre}.{e.ordre}" if e.parent else str(e.ordre),
            e.intitule,
            e.get_statut_display(),
            e.avancement,
            e.poids,
            nom_de(e.responsable),
            e.date_echeance,
        ]
        for e in etapes
    )
    return colonnes, lignes


TYPES_ENTREE = dict(EntreeJournal.Type.choices)
STATUTS_FICHE = dict(EntreeJournal._meta.get_field("statut_fiche").choices)


def _changements_en_texte():
    """One entry's changes as one text, « Statut : À venir → En cours ; … », built by the database
    (a subquery per entry of a single query, so the export reads its rows in one go)."""
    libelle = Case(
        *[When(champ=code, then=Value(nom)) for code, nom in Changement.Champ.choices],
        default=F("champ"),
        output_field=CharField(),
    )
    morceau = Concat(
        libelle,
        Value(" : "),
        Coalesce(NullIf(F("avant"), Value("")), Value("—")),
        Value(" → "),
        Coalesce(NullIf(F("apres"), Value("")), Value("—")),
        output_field=CharField(),
    )
    return Subquery(
        Changement.objects.filter(entree=OuterRef("pk"))
        .values("entree")
        # SQLite before 3.44 cannot order an aggregate: its rows then come in insertion order anyway.
        .annotate(
            texte=StringAgg(
                morceau,
                delimiter=Value(" ; "),
                order_by="pk" if connection.features.supports_aggregate_order_by_clause else None,
            )
        )
        .values("texte")[:1]
    )


def lignes_journal(fiches, debut=None, fin=None):
    """Every journal entry of the fiches (of the period [debut, fin) when given), newest first,
    its changes in one cell. Plain rows of one query, read as they are written (tens of thousands
    of model instances cost more than the query), and the authors' names from a second one."""
    entrees = EntreeJournal.objects.filter(fiche__in=fiches).entre(debut, fin)
    auteurs = {
        personne.pk: personne
        for personne in get_user_model().objects.filter(pk__in=entrees.values("auteur_id"))
    }
    rangees = (
        entrees.annotate(texte_changements=_changements_en_texte())
        .order_by("-cree_le", "-pk")
        .values_list(
            "cree_le",
            "fiche__code",
            "etape__libelle",
            "etape__texte",
            "type",
            "auteur_id",
            "origine",
            "commentaire",
            "texte_changements",
            "lien",
            "a_presenter_au_conseil",
            "avancement_fiche",
            "statut_fiche",
        )
    )
    colonnes = [
        ("Date", "date"),
        ("Fiche", "court"),
        ("Étape", "texte"),
        ("Type", "court"),
        ("Auteur", "texte"),
        ("Commentaire", "long"),
        ("Changements", "long"),
        ("Lien", "texte"),
        ("À présenter au conseil", "court"),
        ("Avancement de la fiche après (%)", "nombre"),
        ("Statut de la fiche après", "court"),
    ]
    lignes = (
        [
            cree_le,
            fiche,
            etape_libelle or etape_texte or "",
            TYPES_ENTREE.get(type_, type_),
            nom_de_l_auteur(auteurs.get(auteur), origine),
            commentaire,
            changements or "",
            lien,
            a_presenter,
            avancement,
            STATUTS_FICHE.get(statut, statut),
        ]
        for (
            cree_le,
            fiche,
            etape_libelle,
            etape_texte,
            type_,
            auteur,
            origine,
            commentaire,
            changements,
            lien,
            a_presenter,
            avancement,
            statut,
        ) in rangees.iterator(chunk_size=PAQUET)
    )
    return colonnes, lignes


def lignes_mesures(fiches):
    """Every measure of the fiches' indicators, corrected ones included and said so. Plain rows."""
    rangees = (
        Mesure.objects.filter(indicateur__fiche__in=fiches)
        .annotate(
            est_correction=ExpressionWrapper(Q(corrige__isnull=False), output_field=BooleanField()),
            corrigee=Exists(Mesure.objects.filter(corrige=OuterRef("pk"))),
        )
        .order_by(
            "indicateur__fiche__axe__numero",
            "indicateur__fiche__numero",
            "indicateur__libelle",
            "date",
            "saisi_le",
        )
        .values_list(
            "indicateur__fiche__code",
            "indicateur__libelle",
            "indicateur__unite",
            "indicateur__valeur_initiale",
            "indicateur__cible",
            "indicateur__date_cible",
            "date",
            "valeur",
            "commentaire",
            "saisi_par__first_name",
            "saisi_par__last_name",
            "saisi_par__username",
            "saisi_le",
            "est_correction",
            "corrigee",
        )
    )
    colonnes = [
        ("Fiche", "court"),
        ("Indicateur", "texte"),
        ("Unité", "court"),
        ("Valeur initiale", "nombre"),
        ("Cible", "nombre"),
        ("Date cible", "date"),
        ("Date de la mesure", "date"),
        ("Valeur", "nombre"),
        ("Part de la cible atteinte (%)", "nombre"),
        ("Commentaire", "long"),
        ("Saisie par", "texte"),
        ("Saisie le", "date"),
        ("État", "texte"),
    ]

    def part(initiale, cible, valeur):
        ecart = cible - initiale
        return max(Decimal(0), min(Decimal(100), (valeur - initiale) / ecart * 100)).quantize(Decimal("0.1"))

    def lignes():
        for (
            code,
            libelle,
            unite,
            initiale,
            cible,
            date_cible,
            jour,
            valeur,
            commentaire,
            prenom,
            nom,
            identifiant,
            saisi_le,
            est_correction,
            corrigee,
        ) in rangees.iterator(chunk_size=PAQUET):
            saisie = f"{prenom} {nom}".strip() or identifiant or "Calcul automatique"
            etat = "Corrigée par une mesure plus récente" if corrigee else "En vigueur"
            if est_correction:
                etat += " (correction)"
            yield [
                code,
                libelle,
                unite,
                initiale,
                cible,
                date_cible,
                jour,
                valeur,
                part(initiale, cible, valeur),
                commentaire,
                saisie,
                saisi_le,
                etat,
            ]

    return colonnes, lignes()


# contenu → (file name, rows builder, label)
CONTENUS = {
    "fiches": ("fiches-actions", lignes_fiches, "Les fiches-actions"),
    "etapes": ("etapes", lignes_etapes, "Leurs étapes"),
    "journal": ("journal", lignes_journal, "Leur journal de suivi"),
    "mesures": ("mesures-indicateurs", lignes_mesures, "Les mesures de leurs indicateurs"),
}
