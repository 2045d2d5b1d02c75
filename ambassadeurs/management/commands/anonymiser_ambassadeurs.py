"""Anonymise the ambassadors whose retention period is over; run daily by cron (see the README)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from ambassadeurs.models import Ambassadeur
from mission_locale.formats import date_longue


class Command(BaseCommand):
    help = (
        "Anonymise les jeunes sortis du programme des ambassadeurs sans contact depuis plus de trois ans. "
        "Sans --appliquer, liste seulement ce qui serait anonymisé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--appliquer", action="store_true", help="Anonymiser pour de bon.")

    def handle(self, *args, appliquer, **options):
        jour = timezone.localdate()
        expires = list(Ambassadeur.objects.a_anonymiser(jour).select_related("antenne"))
        if not expires:
            self.stdout.write("Aucun ambassadeur à anonymiser.")
            return
        for ambassadeur in expires:
            # The dry run names nobody either: its output may land in a cron mail.
            self.stdout.write(
                f"- n°{ambassadeur.pk}, {ambassadeur.antenne}, {ambassadeur.get_etape_display().lower()}, "
                f"dernier contact le {date_longue(ambassadeur.dernier_contact_le)}"
            )
            if appliquer:
                ambassadeur.anonymiser(jour)
        if appliquer:
            self.stdout.write(self.style.SUCCESS(f"{len(expires)} ambassadeur(s) anonymisé(s)."))
        else:
            self.stdout.write(
                f"{len(expires)} ambassadeur(s) à anonymiser. "
                "Rien n'a été modifié : relancez avec --appliquer pour anonymiser."
            )
