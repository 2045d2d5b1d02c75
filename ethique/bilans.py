"""Figures per antenne for the charter and the awareness plan: who is on the register, who read
the charter in force, who attended a session in the last 12 months, how many young people
committed. Three queries whatever the number of antennes and people; counts only, no names."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from antennes.models import Antenne

from .models import ANNEE, EngagementsJeunes, membres_presents


def part(nombre, total):
    """`nombre` out of `total` as a percentage, or None when there is nothing to divide."""
    if not total:
        return None
    return Decimal(nombre * 100) / Decimal(total)


@dataclass
class LigneAntenne:
    antenne: Antenne | None  # None: staff attached to no antenne
    effectif: int = 0
    connaissance: int = 0
    sensibilises: int = 0
    engagements_jeunes: int = 0

    @property
    def nom(self):
        return self.antenne.nom if self.antenne else "Sans antenne de rattachement"

    @property
    def part_connaissance(self):
        return part(self.connaissance, self.effectif)

    @property
    def part_sensibilises(self):
        return part(self.sensibilises, self.effectif)


@dataclass
class Bilan:
    charte: object
    jour: object
    lignes: list = field(default_factory=list)

    @property
    def total(self):
        return LigneAntenne(
            antenne=None,
            effectif=sum(ligne.effectif for ligne in self.lignes),
            connaissance=sum(ligne.connaissance for ligne in self.lignes),
            sensibilises=sum(ligne.sensibilises for ligne in self.lignes),
            engagements_jeunes=sum(ligne.engagements_jeunes for ligne in self.lignes),
        )

    @property
    def antennes_couvertes(self):
        return sum(1 for ligne in self.lignes if ligne.antenne and ligne.sensibilises)

    @property
    def antennes_avec_equipe(self):
        return sum(1 for ligne in self.lignes if ligne.antenne and ligne.effectif)


def bilan_par_antenne(charte, jour=None):
    """Every antenne (those without staff too), then the staff attached to none if any.
    `charte` is the version whose acknowledgements and commitments are counted (None: none)."""
    jour = jour or timezone.localdate()
    sessions = Q(sensibilisations_suivies__date__gt=jour - ANNEE, sensibilisations_suivies__date__lte=jour)
    comptes = {
        "effectif": Count("pk", distinct=True),
        "sensibilises": Count("pk", filter=sessions, distinct=True),
    }
    if charte is not None:
        comptes["connaissance"] = Count(
            "pk",
            filter=Q(
                prises_de_connaissance_charte__charte=charte, prises_de_connaissance_charte__date__lte=jour
            ),
            distinct=True,
        )
    par_antenne = {
        ligne.pop("antenne_id"): ligne
        for ligne in membres_presents(jour).values("antenne_id").annotate(**comptes).order_by()
    }
    engagements = {}
    if charte is not None:
        engagements = dict(
            EngagementsJeunes.objects.filter(charte=charte, mois__lte=jour)
            .values("antenne_id")
            .annotate(total=Sum("nombre"))
            .order_by()
            .values_list("antenne_id", "total")
        )
    lignes = [
        LigneAntenne(
            antenne=antenne,
            engagements_jeunes=engagements.get(antenne.pk, 0),
            **par_antenne.get(antenne.pk, {}),
        )
        for antenne in Antenne.objects.only("pk", "nom", "est_siege")
    ]
    if None in par_antenne:
        lignes.append(LigneAntenne(antenne=None, **par_antenne[None]))
    return Bilan(charte=charte, jour=jour, lignes=lignes)
