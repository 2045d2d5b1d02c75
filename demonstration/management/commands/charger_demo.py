"""Fictitious follow-up for the demonstration: pilots, dates, two years of journal, indicators.

Everything goes through suivi.services, exactly as if people had used the application month after
month: each write is made at its fictitious date (`suivi.models.a_la_date`), in chronological order per
fiche, so that the snapshots replay correctly. Every invented text says it is a demonstration: comments start
with "[Démo]" and indicator names end with "(démonstration)". Refused when DEBUG is off.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from plan.models import Etape, FicheAction, Meteo, Plan
from suivi import services
from suivi.models import PREFIXE_DEMO, EntreeJournal, Indicateur, Mesure, a_la_date


@dataclass
class Scenario:
    """How a fiche's demonstration story goes."""

    pilote: str | None
    debut: date | None = None
    echeance: date | None = None
    # Final progress as a share of what is expected today (1 = on time), capped at 100 %.
    rythme: float = 1.0
    co_pilotes: list[str] = field(default_factory=list)
    # The pilot stops updating this many days before today (to show "À mettre à jour").
    silence_jours: int = 0
    meteo_finale: str = Meteo.SOLEIL
    # A step left in this statut at the end (Bloqué, En pause...).
    dernier_statut: str | None = None


SCENARIOS = {
    "1.1": Scenario("direction", date(2024, 1, 15), date(2025, 12, 31), rythme=1.0),
    "1.2": Scenario("pilote", date(2024, 3, 1), date(2027, 6, 30), rythme=1.02),
    "1.3": Scenario(
        "direction",
        date(2024, 9, 1),
        date(2026, 6, 30),
        rythme=0.7,
        meteo_finale=Meteo.ORAGE,
        dernier_statut=Etape.Statut.BLOQUE,
    ),
    "1.4": Scenario("direction", date(2025, 1, 6), date(2028, 12, 31), rythme=0.9, co_pilotes=["pilote"]),
    "1.5": Scenario(None),
    "2.1": Scenario("pilote", date(2024, 6, 3), date(2028, 12, 31), rythme=1.1),
    "2.2": Scenario(
        "direction",
        date(2025, 3, 3),
        date(2027, 12, 31),
        rythme=0.6,
        meteo_finale=Meteo.NUAGE,
        dernier_statut=Etape.Statut.EN_PAUSE,
    ),
    "3.1": Scenario(
        "pilote",
        date(2025, 1, 6),
        date(2026, 12, 31),
        rythme=0.75,
        silence_jours=75,
        meteo_finale=Meteo.NUAGE,
    ),
    "3.2": Scenario("direction", date(2026, 1, 5), date(2029, 6, 30), rythme=1.0),
    "4.1": Scenario("direction", date(2027, 1, 4), date(2029, 12, 31)),
    "4.2": Scenario("direction", date(2026, 9, 1), date(2029, 12, 31), rythme=1.3),
}

# Steps of these fiches are entrusted to the "equipe" account, which comments on them.
RESPONSABLE_EQUIPE = {"1.2": 1, "2.1": 2}

INDICATEURS = [
    # (fiche, libellé, unité, sens, initiale, cible, date cible, valeur au départ, valeur aujourd'hui)
    ("1.2", "Permanences ouvertes dans les antennes", "permanences", "augmenter", 3, 10, None, 3, 7),
    (
        "3.1",
        "Délai moyen avant un premier rendez-vous",
        "jours",
        "diminuer",
        21,
        10,
        date(2026, 12, 31),
        21,
        14,
    ),
    ("1.4", "Procédures harmonisées et diffusées", "procédures", "augmenter", 0, 15, None, 0, 5),
]

