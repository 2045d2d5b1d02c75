"""The offer matrix of fiche 1.2: each theme of the catalogue × each antenne, and how homogeneous it is.

A theme counts as offered by an antenne whether it is delivered in the antenne or through a
partner's permanence: the plan asks for the same offer everywhere, not the same staff everywhere.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Antenne, OffreAntenne, ThemeOffre

Modalite = OffreAntenne.Modalite


@dataclass
class Cellule:
    antenne: Antenne
    theme: ThemeOffre
    offre: OffreAntenne | None

    @property
    def modalite(self):
        return self.offre.modalite if self.offre else Modalite.ABSENT

    @property
    def libelle(self):
        return Modalite(self.modalite).label

    @property
    def est_offert(self):
        return self.modalite != Modalite.ABSENT


@dataclass
class Ligne:
    antenne: Antenne
    cellules: list

    @property
    def nb_offerts(self):
        return sum(1 for c in self.cellules if c.est_offert)

    @property
    def score(self):
        return _part(self.nb_offerts, len(self.cellules))

    @property
    def est_complete(self):
        return bool(self.cellules) and self.nb_offerts == len(self.cellules)


class Matrice:
    def __init__(self, antennes, themes, offres):
        self.themes = themes
        cases = {(o.antenne_id, o.theme_id): o for o in offres}
        self.lignes = [
            Ligne(antenne, [Cellule(antenne, theme, cases.get((antenne.pk, theme.pk))) for theme in themes])
            for antenne in antennes
        ]

    @property
    def scores_par_theme(self):
        """[(theme, share of antennes offering it)] in catalogue order."""
        return [
            (theme, _part(sum(1 for ligne in self.lignes if ligne.cellules[i].est_offert), len(self.lignes)))
            for i, theme in enumerate(self.themes)
        ]

    @property
    def manques(self):
        return [c for ligne in self.lignes for c in ligne.cellules if not c.est_offert]

    @property
    def part_antennes_completes(self):
        if not self.lignes or not self.themes:
            return None
        return _part(sum(1 for ligne in self.lignes if ligne.est_complete), len(self.lignes))

    @property
    def score_global(self):
        cellules = [c for ligne in self.lignes for c in ligne.cellules]
        return _part(sum(1 for c in cellules if c.est_offert), len(cellules))


def _part(nombre, total):
    return Decimal(nombre * 100) / Decimal(total) if total else None


def matrice():
    """The whole matrix in three queries."""
    return Matrice(
        list(Antenne.objects.select_related("commune")),
        list(ThemeOffre.objects.all()),
        list(OffreAntenne.objects.select_related("referent", "partenaire")),
    )
