"""Demonstration of the young ambassadors programme (fiche 2.1): invented young people at every
stage, their interventions at the demonstration's partner events and elsewhere, and a few people
out of the programme for more than three years, for `anonymiser_ambassadeurs` to find.

Everything invented says so ("[Démo]" at the start of first names and places, e-mails in .invalid).
Idempotent; refused when DEBUG is off. Run after `charger_demo_partenaires` (the kit and the events)
and `charger_demo_ethique` (the staff register, whose members become référents).
"""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ambassadeurs.models import Ambassadeur
from antennes.models import Antenne, MembreEquipe
from demonstration.peuplement_ambassadeurs import PREFIXE, creer_ambassadeurs
from partenaires.models import Evenement, Partenaire, Support, VersionSupport


class Command(BaseCommand):
    help = "Charge un programme fictif de jeunes ambassadeurs (fiche 2.1) pour la démonstration."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Données de démonstration refusées : DEBUG est désactivé (environnement de production)."
            )
        if Ambassadeur.objects.filter(prenom__startswith=PREFIXE).exists():
            self.stdout.write("Programme des ambassadeurs de démonstration déjà chargé : rien à faire.")
            return
        antennes = list(Antenne.objects.order_by("nom")[:4])
        if not antennes:
            raise CommandError("Aucune antenne : lancez d'abord « manage.py charger_plan ».")
        referents = list(MembreEquipe.objects.filter(date_depart__isnull=True).order_by("nom", "pk")[:3])
        with transaction.atomic():
            ambassadeurs, interventions = creer_ambassadeurs(
                random.Random(2021),
                timezone.localdate(),
                1,
                antennes,
                referents,
                list(VersionSupport.objects.filter(support__nature=Support.Nature.KIT_AMBASSADEUR)),
                list(Evenement.objects.filter(date__lte=timezone.localdate()).order_by("-date")[:4]),
                list(Partenaire.objects.values_list("pk", flat=True)[:20]),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(ambassadeurs)} ambassadeurs et {len(interventions)} interventions fictifs chargés."
            )
        )
