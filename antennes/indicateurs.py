"""Computed indicators of the territory (fiches 1.1 and 1.2), see suivi.indicateurs."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum

from suivi.indicateurs import indicateur

from . import offre, procedures
from .couverture import RAYON_KM, couverture
from .models import AbsenceConseiller, EvaluationAccueil


@indicateur(
    code="territoire-population-a-10-km",
    fiche="1.1",
    libelle=f"Part de la population à moins de {RAYON_KM} km d'un lieu d'accueil",
    unite="%",
    cible=100,
    description=(
        "Population des communes dont la mairie est à moins de 10 km, à vol d'oiseau (approximation), "
        "d'une antenne ou d'une permanence, rapportée à la population de l'arrondissement (INSEE)."
    ),
)
def population_a_moins_de_10_km(jour):
    etat = couverture()
    return etat.part_population if etat.points else None


@indicateur(
    code="territoire-communes-a-10-km",
    fiche="1.1",
    libelle=f"Part des communes à moins de {RAYON_KM} km d'un lieu d'accueil",
    unite="%",
    cible=100,
    description=(
        "Communes dont la mairie est à moins de 10 km, à vol d'oiseau (approximation), d'une antenne "
        "ou d'une permanence, rapportées aux communes de l'arrondissement."
    ),
)
def communes_a_moins_de_10_km(jour):
    etat = couverture()
    return etat.part_communes if etat.points else None


@indicateur(
    code="offre-antennes-catalogue-complet",
    fiche="1.2",
    libelle="Part des antennes offrant tout le catalogue de l'offre de service",
    unite="%",
    cible=100,
    description=(
        "Antennes qui offrent chaque thème du catalogue, dans l'antenne ou via la permanence d'un "
        "partenaire, rapportées à toutes les antennes enregistrées."
    ),
)
def antennes_catalogue_complet(jour):
    return offre.matrice().part_antennes_completes


@indicateur(
    code="accueil-score-moyen",
    fiche="1.3",
    libelle="Score moyen des espaces d'accueil (dernière évaluation de chaque antenne)",
    unite="/ 100",
    cible=80,
    description=(
        "Moyenne, sur les antennes évaluées, du score de leur dernière évaluation de l'espace d'accueil "
        "(notes de 0 à 4 de la grille, ramenées sur 100). Cible de départ : 80, à ajuster par le pilote."
    ),
)
def score_moyen_des_espaces_d_accueil(jour):
    scores = [e.score for e in EvaluationAccueil.objects.dernieres().avec_score() if e.score is not None]
    return sum(scores) / len(scores) if scores else None


@indicateur(
    code="procedures-deployees-a-jour",
    fiche="1.4",
    libelle="Part des procédures déployées dans leur version en vigueur, antenne par antenne",
    unite="%",
    cible=100,
    description=(
        "Couples procédure × antenne où la version en vigueur de la procédure est déployée, rapportés "
        "à tous les couples (procédures ayant au moins une version validée)."
    ),
)
def procedures_deployees(jour):
    return procedures.couverture().part_a_jour


@indicateur(
    code="continuite-rdv-couverts-12-mois",
    fiche="1.5",
    libelle="Part des rendez-vous couverts pendant les absences des conseillers (12 mois)",
    unite="%",
    cible=100,
    description=(
        "Rendez-vous assurés par un collègue ou reportés en accord avec le jeune, rapportés aux "
        "rendez-vous prévus pendant les absences de conseillers commencées dans les 12 derniers mois."
    ),
)
def rendez_vous_couverts(jour):
    totaux = AbsenceConseiller.objects.filter(
        debut__gt=jour - timedelta(days=365), debut__lte=jour
    ).aggregate(prevus=Sum("rdv_prevus"), couverts=Sum("rdv_couverts"))
    if not totaux["prevus"]:
        return None
    return Decimal(totaux["couverts"] * 100) / Decimal(totaux["prevus"])
