"""The statutes' minimum number of meetings a year (CA, bureau, AG), checked against the meetings
recorded for that year, held or planned. Read by the dashboard's warning and the association page.

Two queries: the organisation's minimums and one count of the year's meetings per type and statut.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from plan.models import Organisation

from .models import Instance

# Meeting type → the Organisation field holding its yearly minimum.
MINIMUMS = {
    Instance.Type.CA: "reunions_ca_min_par_an",
    Instance.Type.BUREAU: "reunions_bureau_min_par_an",
    Instance.Type.AG: "ag_par_an",
}


@dataclass(frozen=True)
class ExigenceStatutaire:
    type: str
    libelle: str
    minimum: int
    tenues: int
    prevues: int

    @property
    def total(self):
        return self.tenues + self.prevues

    @property
    def manquantes(self):
        return max(0, self.minimum - self.total)

    @property
    def est_respectee(self):
        return self.manquantes == 0


@dataclass(frozen=True)
class CalendrierStatutaire:
    annee: int
    exigences: list

    @property
    def manques(self):
        return [e for e in self.exigences if not e.est_respectee]

    @property
    def est_complet(self):
        return not self.manques


def calendrier_statutaire(annee=None):
    """The year's meetings against the statutes (the current year by default), or None before the
    organisation is loaded. A planned meeting counts: the warning is about the calendar, and it
    goes away as soon as the missing meetings are planned."""
    annee = annee or timezone.localdate().year
    organisation = Organisation.objects.only(*MINIMUMS.values()).first()
    if organisation is None:
        return None
    tenue = Q(statut=Instance.Statut.TENUE)
    comptes = Instance.objects.filter(date__year=annee).aggregate(
        **{f"{type_}_tenues": Count("pk", filter=Q(type=type_) & tenue) for type_ in MINIMUMS},
        **{f"{type_}_prevues": Count("pk", filter=Q(type=type_) & ~tenue) for type_ in MINIMUMS},
    )
    exigences = [
        ExigenceStatutaire(
            type=type_,
            libelle=Instance.Type(type_).label,
            minimum=getattr(organisation, champ),
            tenues=comptes[f"{type_}_tenues"],
            prevues=comptes[f"{type_}_prevues"],
        )
        for type_, champ in MINIMUMS.items()
    ]
    return CalendrierStatutaire(annee=annee, exigences=exigences)
