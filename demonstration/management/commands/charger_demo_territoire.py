"""Demonstration data of the territory (fiches 1.1 and 1.2): nine invented antennes beside the real
siège, 36 invented permanences, a team per antenne, the offer matrix, young people followed per
commune, the communes flagged with a QPV, reception assessments with their actions (fiche 1.3),
procedures with versions, deployments and survey results (1.4), absences and rules (1.5).

Everything here is invented: names start with "[Démo]", e-mail addresses end in .invalid. The counts
of young people and the QPV flags are put on real communes (the most populated ones), only in a
demonstration database; the plan gives no such list. The siège is the seed's and is not changed.
The demonstration account "equipe" becomes the responsable of the first invented antenne, so that
the per-antenne permissions can be tried.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from antennes.models import (
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    Commune,
    CritereAccueil,
    DeploiementProcedure,
    EnqueteSatisfaction,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    NoteCritere,
    OffreAntenne,
    Permanence,
    Procedure,
    ThemeOffre,
    VersionProcedure,
)
from partenaires.models import Partenaire

DEMO = "[Démo]"
ANTENNES = 9
PERMANENCES = 36
HORAIRES = [
    "Mo-Fr 08:30-12:00,13:30-17:00",
    "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00",
    "Mo,Tu,Th 09:00-12:30,13:30-17:00; We 09:00-12:00",
]
HORAIRES_PERMANENCES = [
    "Tu 09:00-12:00",
    "We[1,3] 14:00-17:00",
    "Th 13:30-16:30",
    "Fr[2] 09:00-12:00",
    "Mo 14:00-17:00",
]
ACTIONS_ACCUEIL = [("Cloison acoustique pour le bureau d'entretien", 2400), ("Signalétique extérieure", 850)]
STATUTS_ACTIONS = [ActionAmelioration.Statut.A_FAIRE, ActionAmelioration.Statut.EN_COURS]
PROCEDURES = [
    ("Procédure d'accueil commune", "Accueillir chaque jeune de la même façon dans toutes les antennes."),
    ("Prise de rendez-vous et relances", "Proposer un rendez-vous sous huit jours et relancer les absents."),
    (
        "Orientation vers un partenaire",
        "Orienter un jeune vers la permanence d'un partenaire, avec retour.",
    ),
]
REGLES = [
    "Un binôme de conseillers reprend les rendez-vous du jour ; l'accueil prévient les jeunes.",
    "Les rendez-vous sont reportés sous 48 heures, en accord avec le jeune, par le ou la responsable.",
]
LIEUX = ["Mairie", "Maison France services", "Centre social", "Médiathèque", "Espace jeunes"]
PRENOMS = ["Camille", "Dominique", "Claude", "Alix", "Sacha", "Morgane", "Yanis", "Inès", "Lucas", "Léa"]
NOMS = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefebvre",
    "Leroy",
    "Moreau",
    "Lambert",
    "Fontaine",
    "Roux",
    "Vincent",
]


class Command(BaseCommand):
    help = (
        "Charge antennes, permanences et équipes fictives de démonstration (refuse si DEBUG est désactivé)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Données de démonstration refusées : DEBUG est désactivé (environnement de production)."
            )
        siege = Antenne.objects.filter(est_siege=True).select_related("commune").first()
        if siege is None:
            raise CommandError("Le siège n'est pas chargé : lancez d'abord « manage.py charger_plan ».")
        if Antenne.objects.filter(nom__startswith=DEMO).count() >= ANTENNES:
            self.stdout.write("Démonstration du territoire déjà chargée.")
            return
        self.hasard = random.Random(2029)
        with transaction.atomic():
            antennes = self.antennes(siege)
            self.equipes(antennes)
            self.permanences(antennes)
            self.offre([siege, *antennes])
            self.communes()
            self.accueil([siege, *antennes])
            self.procedures([siege, *antennes])
            self.continuite([siege, *antennes])
        self.stdout.write(self.style.SUCCESS("Démonstration du territoire chargée."))

    def antennes(self, siege):
        """One invented antenne in each of the most populated communes after the siège's."""
        communes = Commune.objects.exclude(pk=siege.commune_id).filter(latitude__isnull=False)
        antennes = []
        for n, commune in enumerate(communes.order_by("-population")[:ANTENNES]):
            antenne, _ = Antenne.objects.get_or_create(
                nom=f"{DEMO} Antenne de {commune.nom}",
                defaults={
                    "adresse": f"{DEMO} {n + 1} place de la Mairie (adresse fictive)",
                    "commune": commune,
                    "telephone": f"03 21 00 00 {n + 10:02d}",
                    "email": f"antenne-demo-{n + 1}@demo.invalid",
                    "horaires": HORAIRES[n % len(HORAIRES)],
                    "accessibilite": [c for c, _ in Antenne.Accessibilite.choices][n % 3],
                },
            )
            antennes.append(antenne)
        return antennes

    def equipes(self, antennes):
        """A responsable per invented antenne; the ethics demonstration, loaded next, adds six
        conseillers to each antenne, which makes about the 72 people of the plan."""
        postes = [MembreEquipe.Poste.RESPONSABLE]
        for i, antenne in enumerate(antennes):
            for j, poste in enumerate(postes):
                n = i * len(postes) + j
                membre, _ = MembreEquipe.objects.get_or_create(
                    prenom=f"{DEMO} {PRENOMS[n % len(PRENOMS)]}",
                    nom=f"{NOMS[(n // len(PRENOMS)) % len(NOMS)]} {n + 1}",
                    defaults={
                        "poste": poste,
                        "antenne": antenne,
                        "email": f"territoire-demo-{n + 1}@demo.invalid",
                    },
                )
                if poste == MembreEquipe.Poste.RESPONSABLE and antenne.responsable_id is None:
                    antenne.responsable = membre
                    antenne.save(update_fields=["responsable"])
        # One account on the register at most (the ethics demonstration may have given it a row).
        user = get_user_model().objects.filter(username="equipe").first()
        if user is None:
            return
        membre = MembreEquipe.objects.filter(utilisateur=user).first() or MembreEquipe(
            prenom=f"{DEMO} {user.first_name}", nom=user.last_name, utilisateur=user, email=user.email
        )
        membre.poste, membre.antenne = MembreEquipe.Poste.RESPONSABLE, antennes[0]
        membre.save()
        antennes[0].responsable = membre
        antennes[0].save(update_fields=["responsable"])

    def permanences(self, antennes):
        """36 permanences in communes without an antenne, each attached to the nearest invented one."""
        pris = {a.commune_id for a in antennes} | set(
            Antenne.objects.filter(est_siege=True).values_list("commune_id", flat=True)
        )
        communes = list(
            Commune.objects.exclude(pk__in=pris)
            .filter(latitude__isnull=False)
            .order_by("-population")[:PERMANENCES]
        )
        themes = list(ThemeOffre.objects.all())
        # Invented partners only (charger_demo_partenaires), never a real one put where it is not.
        partenaires = list(Partenaire.objects.filter(nom__startswith=DEMO).order_by("pk")[:6])
        for n, commune in enumerate(communes):
            antenne = min(
                antennes,
                key=lambda a: (
                    (a.commune.latitude - commune.latitude) ** 2
                    + (a.commune.longitude - commune.longitude) ** 2
                ),
            )
            Permanence.objects.get_or_create(
                lieu=f"{DEMO} {LIEUX[n % len(LIEUX)]} de {commune.nom}",
                commune=commune,
                defaults={
                    "antenne": antenne,
                    "jours_horaires": HORAIRES_PERMANENCES[n % len(HORAIRES_PERMANENCES)],
                    "theme": themes[n % len(themes)] if themes and n % 3 == 0 else None,
                    "partenaire_hote": partenaires[n % len(partenaires)]
                    if partenaires and n % 4 == 0
                    else None,
                },
            )

    def offre(self, antennes):
        """Most themes in every antenne, some through a partner's permanence, a few missing."""
        modalites = (
            [OffreAntenne.Modalite.ANTENNE] * 5
            + [OffreAntenne.Modalite.PARTENAIRE]
            + [OffreAntenne.Modalite.ABSENT] * 2
        )
        for i, antenne in enumerate(antennes):
            referent = antenne.responsable
            hote = Partenaire.objects.filter(permanences_accueillies__antenne=antenne).order_by("pk").first()
            for theme in ThemeOffre.objects.all():
                modalite = OffreAntenne.Modalite.ANTENNE if i == 0 else self.hasard.choice(modalites)
                if modalite == OffreAntenne.Modalite.PARTENAIRE and hote is None:
                    modalite = OffreAntenne.Modalite.ABSENT
                OffreAntenne.objects.get_or_create(
                    antenne=antenne,
                    theme=theme,
                    defaults={
                        "modalite": modalite,
                        "referent": referent if modalite == OffreAntenne.Modalite.ANTENNE else None,
                        "partenaire": hote if modalite == OffreAntenne.Modalite.PARTENAIRE else None,
                    },
                )

    def accueil(self, antennes):
        """Two assessments a year apart for most antennes, and their improvement actions."""
        criteres = list(CritereAccueil.objects.filter(actif=True))
        aujourd_hui = timezone.localdate()
        for i, antenne in enumerate(antennes):
            if i % 4 == 3:
                continue  # a few antennes not assessed yet: the comparison shows it
            for annees, bonus in ((1, 0), (0, 1)):
                evaluation = EvaluationAccueil.objects.create(
                    antenne=antenne,
                    date=aujourd_hui - timedelta(days=365 * annees + 20 * i),
                    auteur=f"{DEMO} Évaluation par le ou la responsable",
                    commentaire=f"{DEMO} Constat fictif de démonstration.",
                )
                NoteCritere.objects.bulk_create(
                    NoteCritere(
                        evaluation=evaluation,
                        critere=critere,
                        note=min(4, self.hasard.randint(1, 3) + bonus),
                    )
                    for critere in criteres
                )
            for k, (libelle, cout) in enumerate(ACTIONS_ACCUEIL):
                ActionAmelioration.objects.create(
                    antenne=antenne,
                    evaluation=evaluation,
                    libelle=f"{DEMO} {libelle}",
                    cout_estime=cout,
                    statut=STATUTS_ACTIONS[(i + k) % 2],
                    echeance=aujourd_hui + timedelta(days=60 * (k + 1)),
                )

    def procedures(self, antennes):
        """Three procedures (the first one is the ethics demonstration's too), two versions each,
        deployed in most antennes; survey results for two half-years."""
        aujourd_hui = timezone.localdate()
        for n, (titre, objet) in enumerate(PROCEDURES):
            procedure, _ = Procedure.objects.get_or_create(
                titre=f"{DEMO} {titre}", defaults={"objet": f"{DEMO} {objet}"}
            )
            versions = [
                VersionProcedure.objects.get_or_create(
                    procedure=procedure,
                    numero=numero,
                    defaults={
                        "date": aujourd_hui - timedelta(days=500 - 200 * numero + 30 * n),
                        "changements": f"{DEMO} Version fictive {numero}.",
                    },
                )[0]
                for numero in (1, 2)
            ]
            for i, antenne in enumerate(antennes):
                if (i + n) % 5 == 4:
                    continue  # not rolled out everywhere yet
                version = versions[1] if (i + n) % 3 else versions[0]
                DeploiementProcedure.objects.get_or_create(
                    version=version,
                    antenne=antenne,
                    defaults={"date": version.date + timedelta(days=15 + i), "personnes_formees": 3 + i % 4},
                )
        for i, antenne in enumerate(antennes):
            for mois in (12, 6):
                reponses = 20 + 3 * i
                EnqueteSatisfaction.objects.get_or_create(
                    antenne=antenne,
                    debut=aujourd_hui - timedelta(days=30 * mois),
                    fin=aujourd_hui - timedelta(days=30 * (mois - 6) + 1),
                    defaults={"reponses": reponses, "satisfaits": reponses - self.hasard.randint(1, 8)},
                )

    def continuite(self, antennes):
        """A year of invented absences, per antenne, and a rule written for half of them."""
        aujourd_hui = timezone.localdate()
        for i, antenne in enumerate(antennes):
            if i % 2 and not antenne.est_siege:  # the siège stays as the plan loads it
                antenne.regle_continuite = f"{DEMO} {REGLES[i // 2 % len(REGLES)]}"
                antenne.save(update_fields=["regle_continuite"])
            conseillers = list(antenne.equipe.filter(poste=MembreEquipe.Poste.CONSEILLER))
            for k in range(4):
                debut = aujourd_hui - timedelta(days=25 + 85 * k + 7 * i)
                prevus = self.hasard.randint(4, 16)
                AbsenceConseiller.objects.get_or_create(
                    antenne=antenne,
                    debut=debut,
                    defaults={
                        "membre": conseillers[k % len(conseillers)] if conseillers else None,
                        "fin": debut + timedelta(days=self.hasard.randint(0, 4)),
                        "prevue": k % 2 == 0,
                        "rdv_prevus": prevus,
                        "rdv_couverts": prevus - self.hasard.randint(0, 4 if i % 2 else prevus // 2),
                    },
                )

    def communes(self):
        """Invented counts of young people followed over two years; 19 communes flagged with a QPV."""
        communes = list(Commune.objects.filter(latitude__isnull=False).order_by("-population"))
        for commune in communes:
            base = max(1, (commune.population or 0) // 150)
            for annee, facteur in ((2024, 1.0), (2025, 1.08)):
                JeunesSuivis.objects.get_or_create(
                    commune=commune,
                    annee=annee,
                    defaults={"nombre": round(base * facteur * self.hasard.uniform(0.7, 1.3))},
                )
        Commune.objects.filter(pk__in=[c.pk for c in communes[:19]]).update(a_un_qpv=True)
