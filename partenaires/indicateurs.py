"""Computed indicators of the partnerships (fiche 3.1), see suivi.indicateurs."""

from decimal import Decimal

from suivi.indicateurs import indicateur

from .models import Partenaire


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
    avec_contact = Partenaire.objects.exclude(contact_nom="").count()
    return Decimal(avec_contact * 100) / Decimal(total)
