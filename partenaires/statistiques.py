"""Figures of the partnerships, shared by the computed indicators and the pages (bounded queries)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from antennes.models import ThemeOffre

from .models import (
    ChampIntervention,
    Diffusion,
    Evenement,
    Partenaire,
    Participation,
    Support,
    VersionSupport,
)

FENETRE = timedelta(days=365)
TYPES_RENCONTRES = [Evenement.Type.TEMPS_FORT, Evenement.Type.RENCONTRE]


def part(nombre, total):
    return None if not total else Decimal(nombre * 100) / Decimal(total)


def presence_recente(jour, partenaire="pk"):
    """Q: the partner (`partenaire`, its path from the model queried) was present at a temps fort or
    thematic meeting in the 12 months up to `jour`. Tested against the set of those partners, which
    the database computes once and hashes, rather than through a join: the join multiplied each
    partner by its participations and the counts had to undo it with DISTINCT (10 000 partners ×
    10 000 participations at 20 times the volumes)."""
    presents = Participation.objects.filter(
        present=True,
        evenement__date__gt=jour - FENETRE,
        evenement__date__lte=jour,
        evenement__type__in=TYPES_RENCONTRES,
    ).values("partenaire_id")
    return Q(**{f"{partenaire}__in": presents})


def couverture(jour):
    """Partners recorded, with a contact, present at a meeting in the last 12 months. One query."""
    totaux = Partenaire.objects.aggregate(
        total=Count("pk"),
        avec_contact=Count("pk", filter=~Q(contact_nom="")),
        presents=Count("pk", filter=presence_recente(jour)),
    )
    totaux["part_contact"] = part(totaux["avec_contact"], totaux["total"])
    totaux["part_presents"] = part(totaux["presents"], totaux["total"])
    return totaux


def par_champ(jour):
    """Each champ with its partners, those with a contact, those present lately. One query."""
    champs = list(
        ChampIntervention.objects.annotate(
            nb_partenaires=Count("partenaires"),
            nb_avec_contact=Count("partenaires", filter=~Q(partenaires__contact_nom="")),
            nb_presents=Count("partenaires", filter=presence_recente(jour, "partenaires")),
        ).order_by("nom")
    )
    for champ in champs:
        champ.part_contact = part(champ.nb_avec_contact, champ.nb_partenaires)
        champ.part_presents = part(champ.nb_presents, champ.nb_partenaires)
    return champs


def rencontres(jour):
    return Evenement.objects.filter(type__in=TYPES_RENCONTRES, date__gt=jour - FENETRE, date__lte=jour)


def supports_a_jour(jour):
    totaux = Support.objects.aggregate(
        total=Count("pk"), a_jour=Count("pk", filter=Q(revue_prevue_le__gte=jour))
    )
    return part(totaux["a_jour"], totaux["total"])


def exemplaires(nature, jour, destinataires=None):
    diffusions = Diffusion.objects.filter(support__nature=nature, date__gt=jour - FENETRE, date__lte=jour)
    if destinataires:
        diffusions = diffusions.filter(type_destinataire__in=destinataires)
    return diffusions.aggregate(n=Sum("quantite", default=0))["n"]


def part_des_partenaires_ayant_recu(nature, jour):
    totaux = Partenaire.objects.aggregate(
        total=Count("pk", distinct=True),
        servis=Count(
            "pk",
            filter=Q(diffusions__support__nature=nature, diffusions__date__lte=jour),
            distinct=True,
        ),
    )
    return part(totaux["servis"], totaux["total"])


def formats_disponibles(nature):
    return VersionSupport.objects.filter(support__nature=nature).values("format").distinct().count()


def themes_couverts(nature, public=ThemeOffre.Public.JEUNES):
    """(covered, total) themes of the offer, for that public, across the materials of that nature."""
    return ThemeOffre.objects.filter(public=public).aggregate(
        total=Count("pk", distinct=True),
        couverts=Count("pk", filter=Q(supports__nature=nature), distinct=True),
    )
