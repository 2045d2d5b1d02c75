"""The coverage matrix of fiche 1.4: each shared procedure × each antenne, deployed in its current
version, in an older one, or not at all."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.html import format_html, format_html_join

from mission_locale.formats import date_longue

from .models import Antenne, DeploiementProcedure, Procedure, VersionProcedure

ETATS = {
    # state: (label, CSS class of the cell)
    "a-jour": ("À jour", "case-antenne"),
    "ancienne": ("Ancienne version", "case-partenaire"),
    "absent": ("Non déployée", "case-absent"),
}


@dataclass(frozen=True)
class VersionCourante:
    """The version in force of a procedure, as much of it as the matrix reads."""

    pk: int
    numero: int


@dataclass(frozen=True)
class Deploiement:
    """The latest deployment of a procedure in an antenne, as plain values."""

    version_id: int
    numero: int
    date: object
    personnes_formees: int


def etat_du_deploiement(procedure, deploiement):
    """ "absent", "a-jour" (the antenne runs the version in force) or "ancienne"."""
    if deploiement is None:
        return "absent"
    return "a-jour" if deploiement.version_id == procedure.version_courante.pk else "ancienne"


def cellule(procedure, deploiement):
    """One cell of the matrix, written in Python: a page of it has thousands of cells at twenty
    times the volumes (15 procedures × 200 antennes), too many for a template loop."""
    libelle, classe = ETATS[etat_du_deploiement(procedure, deploiement)]
    if deploiement is None:
        return format_html('<td class="{}">{}</td>', classe, libelle)
    formees = deploiement.personnes_formees
    return format_html(
        '<td class="{}">{}<br><span class="small">v{}, {}, {} formée{}</span></td>',
        classe,
        libelle,
        deploiement.numero,
        date_longue(deploiement.date),
        formees,
        "s" if formees > 1 else "",
    )


class Couverture:
    """The procedures (each with its `version_courante`), the antennes, and the share of
    procedure × antenne pairs up to date, counted by the database."""

    def __init__(self, procedures, antennes, paires_a_jour):
        self.procedures = procedures
        self.antennes = antennes
        self.avec_version = [p for p in procedures if p.version_courante]
        self.sans_version = [p for p in procedures if not p.version_courante]
        self.paires_a_jour = paires_a_jour

    @property
    def part_a_jour(self):
        paires = len(self.avec_version) * len(self.antennes)
        return Decimal(self.paires_a_jour * 100) / Decimal(paires) if paires else None

    def lignes_de(self, procedures):
        """[(procedure, cells as HTML)] for `procedures` (a page of them), from one query on their
        deployments only: the whole matrix is 40 000 pairs at twenty times the volumes."""
        dernier = {}
        deploiements = (
            DeploiementProcedure.objects.filter(version__procedure__in=[p.pk for p in procedures])
            .order_by("-version__numero", "-date")
            .values_list(
                "version__procedure_id",
                "antenne_id",
                "version_id",
                "version__numero",
                "date",
                "personnes_formees",
            )
        )
        for procedure_id, antenne_id, *valeurs in deploiements:
            # Newest version first: the first seen per pair is the latest.
            dernier.setdefault((procedure_id, antenne_id), Deploiement(*valeurs))
        return [
            (
                p,
                format_html_join("", "{}", ((cellule(p, dernier.get((p.pk, a.pk))),) for a in self.antennes)),
            )
            for p in procedures
        ]


def versions_en_vigueur_d_abord(procedure):
    """The versions of `procedure` (an id or an OuterRef), the one in force first: the highest
    number."""
    return VersionProcedure.objects.filter(procedure=procedure).order_by("-numero")


def couverture():
    """Procedures with the number and id of their current version, antennes, pairs up to date:
    three queries.

    A pair is up to date when the antenne has a deployment of the procedure's current version (its
    highest number): the latest deployment of a pair is then that version, since deployments are
    read newest version first (see `lignes_de`)."""
    versions = versions_en_vigueur_d_abord(OuterRef("pk"))
    procedures = list(
        Procedure.objects.annotate(
            courante_id=Subquery(versions.values("pk")[:1]),
            courante_numero=Subquery(versions.values("numero")[:1]),
        )
    )
    for p in procedures:
        p.version_courante = VersionCourante(p.courante_id, p.courante_numero) if p.courante_id else None
    courante = versions_en_vigueur_d_abord(OuterRef("version__procedure")).values("pk")[:1]
    paires_a_jour = (
        DeploiementProcedure.objects.filter(version=Subquery(courante))
        .order_by()
        .values("version__procedure", "antenne")
        .distinct()
        .count()
    )
    return Couverture(procedures, list(Antenne.objects.all()), paires_a_jour)
