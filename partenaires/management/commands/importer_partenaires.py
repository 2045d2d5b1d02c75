"""Import the partners' spreadsheet from the command line: a dry run by default, `--appliquer` to
write everything in one transaction (or nothing). Same reading and rules as the import page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partenaires import importation


class Command(BaseCommand):
    help = (
        "Importe un fichier de partenaires (CSV séparé par « ; » ou « , », UTF-8, ou XLSX). "
        "Sans --appliquer, n'écrit rien et dit ligne par ligne ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Chemin du fichier .csv ou .xlsx")
        parser.add_argument(
            "--appliquer", action="store_true", help="Enregistre l'import (tout ou rien, en une transaction)."
        )

    def handle(self, fichier, appliquer=False, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        if chemin.stat().st_size > importation.TAILLE_MAX:
            raise CommandError(
                f"Fichier trop volumineux : {importation.TAILLE_MAX // importation.MO} Mo au plus."
            )
        try:
            lecture = importation.lire(chemin.name, chemin.read_bytes())
        except importation.FichierInvalide as erreur:
            raise CommandError(str(erreur)) from erreur
        rapport = importation.analyser(lecture)
        for entete in rapport.ignorees:
            self.stdout.write(f"Colonne ignorée : « {entete} »")
        for ligne in rapport.lignes:
            if ligne.action == importation.Action.INCHANGE:
                continue
            self.stdout.write(f"Ligne {ligne.numero} ({ligne.nom or 'sans nom'}) : {ligne.libelle_action}")
            for message in ligne.messages:
                self.stdout.write(f"    {message}")
        resume = rapport.resume
        bilan = (
            f"{resume['lignes']} ligne(s) : {resume['creations']} à créer, "
            f"{resume['modifications']} à modifier, {resume['inchanges']} inchangée(s), "
            f"{resume['rejets']} rejetée(s)."
        )
        if not appliquer:
            self.stdout.write(bilan)
            self.stdout.write(
                "Simulation : rien n'a été enregistré. Relancez avec --appliquer pour importer."
            )
            return
        try:
            importation.appliquer(rapport)
        except importation.ImportRefuse as erreur:
            self.stdout.write(bilan)
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(self.style.SUCCESS(f"Import appliqué. {bilan}"))
