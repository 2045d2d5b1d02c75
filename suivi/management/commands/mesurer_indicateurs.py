from django.core.management.base import BaseCommand

from mission_locale.formats import nombre
from suivi.indicateurs import mesurer_les_indicateurs


class Command(BaseCommand):
    help = "Enregistre la valeur du jour de chaque indicateur calculé (à lancer chaque jour par cron)."

    def handle(self, *args, **options):
        resultats = mesurer_les_indicateurs()
        for indicateur, valeur, nouvelle in resultats:
            etat = "enregistrée" if nouvelle else "déjà enregistrée aujourd'hui"
            ligne = f"{indicateur.fiche.code} · {indicateur.libelle} : {nombre(valeur)} {indicateur.unite}"
            self.stdout.write(f"  {ligne} ({etat})")
        self.stdout.write(self.style.SUCCESS(f"{len(resultats)} indicateur(s) calculé(s) mesuré(s)."))
