from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demonstration.peuplement import Peuplement


class Command(BaseCommand):
    help = (
        "Crée des données fictives à N fois le volume d'une Mission Locale (5 ans de journal, "
        "indicateurs, partenaires, territoire, instances) pour mesurer les performances."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiplicateur du volume (1 = une Mission Locale)."
        )
        parser.add_argument(
            "--graine", type=int, default=2024, help="Graine du hasard (données reproductibles)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Accepter de s'exécuter alors que DEBUG est désactivé (base de mesure dédiée uniquement).",
        )

    def handle(self, *args, scale, graine, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Données fictives refusées : DEBUG est désactivé (environnement de production). "
                "Sur une base dédiée aux mesures, ajoutez --force."
            )
        if scale < 1:
            raise CommandError("--scale doit valoir 1 ou plus.")
        if get_user_model().objects.filter(username__startswith="fictif-").exists():
            raise CommandError(
                "Cette base contient déjà des données fictives : videz-la d'abord (manage.py flush)."
            )
        self.stdout.write(f"Données fictives à l'échelle {scale} :")
        Peuplement(scale, graine=graine, sortie=self.stdout).executer()
        self.stdout.write(self.style.SUCCESS("Données fictives créées."))
