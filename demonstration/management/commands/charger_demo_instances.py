"""Demonstration meetings: the CA twice a year and the AG every June since the plan started, held
and with their reports frozen (replayed from the journal at each meeting's date), and the next CA
and bureau to prepare. Idempotent; refused when DEBUG is off. Run after `charger_demo`, so that the
frozen reports have a journal to replay."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conseil.models import Instance
from plan.models import Plan

LIEU = "Siège de la Mission Locale, Béthune (démonstration)"
ORDRES_DU_JOUR = {
    Instance.Type.CA: (
        "Approbation du compte rendu de la séance précédente\n"
        "Avancement du projet associatif et stratégique : ce qui a changé depuis le dernier conseil\n"
        "Décisions attendues du conseil\n"
        "Questions diverses"
    ),
    Instance.Type.AG: (
        "Rapport moral et rapport d'activité\n"
        "Rapport financier et affectation du résultat\n"
        "Avancement du projet associatif et stratégique\n"
        "Renouvellement des membres du conseil d'administration"
    ),
    Instance.Type.BUREAU: "Préparation du prochain conseil d'administration\nPoints d'attention du plan",
}


def deuxieme_jeudi(annee, mois, heure):
    premier = date(annee, mois, 1)
    jeudi = premier + timedelta(days=(3 - premier.weekday()) % 7 + 7)
    return timezone.make_aware(datetime.combine(jeudi, time(heure)))


def calendrier(plan):
    """(type, date) of every meeting of the plan's years, in chronological order."""
    rendez_vous = []
    for annee in range(plan.annee_debut, plan.annee_fin + 1):
        rendez_vous += [
            (Instance.Type.BUREAU, deuxieme_jeudi(annee, 3, 17)),
            (Instance.Type.CA, deuxieme_jeudi(annee, 6, 18)),
            (Instance.Type.AG, deuxieme_jeudi(annee, 6, 19)),
            (Instance.Type.BUREAU, deuxieme_jeudi(annee, 10, 17)),
            (Instance.Type.CA, deuxieme_jeudi(annee, 12, 18)),
        ]
    return sorted(rendez_vous, key=lambda r: r[1])


class Command(BaseCommand):
    help = "Crée des instances de démonstration : CA et AG passés avec rapport figé, prochain CA à préparer."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Instances de démonstration refusées : DEBUG est désactivé (environnement de production)."
            )
        plan = Plan.objects.en_vigueur()
        if plan is None:
            raise CommandError("Aucun plan n'est chargé : lancez d'abord « manage.py charger_plan ».")
        maintenant = timezone.now()
        prochaines = {}
        for type_, moment in calendrier(plan):
            if moment > maintenant:
                # Only the next meeting of each type is prepared; later ones do not exist yet.
                if type_ in prochaines or type_ == Instance.Type.AG:
                    continue
                prochaines[type_] = moment
            elif type_ == Instance.Type.BUREAU:
                continue  # past bureau meetings add nothing to the demonstration
            instance, creee = Instance.objects.get_or_create(
                type=type_,
                date=moment,
                defaults={"lieu": LIEU, "ordre_du_jour": ORDRES_DU_JOUR[type_]},
            )
            if moment <= maintenant and not instance.est_tenue:
                instance.figer()
                etat = "tenue, rapport figé"
            else:
                etat = "tenue" if instance.est_tenue else "à préparer"
            self.stdout.write(f"  {instance} : {etat}{' (créée)' if creee else ''}")
        self.stdout.write(self.style.SUCCESS("Instances de démonstration chargées."))
