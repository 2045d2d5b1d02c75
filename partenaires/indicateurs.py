"""Computed indicators of the partnerships (fiche 3.1), the partners' booklet (3.2) and the young
people's guide (2.2), see suivi.indicateurs. Targets other than 100 % are starting points that the
fiche's pilot can change on the indicator."""

from decimal import Decimal

from suivi.indicateurs import indicateur

from . import statistiques as stats
from .models import Partenaire, Support

LIVRET = Support.Nature.LIVRET_PARTENAIRES
GUIDE = Support.Nature.GUIDE_JEUNES


@indicateur(
    code="partenaires-avec-contact",
    fiche="3.1",
    libelle="Part des partenaires ayant une personne contact",
    unite="%",
    cible=100,
    description=(
        "Partenaires dont la fiche nomme une personne contact, rapportés à tous les partenaires enregistrés."
    ),
)
def part_des_partenaires_avec_contact(jour):
    total = Partenaire.objects.count()
    if not total:
        return None
    return stats.part(Partenaire.objects.avec_contact().count(), total)


@indicateur(
    code="partenaires-recenses",
    fiche="3.1",
    libelle="Partenaires recensés dans l'annuaire",
    unite="partenaires",
    cible=495,
    description="Partenaires enregistrés dans l'annuaire, à rapprocher des 495 du projet (§ 5.3).",
)
def partenaires_recenses(jour):
    return Partenaire.objects.count()


@indicateur(
    code="partenaires-presents-12-mois",
    fiche="3.1",
    libelle="Part des partenaires venus à un temps fort ou une rencontre thématique (12 mois)",
    unite="%",
    cible=50,
    description=(
        "Partenaires présents à au moins un temps fort ou une rencontre thématique des 12 derniers mois, "
        "rapportés à tous les partenaires enregistrés."
    ),
)
def part_des_partenaires_presents(jour):
    totaux = stats.couverture(jour)
    return stats.part(totaux["presents"], totaux["total"])


@indicateur(
    code="rencontres-partenaires-12-mois",
    fiche="3.1",
    libelle="Temps forts et rencontres thématiques tenus (12 mois)",
    unite="rencontres",
    cible=4,
    description="Temps forts partenariaux et rencontres thématiques des 12 derniers mois.",
)
def rencontres_tenues(jour):
    return stats.rencontres(jour).count()


@indicateur(
    code="champs-representes-12-mois",
    fiche="3.1",
    libelle="Part des champs d'intervention représentés aux rencontres (12 mois)",
    unite="%",
    cible=100,
    description=(
        "Champs d'intervention dont au moins un partenaire est venu à un temps fort ou une rencontre "
        "thématique des 12 derniers mois, parmi les champs qui comptent des partenaires."
    ),
)
def part_des_champs_representes(jour):
    champs = [c for c in stats.par_champ(jour) if c.nb_partenaires]
    return stats.part(sum(1 for c in champs if c.nb_presents), len(champs))


@indicateur(
    code="supports-a-jour",
    fiche="3.2",
    libelle="Part des supports de communication à jour",
    unite="%",
    cible=100,
    description="Supports (livret, guide, kit...) dont la date de revue n'est pas dépassée.",
)
def part_des_supports_a_jour(jour):
    return stats.supports_a_jour(jour)


@indicateur(
    code="livret-exemplaires-12-mois",
    fiche="3.2",
    libelle="Livrets remis aux partenaires, élus et financeurs (12 mois)",
    unite="exemplaires",
    cible=500,
    description="Exemplaires du livret des partenaires remis ou envoyés dans les 12 derniers mois.",
)
def livrets_remis(jour):
    return stats.exemplaires(LIVRET, jour, ["partenaire", "elu", "financeur"])


@indicateur(
    code="livret-partenaires-destinataires",
    fiche="3.2",
    libelle="Part des partenaires ayant reçu le livret",
    unite="%",
    cible=100,
    description="Partenaires de l'annuaire à qui le livret a été remis au moins une fois.",
)
def part_des_partenaires_ayant_recu_le_livret(jour):
    return stats.part_des_partenaires_ayant_recu(LIVRET, jour)


@indicateur(
    code="livret-formats",
    fiche="3.2",
    libelle="Formats du livret disponibles",
    unite="formats",
    cible=3,
    description="Formats du livret des partenaires : papier, e-plaquette, version web (et vidéo).",
)
def formats_du_livret(jour):
    return stats.formats_disponibles(LIVRET)


@indicateur(
    code="guide-themes-couverts",
    fiche="2.2",
    libelle="Part des thèmes de l'offre couverts par le guide des jeunes",
    unite="%",
    cible=100,
    description="Thèmes de l'offre de service destinés aux jeunes que présente au moins un guide des jeunes.",
)
def part_des_themes_du_guide(jour):
    themes = stats.themes_couverts(GUIDE)
    return stats.part(themes["couverts"], themes["total"])


@indicateur(
    code="guide-exemplaires-12-mois",
    fiche="2.2",
    libelle="Guides de l'offre remis (12 mois)",
    unite="exemplaires",
    cible=1000,
    description="Exemplaires du guide de l'offre pour les jeunes remis ou envoyés dans les 12 derniers mois.",
)
def guides_remis(jour):
    return Decimal(stats.exemplaires(GUIDE, jour))