COMMENTAIRES_AVANCEE = [
    "Premier échange avec les partenaires concernés, calendrier validé.",
    "Réunion d'équipe : répartition des tâches faite.",
    "Document de travail partagé avec la direction pour relecture.",
    "Rencontre avec deux antennes pour recueillir les besoins.",
    "Point d'étape présenté en réunion de service.",
    "Outil testé avec un petit groupe de jeunes, retours positifs.",
    "Les congés d'été ont ralenti l'étape ; reprise prévue en septembre.",
]
COMMENTAIRES_FIN = [
    "Étape terminée, bilan présenté à l'équipe.",
    "Livrable validé par la direction.",
]
COMMENTAIRES_EQUIPE = [
    "Les jeunes reçus à l'antenne demandent des créneaux le samedi matin.",
    "Retour d'une partenaire : l'information est bien passée auprès des familles.",
    "Je peux animer la prochaine séance si besoin.",
]
RAISONS_DEGRADATION = {
    Meteo.NUAGE: "Un départ dans l'équipe ralentit l'action ; priorités revues avec la direction.",
    Meteo.ORAGE: "Le financement attendu n'est pas confirmé : une étape est à l'arrêt.",
}


def mois_entre(debut, fin):
    """First day of each month from `debut`'s month to `fin`'s, included."""
    courant = debut.replace(day=1)
    while courant <= fin:
        yield courant
        courant = (courant + timedelta(days=32)).replace(day=1)


def demo(texte):
    return f"{PREFIXE_DEMO} {texte}"


