"""Computed indicators of the young ambassadors programme (fiche 2.1), see suivi.indicateurs. They
count from the stage dates and the interventions, which anonymisation keeps, so an anonymised
ambassador still counts. Targets are starting points that the fiche's pilot can change."""

from datetime import date, timedelta

from suivi.indicateurs import indicateur, pour_fiche

from .models import Ambassadeur, Intervention

FICHE = "2.1"


def debut_du_trimestre(jour):
    return date(jour.year, 3 * ((jour.month - 1) // 3) + 1, 1)


@indicateur(
    code="ambassadeurs-actifs",
    fiche=FICHE,
    libelle="Jeunes ambassadeurs actifs",
    unite="jeunes",
    cible=12,
    description="Ambassadeurs devenus actifs et pas encore sortis du programme, au jour de la mesure.",
)
def ambassadeurs_actifs(jour):
    return Ambassadeur.objects.actifs_le(jour).count()


@indicateur(
    code="ambassadeurs-interventions-trimestre",
    fiche=FICHE,
    libelle="Interventions des ambassadeurs dans le trimestre",
    unite="interventions",
    cible=6,
    description=(
        "Réunions, forums, événements, journées portes ouvertes et témoignages tenus depuis le début du "
        "trimestre civil en cours."
    ),
)
def interventions_du_trimestre(jour):
    return Intervention.objects.entre(debut_du_trimestre(jour), jour).count()


@indicateur(
    code="ambassadeurs-jeunes-touches-12-mois",
    fiche=FICHE,
    libelle="Jeunes touchés par les ambassadeurs (12 mois)",
    unite="jeunes",
    cible=500,
    description=(
        "Public des interventions des 12 derniers mois, additionné (une personne venue deux fois "
        "compte deux fois)."
    ),
)
def jeunes_touches(jour):
    return Intervention.objects.entre(jour - timedelta(days=365), jour).order_by().totaux()["public"]


@indicateur(
    code="ambassadeurs-fidelisation",
    fiche=FICHE,
    libelle="Ambassadeurs toujours actifs un an après leur entrée dans le réseau",
    unite="%",
    cible=60,
    description=(
        "Parmi les ambassadeurs devenus actifs il y a plus d'un an, la part qui l'est encore au jour de la "
        "mesure : la continuité du réseau voulue par la fiche."
    ),
)
def fidelisation(jour):
    anciens = Ambassadeur.objects.filter(date_actif__lte=jour - timedelta(days=365))
    total = anciens.count()
    if not total:
        return None
    return 100 * anciens.actifs_le(jour).count() / total


def valeurs(jour):
    """[(declaration, value)] of this fiche's indicators, for the figures page."""
    return [(d, d.calculer(jour)) for d in pour_fiche(FICHE)]
