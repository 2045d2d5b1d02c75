"""Fictitious data at N times the volume of one Mission Locale, for the benchmark and load tests.

Scale 1 is what the Mission Locale de l'arrondissement de Béthune would hold at the end of its plan:
the real plan (11 fiches and their steps, loaded by `charger_plan`) followed for 5 years with one
journal entry per fiche and per week, 30 indicators measured monthly, 495 partners, 10 antennes,
36 permanences, the 104 communes and 6 CA meetings with their frozen reports, plus the next
meeting to come (its report is computed live); 12 partner events, 25 conventions and 3
communication materials with their distribution log (see creer_partenariats); 40 young ambassadors
and 30 interventions (fiche 2.1, see peuplement_ambassadeurs).

Scale N multiplies every volume by N. The extra fiches are copies of the real ones, titled
"[Démo] … (copie fictive k)", added to the current plan's four axes (numbered 10k + n), so that
every page of the plan sees N times the rows, as the socle's query-count tests do; each copy gets
its own 5 years of journal. Communes beyond the real 104 are invented ("Commune fictive n°…").

Everything invented says so: texts start with "[Démo]", names contain "fictif" or "fictive",
e-mail addresses end in .invalid, and accounts have no usable password.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from antennes.models import (
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    Commune,
    CritereAccueil,
    DeploiementProcedure,
    EvaluationAccueil,
    JeunesSuivis,
    NoteCritere,
    OffreAntenne,
    Permanence,
    Procedure,
    ThemeOffre,
    VersionProcedure,
)
from comptes import roles
from comptes.permissions import synchroniser_permissions
from demonstration.peuplement_ambassadeurs import creer_ambassadeurs
from demonstration.peuplement_ethique import adopter_charte_fictive, peupler_ethique
from partenaires.models import (
    ChampIntervention,
    Convention,
    Diffusion,
    Evenement,
    Partenaire,
    Participation,
    SuiteEvenement,
    Support,
    VersionSupport,
)
from partenaires.normalisation import cle
from plan.models import Etape, FicheAction, Meteo, Objectif, Plan
from suivi.models import Changement, EntreeJournal, Indicateur, Mesure

PREFIXE = "[Démo]"
SEMAINES = 5 * 52
MOIS = 5 * 12
# Volumes of one Mission Locale (scale 1).
INDICATEURS = 30
PARTENAIRES = 495
ANTENNES = 10
PERMANENCES = 36
COMMUNES = 104
INSTANCES = 6
PERSONNES_EQUIPE = 12
PERSONNES_CONSEIL = 3
# Partnerships (fiches 2.2, 3.1, 3.2): events over two years, conventions (plan §4: more than 20),
# materials with three versions each, and their distribution log.
EVENEMENTS = 12
INVITES_PAR_EVENEMENT = 40
CONVENTIONS = 25
SUPPORTS = 3
DIFFUSIONS = 150

PRENOMS = [
    "Camille", "Dominique", "Claude", "Alix", "Sacha", "Morgane", "Yanis", "Inès", "Lucas", "Léa",
    "Nadia", "Karim", "Sophie", "Thomas", "Manon", "Hugo", "Chloé", "Mehdi", "Julie", "Antoine",
]  # fmt: skip
COMMENTAIRES = [
    "Réunion de travail avec les partenaires du territoire, compte rendu diffusé à l'équipe.",
    "Premiers retours des jeunes accueillis : le format convient, à poursuivre.",
    "Le calendrier glisse de deux semaines, faute de salle disponible.",
    "Point fait avec la direction : priorités confirmées pour le trimestre.",
    "Atelier organisé à l'antenne, douze participants.",
    "Relance des partenaires qui n'ont pas encore répondu.",
]
INDICATEURS_TYPES = [
    ("jeunes accompagnés", "jeunes", Indicateur.Sens.AUGMENTER, 400, 650),
    ("entrées en formation", "jeunes", Indicateur.Sens.AUGMENTER, 120, 200),
    ("délai moyen de premier rendez-vous", "jours", Indicateur.Sens.DIMINUER, 21, 10),
    ("partenaires mobilisés", "partenaires", Indicateur.Sens.AUGMENTER, 40, 80),
    ("taux de satisfaction", "%", Indicateur.Sens.AUGMENTER, 72, 90),
]
LOT = 2000


class Peuplement:
    """Builds the fictitious data; `executer()` is the only entry point."""

    def __init__(self, echelle, graine=2024, sortie=None):
        if echelle < 1:
            raise ValueError("L'échelle doit être un entier supérieur ou égal à 1.")
        self.echelle = echelle
        self.hasard = random.Random(graine)
        self.sortie = sortie
        self.maintenant = timezone.now().replace(minute=0, second=0, microsecond=0)

    def dire(self, message):
        if self.sortie is not None:
            self.sortie.write(message)

    def executer(self):
        call_command("charger_plan", verbosity=0, stdout=_Muet())
        self.plan = Plan.objects.en_vigueur()
        with transaction.atomic():
            self.creer_personnes()
            self.creer_fiches()
            self.suivre_fiches()
            self.creer_journal()
            self.creer_indicateurs()
            self.creer_territoire()
            self.creer_partenaires()
            self.creer_partenariats()
        # Axis 4: staff and sessions before the CA meetings (which measure them), then the charter.
        peupler_ethique(self)
        self.creer_procedures_et_absences()
        self.creer_ambassadeurs()
        self.creer_instances()
        adopter_charte_fictive(self)

    # People ------------------------------------------------------------------------------------

    def creer_personnes(self):
        for nom in roles.GROUPES:
            Group.objects.get_or_create(name=nom)
        synchroniser_permissions()
        User = get_user_model()
        groupes = {g.name: g for g in Group.objects.all()}
        comptes = []
        repartition = [
            (roles.EQUIPE, "equipe", PERSONNES_EQUIPE),
            (roles.DIRECTION, "direction", 1),
            (roles.CONSEIL, "conseil", PERSONNES_CONSEIL),
        ]
        for groupe, prefixe, nombre in repartition:
            for i in range(1, nombre * self.echelle + 1):
                user = User(
                    username=f"fictif-{prefixe}-{i:04d}",
                    first_name=self.hasard.choice(PRENOMS),
                    last_name=f"Fictif {i}",
                    email=f"fictif-{prefixe}-{i:04d}@exemple.invalid",
                )
                user.set_unusable_password()
                comptes.append((groupe, user))
        User.objects.bulk_create([u for _, u in comptes], batch_size=LOT)
        crees = {u.username: u for u in User.objects.filter(username__startswith="fictif-")}
        lien = User.groups.through
        lien.objects.bulk_create(
            [lien(utilisateur_id=crees[u.username].pk, group_id=groupes[g].pk) for g, u in comptes],
            batch_size=LOT,
        )
        self.equipe = [u for u in crees.values() if u.username.startswith("fictif-equipe-")]
        self.direction = [u for u in crees.values() if u.username.startswith("fictif-direction-")]
        self.dire(f"  {len(comptes)} comptes fictifs")

    # Fiches and steps ----------------------------------------------------------------------------

    def creer_fiches(self):
        """Copies of the real fiches (with their enjeux, objectives and steps) for scales above 1."""
        reelles = list(
            FicheAction.objects.du_plan(self.plan)
            .select_related("axe")
            .prefetch_related("enjeux", "objectifs", "etapes")
            .order_by("axe__numero", "numero")
        )
        copies = []
        for k in range(1, self.echelle):
            for fiche in reelles:
                numero = 10 * k + fiche.numero
                copies.append(
                    FicheAction(
                        axe=fiche.axe,
                        numero=numero,
                        code=f"{fiche.axe.numero}.{numero}",
                        titre=f"{PREFIXE} {fiche.titre} (copie fictive {k})"[:300],
                        libelle_court=fiche.libelle_court,
                        resume=fiche.resume,
                    )
                )
        FicheAction.objects.bulk_create(copies, batch_size=LOT)
        modeles = [f for _ in range(1, self.echelle) for f in reelles]
        lien_enjeux = FicheAction.enjeux.through
        lien_enjeux.objects.bulk_create(
            [
                lien_enjeux(ficheaction_id=copie.pk, enjeu_id=enjeu.pk)
                for copie, modele in zip(copies, modeles, strict=True)
                for enjeu in modele.enjeux.all()
            ],
            batch_size=LOT,
        )
        Objectif.objects.bulk_create(
            [
                Objectif(fiche=copie, ordre=o.ordre, texte=o.texte)
                for copie, modele in zip(copies, modeles, strict=True)
                for o in modele.objectifs.all()
            ],
            batch_size=LOT,
        )
        # Steps in two passes: top-level ones first, then sub-steps pointing at the new parents.
        correspondance = {}
        racines = []
        for copie, modele in zip(copies, modeles, strict=True):
            for etape in modele.etapes.all():
                if etape.parent_id is None:
                    nouvelle = Etape(
                        fiche=copie,
                        ordre=etape.ordre,
                        cle=etape.cle,
                        libelle=etape.libelle,
                        texte=etape.texte,
                    )
                    racines.append((etape.pk, copie.pk, nouvelle))
        Etape.objects.bulk_create([e for _, _, e in racines], batch_size=LOT)
        for ancien, fiche_id, nouvelle in racines:
            correspondance[ancien, fiche_id] = nouvelle
        Etape.objects.bulk_create(
            [
                Etape(
                    fiche=copie,
                    parent=correspondance[etape.parent_id, copie.pk],
                    ordre=etape.ordre,
                    cle=etape.cle,
                    libelle=etape.libelle,
                    texte=etape.texte,
                )
                for copie, modele in zip(copies, modeles, strict=True)
                for etape in modele.etapes.all()
                if etape.parent_id is not None
            ],
            batch_size=LOT,
        )
        self.dire(f"  {len(reelles) + len(copies)} fiches-actions dont {len(copies)} copies fictives")

    def suivre_fiches(self):
        """Pilots, dates, weather and step progress for every fiche, then the cached progress."""
        self.fiches = list(
            FicheAction.objects.du_plan(self.plan)
            .prefetch_related("etapes")
            .order_by("axe__numero", "numero")
        )
        debut_plan, fin_plan = self.plan.date_debut, self.plan.date_fin
        etapes_modifiees = []
        lien_copilotes = FicheAction.co_pilotes.through
        copilotes = []
        for i, fiche in enumerate(self.fiches):
            fiche.pilote = self.equipe[i % len(self.equipe)]
            copilotes.append(
                lien_copilotes(
                    ficheaction_id=fiche.pk, utilisateur_id=self.equipe[(i + 1) % len(self.equipe)].pk
                )
            )
            fiche.date_debut = debut_plan + timedelta(days=self.hasard.randint(0, 400))
            fiche.date_echeance = fin_plan - timedelta(days=self.hasard.randint(0, 700))
            fiche.meteo = self.hasard.choice([Meteo.SOLEIL, Meteo.SOLEIL, Meteo.NUAGE, Meteo.ORAGE])
            fiche.frequence_revue_jours = 30
            fiche.decision_attendue = (
                f"{PREFIXE} Valider le calendrier de la phase suivante." if i % 5 == 0 else ""
            )
            etapes_modifiees.extend(self.faire_avancer(fiche, list(fiche.etapes.all())))
            fiche.avancement, fiche.statut = fiche.calculer(fiche.etapes.all())
        lien_copilotes.objects.bulk_create(copilotes, batch_size=LOT, ignore_conflicts=True)
        Etape.objects.bulk_update(
            etapes_modifiees, ["statut", "avancement", "responsable", "date_echeance"], batch_size=LOT
        )
        FicheAction.objects.bulk_update(
            self.fiches,
            [
                "pilote",
                "date_debut",
                "date_echeance",
                "meteo",
                "frequence_revue_jours",
                "decision_attendue",
                "avancement",
                "statut",
            ],
            batch_size=LOT,
        )

    def faire_avancer(self, fiche, etapes):
        """Steps done in the plan's order up to a random point, one in progress, the rest to come;
        a step with sub-steps takes their state by the application's own rule."""
        ordre_racine = {e.pk: e.ordre for e in etapes if e.parent_id is None}
        feuilles = sorted(
            (e for e in etapes if not _a_enfants(e, etapes)),
            key=lambda e: (ordre_racine[e.parent_id], e.ordre) if e.parent_id else (e.ordre, 0),
        )
        faites = int(len(feuilles) * self.hasard.uniform(0.1, 0.9))
        for rang, etape in enumerate(feuilles):
            if rang < faites:
                etape.statut, etape.avancement = Etape.Statut.REALISE, 100
            elif rang == faites:
                etape.statut = Etape.Statut.BLOQUE if fiche.meteo == Meteo.ORAGE else Etape.Statut.EN_COURS
                etape.avancement = self.hasard.choice([10, 25, 50, 75])
            else:
                etape.statut, etape.avancement = Etape.Statut.A_VENIR, 0
        for etape in etapes:
            etape.responsable = fiche.pilote
            etape.date_echeance = fiche.date_debut + (fiche.date_echeance - fiche.date_debut) * (
                etape.ordre / (len(etapes) + 1)
            )
            enfants = [e for e in etapes if e.parent_id == etape.pk]
            if enfants:
                avancement, etape.statut = Etape.calculer_parent(enfants)
                etape.avancement = etape.avancement if avancement is None else avancement
        return etapes

    # Journal -----------------------------------------------------------------------------------

    def creer_journal(self):
        """One entry per fiche and per week for 5 years; the snapshots climb to today's progress."""
        debut = self.maintenant - timedelta(weeks=SEMAINES)
        entrees, changements_par_entree = [], []
        derniere_revue = {}
        for fiche in self.fiches:
            feuilles = [e for e in fiche.etapes.all() if not _a_enfants(e, fiche.etapes.all())]
            final = fiche.avancement
            for semaine in range(SEMAINES):
                moment = debut + timedelta(
                    weeks=semaine, days=self.hasard.randint(0, 4), hours=self.hasard.randint(0, 8)
                )
                moment = min(moment, self.maintenant - timedelta(minutes=SEMAINES - semaine))
                derniere = semaine == SEMAINES - 1
                avancement = (
                    final if derniere else (final * (semaine + 1) / SEMAINES).quantize(Decimal("0.01"))
                )
                if derniere:
                    statut = fiche.statut
                elif avancement == 0:
                    statut = FicheAction.Statut.A_VENIR
                else:
                    statut = FicheAction.Statut.EN_COURS
                auteur = fiche.pilote
                if semaine % 7 == 3:
                    type_, commentaire, changements, etape = EntreeJournal.Type.REVUE, "", [], None
                elif semaine % 4 == 1:
                    type_ = EntreeJournal.Type.COMMENTAIRE
                    commentaire = f"{PREFIXE} {self.hasard.choice(COMMENTAIRES)}"
                    changements, etape = [], None
                else:
                    type_ = EntreeJournal.Type.MODIFICATION
                    etape = self.hasard.choice(feuilles) if feuilles else None
                    avant = int(avancement) - 5 if avancement >= 5 else 0
                    apres = int(avancement)
                    commentaire = f"{PREFIXE} Avancement mis à jour." if semaine % 3 == 0 else ""
                    changements = [
                        Changement(
                            champ=Changement.Champ.AVANCEMENT,
                            avant=f"{avant} %",
                            apres=f"{apres} %",
                            avant_brut=str(avant),
                            apres_brut=str(apres),
                        )
                    ]
                entrees.append(
                    EntreeJournal(
                        fiche=fiche,
                        etape=etape,
                        auteur=auteur,
                        cree_le=moment,
                        type=type_,
                        commentaire=commentaire,
                        a_presenter_au_conseil=type_ == EntreeJournal.Type.COMMENTAIRE and semaine % 12 == 1,
                        avancement_fiche=avancement,
                        statut_fiche=statut,
                    )
                )
                changements_par_entree.append(changements)
                derniere_revue[fiche.pk] = moment
        EntreeJournal.objects.bulk_create(entrees, batch_size=LOT)
        changements = []
        for entree, liste in zip(entrees, changements_par_entree, strict=True):
            for changement in liste:
                changement.entree = entree
                changements.append(changement)
        Changement.objects.bulk_create(changements, batch_size=LOT)
        for fiche in self.fiches:
            fiche.derniere_revue = derniere_revue[fiche.pk]
        FicheAction.objects.bulk_update(self.fiches, ["derniere_revue"], batch_size=LOT)
        self.dire(f"  {len(entrees)} entrées du journal, {len(changements)} changements")

    # Indicators --------------------------------------------------------------------------------

    def creer_indicateurs(self):
        indicateurs = []
        for n in range(INDICATEURS * self.echelle):
            fiche = self.fiches[n % len(self.fiches)]
            libelle, unite, sens, initiale, cible = INDICATEURS_TYPES[n % len(INDICATEURS_TYPES)]
            indicateurs.append(
                Indicateur(
                    fiche=fiche,
                    libelle=f"{PREFIXE} Indicateur fictif n°{n + 1} : {libelle}",
                    unite=unite,
                    valeur_initiale=initiale,
                    cible=cible,
                    date_cible=self.plan.date_fin,
                    sens=sens,
                )
            )
        Indicateur.objects.bulk_create(indicateurs, batch_size=LOT)
        mois_courant = timezone.localdate().replace(day=1)
        mesures = []
        for indicateur in indicateurs:
            for m in range(MOIS):
                jour = _mois_avant(mois_courant, MOIS - 1 - m)
                tendance = (
                    indicateur.valeur_initiale
                    + (indicateur.cible - indicateur.valeur_initiale) * Decimal(m) / MOIS
                )
                bruit = Decimal(self.hasard.uniform(-0.05, 0.05)) * abs(
                    indicateur.cible - indicateur.valeur_initiale
                )
                mesures.append(
                    Mesure(
                        indicateur=indicateur,
                        date=jour,
                        valeur=(tendance + bruit).quantize(Decimal("0.01")),
                        commentaire="",
                        saisi_par=indicateur.fiche.pilote,
                        saisi_le=timezone.make_aware(datetime.combine(jour, time(9))),
                    )
                )
        Mesure.objects.bulk_create(mesures, batch_size=LOT)
        self.dire(f"  {len(indicateurs)} indicateurs, {len(mesures)} mesures")

    # Territory and partners ----------------------------------------------------------------------

    def creer_territoire(self):
        communes = [
            Commune(
                code_insee=f"X{n:04d}",
                nom=f"Commune fictive n°{n}",
                codes_postaux=["62999"],
                population=1000 + n,
            )
            for n in range(1, COMMUNES * (self.echelle - 1) + 1)
        ]
        Commune.objects.bulk_create(communes, batch_size=LOT)
        self.communes = list(Commune.objects.all())
        existantes = Antenne.objects.count()
        antennes = [
            Antenne(
                nom=f"Antenne fictive n°{n}",
                adresse=f"{n} rue de l'Exemple (adresse fictive)",
                commune=self.hasard.choice(self.communes),
                telephone="03 00 00 00 00",
                email=f"antenne-fictive-{n}@exemple.invalid",
                horaires="Mo-Fr 09:00-12:00,13:30-17:00",
            )
            for n in range(1, max(0, ANTENNES * self.echelle - existantes) + 1)
        ]
        Antenne.objects.bulk_create(antennes, batch_size=LOT)
        toutes = list(Antenne.objects.all())
        permanences = [
            Permanence(
                lieu=f"Permanence fictive n°{n}",
                adresse=f"{PREFIXE} Mairie",
                commune=self.hasard.choice(self.communes),
                antenne=self.hasard.choice(toutes),
                jours_horaires="Tu 09:00-12:00",
            )
            for n in range(1, PERMANENCES * self.echelle + 1)
        ]
        Permanence.objects.bulk_create(permanences, batch_size=LOT)
        # The offer matrix (fiche 1.2): one cell per antenne and theme, one in eight missing.
        modalites = list(OffreAntenne.Modalite.values)
        themes = list(ThemeOffre.objects.all())
        OffreAntenne.objects.bulk_create(
            [
                OffreAntenne(
                    antenne=antenne, theme=theme, modalite=modalites[(antenne.pk + theme.pk) % 8 % 3]
                )
                for antenne in toutes
                for theme in themes
            ],
            batch_size=LOT,
            ignore_conflicts=True,
        )
        # Young people followed per commune, two years (totals only, as staff would type them).
        JeunesSuivis.objects.bulk_create(
            [
                JeunesSuivis(commune=commune, annee=annee, nombre=(commune.population or 0) // 150 + k)
                for commune in self.communes
                for k, annee in enumerate((2024, 2025))
            ],
            batch_size=LOT,
            ignore_conflicts=True,
        )
        # Reception spaces (fiche 1.3): two assessments a year apart per antenne, one action each.
        criteres = list(CritereAccueil.objects.all())
        evaluations = EvaluationAccueil.objects.bulk_create(
            [
                EvaluationAccueil(
                    antenne=antenne,
                    date=self.maintenant.date() - timedelta(days=365 * k + antenne.pk % 90),
                    auteur=f"{PREFIXE} Évaluation fictive",
                )
                for antenne in toutes
                for k in range(2)
            ],
            batch_size=LOT,
        )
        NoteCritere.objects.bulk_create(
            [
                NoteCritere(evaluation=e, critere=c, note=(e.pk + c.pk) % 5)
                for e in evaluations
                for c in criteres
            ],
            batch_size=LOT,
        )
        ActionAmelioration.objects.bulk_create(
            [
                ActionAmelioration(
                    antenne=e.antenne, evaluation=e, libelle=f"{PREFIXE} Action fictive", cout_estime=500
                )
                for e in evaluations[::2]
            ],
            batch_size=LOT,
        )
        self.dire(f"  {len(self.communes)} communes, {len(toutes)} antennes, {len(permanences)} permanences")

    def creer_procedures_et_absences(self):
        """Fiches 1.4 and 1.5: two versions of each procedure (axis 4 created them), deployed in
        one antenne in two; an absence per antenne and quarter over the five years, so that each
        CA meeting's measure of fiche 1.5 has a year of absences behind it."""
        jour = self.maintenant.date()
        antennes = list(Antenne.objects.all())
        versions = VersionProcedure.objects.bulk_create(
            [
                VersionProcedure(procedure=p, numero=k, date=jour - timedelta(days=400 - 200 * k))
                for p in Procedure.objects.all()
                for k in (1, 2)
            ],
            batch_size=LOT,
        )
        DeploiementProcedure.objects.bulk_create(
            [
                DeploiementProcedure(version=v, antenne=a, date=v.date, personnes_formees=4)
                for i, v in enumerate(versions)
                for a in antennes[i % 2 :: 2]
            ],
            batch_size=LOT,
        )
        AbsenceConseiller.objects.bulk_create(
            [
                AbsenceConseiller(
                    antenne=a,
                    debut=jour - timedelta(days=90 * k + 5),
                    fin=jour - timedelta(days=90 * k + 3),
                    prevue=k % 2 == 0,
                    rdv_prevus=8,
                    rdv_couverts=8 - k % 5,
                )
                for a in antennes
                for k in range(20)
            ],
            batch_size=LOT,
        )
        self.dire(f"  {len(versions)} versions de procédures, {20 * len(antennes)} absences")

    def creer_partenaires(self):
        champs = list(ChampIntervention.objects.all())
        existants = Partenaire.objects.count()
        types = list(Partenaire.Type.values)
        partenaires = []
        for n in range(1, max(0, PARTENAIRES * self.echelle - existants) + 1):
            nom = f"{PREFIXE} Partenaire fictif n°{n}"
            # Four in five have a contact, one in five an address (drawn on the territory map).
            avec_contact = n % 5 != 0
            partenaires.append(
                Partenaire(
                    nom=nom,
                    cle_nom=cle(nom),
                    type=types[n % len(types)],
                    commune=self.hasard.choice(self.communes),
                    adresse=f"{n} rue de l'Exemple (adresse fictive)" if n % 5 == 1 else "",
                    contact_nom=f"Contact fictif {n}" if avec_contact else "",
                    contact_fonction="Chargé(e) de partenariat (fictif)" if avec_contact else "",
                    contact_email=f"partenaire-fictif-{n}@exemple.invalid" if avec_contact else "",
                    contact_depuis=self.maintenant.date() - timedelta(days=n % 700) if avec_contact else None,
                    notes=f"{PREFIXE} Partenaire inventé pour les mesures de performance.",
                )
            )
        Partenaire.objects.bulk_create(partenaires, batch_size=LOT)
        if champs:
            lien = Partenaire.champs.through
            lien.objects.bulk_create(
                [
                    lien(partenaire_id=p.pk, champintervention_id=self.hasard.choice(champs).pk)
                    for p in partenaires
                ],
                batch_size=LOT,
            )
        fiches_axe_3 = [f for f in self.fiches if f.code.startswith("3.")] or self.fiches
        lien = Partenaire.fiches.through
        lien.objects.bulk_create(
            [
                lien(partenaire_id=p.pk, ficheaction_id=self.hasard.choice(fiches_axe_3).pk)
                for p in partenaires[::8]
            ],
            batch_size=LOT,
        )
        self.partenaires = list(Partenaire.objects.values_list("pk", flat=True))
        self.dire(f"  {existants + len(partenaires)} partenaires")

    def creer_partenariats(self):
        """Events with their invited and present partners and follow-ups, conventions, materials
        with their versions and distribution log: N times each at scale N."""
        aujourd_hui = self.maintenant.date()
        evenements = [
            Evenement(
                type=Evenement.Type.TEMPS_FORT if n % 3 == 0 else Evenement.Type.RENCONTRE,
                titre=f"{PREFIXE} Rencontre partenariale fictive n°{n}",
                date=aujourd_hui - timedelta(days=60 * (n % EVENEMENTS) + 7),
                sujet=f"{PREFIXE} Emploi, formation et mobilité des jeunes",
                lieu=f"{PREFIXE} Salle fictive",
                commune=self.hasard.choice(self.communes),
            )
            for n in range(1, EVENEMENTS * self.echelle + 1)
        ]
        Evenement.objects.bulk_create(evenements, batch_size=LOT)
        participations, suites = [], []
        for evenement in evenements:
            for pk in self.hasard.sample(self.partenaires, min(INVITES_PAR_EVENEMENT, len(self.partenaires))):
                participations.append(
                    Participation(evenement=evenement, partenaire_id=pk, present=self.hasard.random() < 0.6)
                )
            for k in range(2):
                suites.append(
                    SuiteEvenement(
                        evenement=evenement,
                        action=f"{PREFIXE} Envoyer le compte rendu aux partenaires ({k + 1})",
                        responsable=self.hasard.choice(self.equipe),
                        echeance=evenement.date + timedelta(days=15),
                        faite_le=evenement.date + timedelta(days=10) if k == 0 else None,
                    )
                )
        Participation.objects.bulk_create(participations, batch_size=LOT)
        SuiteEvenement.objects.bulk_create(suites, batch_size=LOT)
        Convention.objects.bulk_create(
            [
                Convention(
                    partenaire_id=self.hasard.choice(self.partenaires),
                    objet=f"{PREFIXE} Convention fictive n°{n}",
                    nature=Convention.Nature.FINANCEMENT if n % 2 else Convention.Nature.PARTENARIAT,
                    date_debut=aujourd_hui - timedelta(days=365),
                    date_fin=aujourd_hui + timedelta(days=365 * (n % 3) - 30),
                    montant=Decimal(5000 * (n % 7 + 1)) if n % 2 else None,
                )
                for n in range(1, CONVENTIONS * self.echelle + 1)
            ],
            batch_size=LOT,
        )
        natures = [
            Support.Nature.LIVRET_PARTENAIRES,
            Support.Nature.GUIDE_JEUNES,
            Support.Nature.KIT_AMBASSADEUR,
        ]
        fiches = {f.code: f for f in self.fiches}
        supports = []
        for n in range(1, SUPPORTS * self.echelle + 1):
            nature = natures[n % len(natures)]
            support = Support(
                titre=f"{PREFIXE} {Support.Nature(nature).label} (fictif n°{n})",
                nature=nature,
                fiche=fiches.get(Support.FICHE_PAR_NATURE[nature]),
                date_mise_a_jour=aujourd_hui - timedelta(days=200 * (n % 3)),
                periodicite_revue_mois=12,
            )
            support.revue_prevue_le = support.date_mise_a_jour + timedelta(days=365)
            supports.append(support)
        Support.objects.bulk_create(supports, batch_size=LOT)
        themes = list(ThemeOffre.objects.values_list("pk", flat=True))
        lien = Support.themes.through
        lien.objects.bulk_create(
            [
                lien(support_id=s.pk, themeoffre_id=t)
                for s in supports
                for t in themes[: 2 + len(themes) // 2]
            ],
            batch_size=LOT,
        )
        versions = [
            VersionSupport(
                support=s,
                format=format_,
                libelle=f"{PREFIXE} Édition fictive",
                url=f"https://exemple.invalid/supports/{s.pk}/{format_}",
                date=s.date_mise_a_jour,
                tirage=500 if format_ == VersionSupport.Format.PAPIER else None,
            )
            for s in supports
            for format_ in (
                VersionSupport.Format.PAPIER,
                VersionSupport.Format.E_PLAQUETTE,
                VersionSupport.Format.WEB,
            )
        ]
        VersionSupport.objects.bulk_create(versions, batch_size=LOT)
        destinataires = [
            Diffusion.Destinataire.PARTENAIRE,
            Diffusion.Destinataire.ELU,
            Diffusion.Destinataire.FINANCEUR,
        ]
        Diffusion.objects.bulk_create(
            [
                Diffusion(
                    support=supports[n % len(supports)],
                    type_destinataire=destinataires[n % 3],
                    partenaire_id=self.hasard.choice(self.partenaires),
                    date=aujourd_hui - timedelta(days=n % 500),
                    quantite=1 + n % 5,
                )
                for n in range(1, DIFFUSIONS * self.echelle + 1)
            ],
            batch_size=LOT,
        )
        self.dire(
            f"  {len(evenements)} événements, {len(participations)} participations, "
            f"{len(supports)} supports, {DIFFUSIONS * self.echelle} diffusions"
        )

    # Young ambassadors (fiche 2.1) ---------------------------------------------------------------

    def creer_ambassadeurs(self):
        """Before the CA meetings, which measure fiche 2.1's computed indicators on these rows."""
        from antennes.models import MembreEquipe

        with transaction.atomic():
            ambassadeurs, interventions = creer_ambassadeurs(
                self.hasard,
                self.maintenant.date(),
                self.echelle,
                list(Antenne.objects.all()),
                list(MembreEquipe.objects.order_by("pk")[: 5 * self.echelle]),
                list(VersionSupport.objects.filter(support__nature=Support.Nature.KIT_AMBASSADEUR)),
                list(Evenement.objects.filter(date__lte=self.maintenant.date())),
                self.partenaires,
            )
        self.dire(f"  {len(ambassadeurs)} ambassadeurs, {len(interventions)} interventions")

    # CA meetings ---------------------------------------------------------------------------------

    def creer_instances(self):
        """Past CA meetings, every one held and its report frozen, as the board would have them."""
        try:
            from conseil.models import Instance
        except ImportError:
            self.dire("  instances : application conseil sans modèle Instance, ignorées")
            return
        nombre = INSTANCES * self.echelle
        # Spread over the last two years at scale 1, over the five years of journal above that.
        etendue = timedelta(days=730 if self.echelle == 1 else 5 * 365)
        pas = etendue / nombre
        signataire = self.direction[0] if self.direction else None
        for n in range(nombre):
            jour = self.maintenant - etendue + pas * n + timedelta(days=1)
            moment = jour.replace(hour=18, minute=0) + timedelta(minutes=n)
            instance = Instance.objects.create(
                type=Instance.Type.CA,
                date=moment,
                lieu=f"{PREFIXE} Siège de la Mission Locale (réunion fictive)",
                ordre_du_jour=f"{PREFIXE} Avancement du plan stratégique\n{PREFIXE} Questions diverses",
            )
            instance.figer(par=signataire)
        # And the next one, whose report the board reads live before the meeting.
        Instance.objects.create(
            type=Instance.Type.CA,
            date=(self.maintenant + timedelta(days=21)).replace(hour=18, minute=0),
            lieu=f"{PREFIXE} Siège de la Mission Locale (réunion fictive)",
            ordre_du_jour=f"{PREFIXE} Avancement du plan stratégique\n{PREFIXE} Décisions attendues",
        )
        self.dire(f"  {nombre} instances tenues avec rapport figé, 1 instance à venir")


def _a_enfants(etape, etapes):
    return any(e.parent_id == etape.pk for e in etapes)


def _mois_avant(jour, nombre):
    annee, mois = divmod(jour.year * 12 + jour.month - 1 - nombre, 12)
    return date(annee, mois + 1, 1)


class _Muet:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
