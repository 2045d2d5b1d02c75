from django.core.management.base import BaseCommand
from django.urls import reverse

from conseil import documents
from conseil.models import DocumentRapport, Instance


class Command(BaseCommand):
    help = (
        "Prépare et range les PDF des rapports figés qui ne le sont pas encore, et purge les PDF "
        "provisoires de plus de 7 jours (à lancer toutes les 5 minutes par cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://localhost/", help="Adresse du site (base des liens du PDF)."
        )

    def handle(self, *args, url, **options):
        base = url.rstrip("/") + reverse("accueil")
        prepares = 0
        for instance in Instance.objects.filter(rapport_fige__isnull=False).select_related("rapport_fige"):
            document, a_preparer = documents.reserver(instance)
            if a_preparer:
                documents.preparer(document, instance, base)
                prepares += 1
                self.stdout.write(f"  {instance} : {document.nb_pages} pages")
            elif document.etat != DocumentRapport.Etat.PRET:
                self.stdout.write(f"  {instance} : en préparation ailleurs")
        purges = documents.purger_provisoires()
        self.stdout.write(
            self.style.SUCCESS(f"{prepares} PDF préparé(s), {purges} PDF provisoire(s) purgé(s).")
        )