class Command(BaseCommand):
    help = "Charge un suivi fictif (pilotes, journal 2024-2026, indicateurs) pour la démonstration."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Données de démonstration refusées : DEBUG est désactivé (environnement de production)."
            )
        plan = Plan.objects.en_vigueur()
        if plan is None:
            raise CommandError("Aucun plan n'est chargé : lancez d'abord « manage.py charger_plan ».")
        comptes = get_user_model().objects.in_bulk(["direction", "pilote", "equipe"], field_name="username")
        if len(comptes) < 3:
            raise CommandError(
                "Comptes de démonstration absents : lancez d'abord « manage.py creer_comptes_demo »."
            )
        if EntreeJournal.objects.filter(commentaire__startswith=PREFIXE_DEMO).exists():
            self.stdout.write("Données de démonstration déjà chargées : rien à faire.")
            return
        self.comptes = comptes
        self.maintenant = timezone.now()
        with transaction.atomic():
            fiches = {f.code: f for f in FicheAction.objects.du_plan(plan).select_related("axe__plan")}
            for code, scenario in SCENARIOS.items():
                if code in fiches:
                    self.raconter(fiches[code], scenario)
        for fiche in FicheAction.objects.du_plan(plan).select_related("pilote"):
            self.stdout.write(
                f"  {fiche.code:<4} {fiche.avancement:>6} %  {fiche.sante.label:<15} "
                f"{'à mettre à jour' if fiche.attend_une_mise_a_jour else ''}"
            )
        nombre = EntreeJournal.objects.filter(fiche__axe__plan=plan).count()
        self.stdout.write(self.style.SUCCESS(f"Démonstration chargée : {nombre} entrées dans le journal."))

    # --- One fiche's story, in chronological order --------------------------------------------

    def raconter(self, fiche, scenario):
        if scenario.pilote is None:
            return
        self.rng = random.Random(f"demo-{fiche.code}")
        self.derniere_revue = None
        direction, pilote = self.comptes["direction"], self.comptes[scenario.pilote]
        fin = min(
            timezone.localdate(self.maintenant) - timedelta(days=scenario.silence_jours + 1),
            scenario.echeance,
        )
        ouverture = self.moment(scenario.debut - timedelta(days=10))
        self.noter(
            lambda: services.mettre_a_jour_fiche(
                fiche,
                direction,
                valeurs={
                    "pilote": pilote,
                    "co_pilotes": [self.comptes[c] for c in scenario.co_pilotes],
                    "date_debut": scenario.debut,
                    "date_echeance": scenario.echeance,
                },
                vues={},
                commentaire=demo(
                    "Lancement de la fiche : pilote désigné(e) et calendrier fixé en comité de direction."
                ),
            ),
            ouverture,
        )
        fiche.refresh_from_db()
        if scenario.debut > fin:
            self.fixer_revue(fiche)
            return

        feuilles = self.feuilles(fiche)
        self.confier_etapes(fiche, feuilles, pilote, scenario)
        cible = Decimal(min(100, round(float(fiche.avancement_attendu(fin)) * scenario.rythme)))
        mois = list(mois_entre(scenario.debut, fin))
        indicateurs = self.creer_indicateurs(fiche, pilote, scenario.debut)
        meteo = Meteo.SOLEIL
        self.changer_meteo(fiche, pilote, meteo, self.moment(scenario.debut, heure=9))
        for rang, premier_du_mois in enumerate(mois, start=1):
            # Steps move between the 5th and the 20th; last month's measures come before, on the 1st-3rd.
            moment = self.moment(premier_du_mois + timedelta(days=self.rng.randint(4, 19)))
            if moment.date() > fin:
                break
            voulu = cible * rang / len(mois)
            changements = self.repartir(fiche, voulu)
            for etape, valeur in changements:
                self.avancer(etape, pilote, valeur, moment)
                moment += timedelta(minutes=self.rng.randint(2, 9))
            if not changements and self.rng.random() < 0.6:
                self.noter(lambda: services.marquer_rien_de_nouveau(fiche, pilote), moment)
            if rang == len(mois) * 2 // 3 and scenario.meteo_finale != meteo:
                meteo = scenario.meteo_finale
                self.changer_meteo(fiche, pilote, meteo, moment + timedelta(hours=1))
            if fiche.code in RESPONSABLE_EQUIPE and rang % 5 == 0:
                self.commentaire_equipe(fiche, moment + timedelta(days=2))
            for indicateur, depart, arrivee in indicateurs:
                self.mesurer(indicateur, pilote, premier_du_mois, fin, (depart, arrivee, rang / len(mois)))
        if scenario.dernier_statut:
            moment = min(self.dernier_moment + timedelta(hours=2), self.maintenant - timedelta(minutes=30))
            self.arreter_une_etape(fiche, pilote, scenario.dernier_statut, moment)
        self.fixer_revue(fiche)

    def moment(self, jour, heure=None):
        heure = heure if heure is not None else self.rng.randint(8, 17)
        instant = timezone.make_aware(
            datetime(jour.year, jour.month, jour.day, heure, self.rng.randint(0, 59))
        )
        return min(instant, self.maintenant - timedelta(hours=1))

    def noter(self, ecrire, moment, revue=True):
        """Write through the services as if at the fictitious `moment` (the journal is append-only:
        entries are dated when written, never moved afterwards)."""
        with a_la_date(moment):
            entree = ecrire()
        self.dernier_moment = moment
        if revue:
            self.derniere_revue = max(self.derniere_revue or moment, moment)
        return entree

    def fixer_revue(self, fiche):
        FicheAction.objects.filter(pk=fiche.pk).update(derniere_revue=self.derniere_revue)

    # --- Steps ---------------------------------------------------------------------------------

    @staticmethod
    def feuilles(fiche):
        etapes = list(fiche.etapes.order_by("parent_id", "ordre"))
        parents = {e.parent_id for e in etapes if e.parent_id}
        return [e for e in etapes if e.pk not in parents]

    def confier_etapes(self, fiche, feuilles, pilote, scenario):
        """Give each step an échéance spread over the fiche's period, and one to "equipe"."""
        duree = (scenario.echeance - scenario.debut).days
        moment = self.moment(scenario.debut, heure=10)
        rang_equipe = RESPONSABLE_EQUIPE.get(fiche.code)
        for rang, etape in enumerate(feuilles, start=1):
            valeurs = {"date_echeance": scenario.debut + timedelta(days=duree * rang // len(feuilles))}
            if rang == rang_equipe:
                valeurs["responsable"] = self.comptes["equipe"]
            etape.refresh_from_db()
            self.noter(
                lambda etape=etape, valeurs=valeurs: services.mettre_a_jour_etape(
                    etape, pilote, version=etape.version, valeurs=valeurs
                ),
                moment,
            )
            moment += timedelta(minutes=3)

    def repartir(self, fiche, voulu):
        """[(leaf step, new avancement)] so that the fiche reaches about `voulu` %, steps in order."""
        etapes = list(fiche.etapes.all())
        racines = sorted((e for e in etapes if e.parent_id is None), key=lambda e: e.ordre)
        reste = float(voulu) * len(racines)
        changements = []
        for racine in racines:
            part = min(100.0, max(0.0, reste))
            reste -= part
            enfants = sorted((e for e in etapes if e.parent_id == racine.pk), key=lambda e: e.ordre)
            cibles = [(racine, part)]
            if enfants:
                total = part * len(enfants)
                cibles = []
                for enfant in enfants:
                    cibles.append((enfant, min(100.0, total)))
                    total = max(0.0, total - 100.0)
            for etape, valeur in cibles:
                valeur = int(round(valeur / 5) * 5)
                if valeur > etape.avancement and etape.statut != Etape.Statut.ABANDONNE:
                    changements.append((etape, valeur))
        return changements

    def avancer(self, etape, pilote, valeur, moment):
        etape.refresh_from_db()
        statut = Etape.Statut.REALISE if valeur >= 100 else Etape.Statut.EN_COURS
        if statut == Etape.Statut.REALISE:
            commentaire = self.rng.choice(COMMENTAIRES_FIN)
        elif self.rng.random() < 0.45:
            commentaire = self.rng.choice(COMMENTAIRES_AVANCEE)
        else:
            commentaire = ""
        self.noter(
            lambda: services.mettre_a_jour_etape(
                etape,
                pilote,
                version=etape.version,
                valeurs={"statut": statut, "avancement": valeur},
                commentaire=demo(commentaire) if commentaire else "",
            ),
            moment,
        )

    def arreter_une_etape(self, fiche, pilote, statut, moment):
        etape = next((e for e in self.feuilles(fiche) if e.statut == Etape.Statut.EN_COURS), None)
        if etape is None:
            return
        texte = {
            Etape.Statut.BLOQUE: "Étape bloquée dans l'attente de la réponse du financeur.",
            Etape.Statut.EN_PAUSE: "Étape mise en pause le temps de recruter un remplaçant.",
        }[statut]
        self.noter(
            lambda: services.mettre_a_jour_etape(
                etape, pilote, version=etape.version, valeurs={"statut": statut}, commentaire=demo(texte)
            ),
            moment,
        )

    # --- Météo, comments, indicators ----------------------------------------------------------

    def changer_meteo(self, fiche, pilote, meteo, moment):
        fiche.refresh_from_db(fields=["meteo"])
        commentaire = demo(RAISONS_DEGRADATION[meteo]) if fiche.meteo_se_degrade(meteo) else ""
        self.noter(
            lambda: services.mettre_a_jour_fiche(
                fiche, pilote, valeurs={"meteo": meteo}, vues={"meteo": fiche.meteo}, commentaire=commentaire
            ),
            moment,
        )

    def commentaire_equipe(self, fiche, moment):
        if moment >= self.maintenant:
            return
        etape = fiche.etapes.filter(responsable=self.comptes["equipe"]).first()
        commentaire = demo(self.rng.choice(COMMENTAIRES_EQUIPE))
        self.noter(
            lambda: services.commenter(fiche, self.comptes["equipe"], commentaire=commentaire, etape=etape),
            moment,
            revue=False,
        )

    def creer_indicateurs(self, fiche, pilote, debut):
        crees = []
        for code, libelle, unite, sens, initiale, cible, date_cible, depart, arrivee in INDICATEURS:
            if code != fiche.code:
                continue
            indicateur = Indicateur(
                libelle=f"{libelle} (démonstration)",
                unite=unite,
                sens=sens,
                valeur_initiale=initiale,
                cible=cible,
                date_cible=date_cible,
            )
            self.noter(
                lambda indicateur=indicateur: services.ajouter_indicateur(
                    fiche, pilote, indicateur, commentaire=demo("Indicateur ajouté pour suivre l'action.")
                ),
                self.moment(debut, heure=11),
            )
            crees.append((indicateur, depart, arrivee))
        return crees

    def mesurer(self, indicateur, pilote, premier_du_mois, fin, progression):
        # Measured on the last day of the month and entered in the first days of the next one.
        depart, arrivee, part = progression
        jour = (premier_du_mois + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        moment = self.moment(jour + timedelta(days=self.rng.randint(1, 3)))
        if moment.date() > fin or moment >= self.maintenant - timedelta(hours=2):
            return
        tendance = depart + (arrivee - depart) * part
        valeur = Decimal(max(0, round(tendance + self.rng.uniform(-0.8, 0.8)))).quantize(Decimal("0.01"))
        mesure = Mesure(date=jour, valeur=valeur, commentaire=demo("Relevé mensuel."))
        self.noter(lambda: services.ajouter_mesure(indicateur, pilote, mesure), moment)
