import json

from django.core.management.base import BaseCommand, CommandError

from plan.models import Plan, exporter_plan


class Command(BaseCommand):
    help = "Écrit le plan en JSON sur la sortie standard (partage et archivage)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", help="Période du plan, par exemple 2024-2029 (par défaut : le plan en vigueur)."
        )

    def handle(self, *args, **options):
        if options["plan"]:
            try:
                debut, fin = (int(x) for x in options["plan"].split("-"))
            except ValueError as exc:
                raise CommandError("Période attendue sous la forme 2024-2029.") from exc
            plan = Plan.objects.filter(annee_debut=debut, annee_fin=fin).first()
            if plan is None:
                raise CommandError(f"Aucun plan {debut}-{fin} en base.")
        else:
            plan = Plan.objects.en_vigueur()
            if plan is None:
                raise CommandError("Aucun plan en base : lancez d'abord « manage.py charger_plan ».")
        self.stdout.write(json.dumps(exporter_plan(plan), ensure_ascii=False, indent=2))
