"""The coverage matrix of fiche 1.4: each shared procedure × each antenne, deployed in its current
version, in an older one, or not at all."""

from dataclasses import dataclass
from decimal import Decimal

from .models import Antenne, DeploiementProcedure, Procedure


@dataclass
class Case:
    procedure: Procedure
    antenne: Antenne
    deploiement: DeploiementProcedure | None

    @property
    def etat(self):
        if self.deploiement is None:
            return "absent"
        return "a-jour" if self.deploiement.version_id == self.procedure.version_courante.pk else "ancienne"

    @property
    def libelle(self):
        return {"absent": "Non déployée", "a-jour": "À jour", "ancienne": "Ancienne version"}[self.etat]


class Couverture:
    def __init__(self, procedures, antennes, deploiements):
        dernier = {}
        for d in deploiements:  # newest version first: the first seen per pair is the latest
            dernier.setdefault((d.version.procedure_id, d.antenne_id), d)
        self.antennes = antennes
        self.procedures = procedures
        self.lignes = [
            (p, [Case(p, a, dernier.get((p.pk, a.pk))) for a in antennes])
            for p in procedures
            if p.version_courante
        ]
        self.sans_version = [p for p in procedures if not p.version_courante]

    @property
    def part_a_jour(self):
        cases = [c for _, ligne in self.lignes for c in ligne]
        if not cases:
            return None
        return Decimal(sum(1 for c in cases if c.etat == "a-jour") * 100) / Decimal(len(cases))


def couverture():
    """Procedures with their current version, antennes, deployments: three queries."""
    procedures = list(Procedure.objects.prefetch_related("versions"))
    for p in procedures:
        versions = list(p.versions.all())
        p.version_courante = max(versions, key=lambda v: v.numero) if versions else None
    return Couverture(
        procedures,
        list(Antenne.objects.all()),
        list(DeploiementProcedure.objects.select_related("version").order_by("-version__numero", "-date")),
    )
