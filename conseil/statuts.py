"""The statutes' minimum number of meetings a year (CA, bureau, AG), checked against the meetings
recorded for that year, held or planned. Read by the dashboard's warning and the association page.

One query: the organisation's minimums with the year's meetings counted per type and statut.
"""

from dataclasses import dataclass

from django.utils import timezone

from mission_locale.requetes import compte
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
    comptes = {}
    for type_ in MINIMUMS:
        de_l_annee = Instance.objects.filter(type=type_, date__year=annee).order_by()
        for cle, instances in (
            (f"{type_}_tenues", de_l_annee.filter(statut=Instance.Statut.TENUE)),
            (f"{type_}_prevues", de_l_annee.exclude(statut=Instance.Statut.TENUE)),
        ):
            comptes[cle] = compte(instances, "type")
    organisation = Organisation.objects.only(*MINIMUMS.values()).annotate(**comptes).first()
    if organisation is None:
        return None
    exigences = [
        ExigenceStatutaire(
            type=type_,
            libelle=Instance.Type(type_).label,
            minimum=getattr(organisation, champ),
            tenues=getattr(organisation, f"{type_}_tenues"),
            prevues=getattr(organisation, f"{type_}_prevues"),
        )
        for type_, champ in MINIMUMS.items()
    ]
    return CalendrierStatutaire(annee=annee, exigences=exigences)
