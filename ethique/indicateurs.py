"""Computed indicators of axis 4 (fiches 4.1 and 4.2), see suivi.indicateurs. Each is a share of
the staff, antennes or partners on `jour`, from the records of this app: a few queries each."""

from partenaires.models import Partenaire
from suivi.indicateurs import indicateur

from .bilans import bilan_par_antenne, part
from .models import Charte, Sensibilisation, membres_presents


@indicateur(
    code="charte-prise-de-connaissance",
    fiche="4.1",
    libelle="Part de l'équipe ayant pris connaissance de la charte en vigueur",
    unite="%",
    cible=100,
    description=(
        "Membres de l'équipe présents au registre qui ont pris connaissance de la version en vigueur de "
        "la charte d'engagement, rapportés à tous les membres présents (0 % tant qu'aucune version n'est "
        "adoptée)."
    ),
)
def part_de_l_equipe_ayant_pris_connaissance(jour):
    presents = membres_presents(jour)
    total = presents.count()
    if not total:
        return None
    charte = Charte.objects.en_vigueur(jour)
    if charte is None:
        # Nobody has read a charter that does not exist yet: fiche 4.1 starts from 0.
        return 0
    informes = presents.filter(
        prises_de_connaissance_charte__charte=charte, prises_de_connaissance_charte__date__lte=jour
    ).count()
    return part(informes, total)


@indicateur(
    code="charte-prise-de-connaissance-antenne-la-plus-basse",
    fiche="4.1",
    libelle="Part de l'équipe ayant pris connaissance de la charte, dans l'antenne la plus en retrait",
    unite="%",
    cible=100,
    description=(
        "La plus faible des parts d'équipe ayant pris connaissance de la charte en vigueur, parmi les "
        "antennes qui comptent des membres présents : la charte est partagée partout quand elle atteint "
        "100 %. Le détail par antenne est sur la page de la charte (0 % tant qu'aucune version "
        "n'est adoptée)."
    ),
)
def part_dans_l_antenne_la_plus_en_retrait(jour):
    charte = Charte.objects.en_vigueur(jour)
    lignes = [ligne for ligne in bilan_par_antenne(charte, jour).lignes if ligne.antenne and ligne.effectif]
    if not lignes:
        return None
    return min(ligne.part_connaissance for ligne in lignes)


@indicateur(
    code="sensibilisation-equipe-12-mois",
    fiche="4.2",
    libelle="Part de l'équipe sensibilisée dans les 12 derniers mois",
    unite="%",
    cible=100,
    description=(
        "Membres de l'équipe présents qui ont participé à au moins un atelier ou une formation de "
        "sensibilisation (diversité, égalité des chances, lutte contre les discriminations…) dans les "
        "12 derniers mois, rapportés à tous les membres présents."
    ),
)
def part_de_l_equipe_sensibilisee(jour):
    presents = membres_presents(jour)
    total = presents.count()
    if not total:
        return None
    sessions = Sensibilisation.objects.des_douze_mois(jour)
    sensibilises = presents.filter(sensibilisations_suivies__in=sessions).distinct().count()
    return part(sensibilises, total)


@indicateur(
    code="sensibilisation-antennes-couvertes",
    fiche="4.2",
    libelle="Part des antennes couvertes par la sensibilisation dans les 12 derniers mois",
    unite="%",
    cible=100,
    description=(
        "Antennes dont au moins un membre de l'équipe présent a participé à une action de "
        "sensibilisation dans les 12 derniers mois, rapportées aux antennes qui comptent des membres "
        "présents."
    ),
)
def part_des_antennes_couvertes(jour):
    lignes = [ligne for ligne in bilan_par_antenne(None, jour).lignes if ligne.antenne and ligne.effectif]
    if not lignes:
        return None
    return part(sum(1 for ligne in lignes if ligne.sensibilises), len(lignes))


@indicateur(
    code="sensibilisation-partenaires-touches",
    fiche="4.2",
    libelle="Part des partenaires touchés par la sensibilisation dans les 12 derniers mois",
    unite="%",
    cible=100,
    description=(
        "Partenaires enregistrés dont au moins un représentant a participé à une action de "
        "sensibilisation dans les 12 derniers mois, rapportés à tous les partenaires enregistrés."
    ),
)
def part_des_partenaires_touches(jour):
    total = Partenaire.objects.count()
    if not total:
        return None
    touches = (
        Partenaire.objects.filter(sensibilisations__in=Sensibilisation.objects.des_douze_mois(jour))
        .distinct()
        .count()
    )
    return part(touches, total)
