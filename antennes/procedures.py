"""The coverage matrix of fiche 1.4: each shared procedure × each antenne, deployed in its current
version, in an older one, or not at all."""

from dataclasses import dataclass
from decimal import Decimal

from .models import Antenne, DeploiementProcedure, Procedure


@dataclass(frozen=True)
class Deploiement:
    """The latest deployment of a procedure in an antenne, as plain values (tens of thousands of
    pairs at 20 times the volumes: model instances cost more than the query)."""

    version_id: int
    numero: int
    date: object
    personnes_formees: int


def etat_du_deploiement(procedure, deploiement):
    """ "absent", "a-jour" (the antenne runs the version in force) or "ancienne"."""
    if deploiement is None:
        return "absent"
    return "a-jour" if deploiement.version_id == procedure.version_courante.pk else "ancienne"


@dataclass
class Case:
    procedure: Procedure
    antenne: Antenne
    deploiement: Deploiement | None

    @property
    def etat(self):
        return etat_du_deploiement(self.procedure, self.deploiement)

    @property
    def libelle(self):
        return {"absent": "Non déployée", "a-jour": "À jour", "ancienne": "Ancienne version"}[self.etat]


class Couverture:
    def __init__(self, procedures, antennes, deploiements):
        self.dernier = {}
        for procedure_id, antenne_id, *valeurs in deploiements:
            # Newest version first: the first seen per pair is the latest.
            if (procedure_id, antenne_id) not in self.dernier:
                self.dernier[procedure_id, antenne_id] = Deploiement(*valeurs)
        self.antennes = antennes
        self.procedures = procedures
        self.avec_version = [p for p in procedures if p.version_courante]
        self.sans_version = [p for p in procedures if not p.version_courante]

    def lignes_de(self, procedures):
        """The matrix rows of `procedures` (a page of them: at 20 times the volumes, the whole
        matrix is 40 000 cells)."""
        return [(p, [Case(p, a, self.dernier.get((p.pk, a.pk))) for a in self.antennes]) for p in procedures]

    @property
    def part_a_jour(self):
        paires = len(self.avec_version) * len(self.antennes)
        if not paires:
            return None
        # Counted on the pairs, without a Case each (40 000 of them at 20 times the volumes).
        a_jour = sum(
            1
            for p in self.avec_version
            for a in self.antennes
            if etat_du_deploiement(p, self.dernier.get((p.pk, a.pk))) == "a-jour"
        )
        return Decimal(a_jour * 100) / Decimal(paires)


def couverture():
    """Procedures with their current version, antennes, deployments: three queries."""
    procedures = list(Procedure.objects.prefetch_related("versions"))
    for p in procedures:
        versions = list(p.versions.all())
        p.version_courante = max(versions, key=lambda v: v.numero) if versions else None
    return Couverture(
        procedures,
        list(Antenne.objects.all()),
        DeploiementProcedure.objects.order_by("-version__numero", "-date").values_list(
            "version__procedure_id",
            "antenne_id",
            "version_id",
            "version__numero",
            "date",
            "personnes_formees",
        ),
    )
