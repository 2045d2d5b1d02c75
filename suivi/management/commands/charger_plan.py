"""Load every reference fixture (the plan, its values, the organisation, then what the domain apps
register: communes, antennes, partenaires...) into the database.

The fixtures are the one home of the plan's text and structure (axes, fiches, objectives, steps);
the back-office shows them read-only. Unlike `loaddata`, rows are matched on natural keys (steps on
their stable `cle`, never on their position) and only reference fields are written: what staff
recorded since (pilotes, dates, statuts, avancement) is kept, and a second run changes nothing.

The command lives in the follow-up app because a structural change is follow-up: it is recorded
through suivi.services like any other. A structural difference that touches follow-up (a step with
recorded follow-up removed, moved or reordered, a fiche gone from the fixtures) is reported and left
alone unless `--appliquer-structure` is given; whatever is then changed goes through the follow-up
services and is written to the journal.
"""

from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from plan.chargement import CHARGEURS, Synchroniseur, lire
from plan.models import Axe, Enjeu, Etape, FicheAction, Objectif, Organisation, Plan, Pratique, Valeur
from suivi import services


class Command(BaseCommand):
    help = "Charge le plan 2024-2029 et les données de référence (idempotent, conserve le suivi)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--appliquer-structure",
            action="store_true",
            help="Applique aussi les changements de structure qui touchent des étapes ou des fiches suivies "
            "(étapes retirées, déplacées ou réordonnées, fiches retirées), en les inscrivant au journal.",
        )

    def handle(self, *args, appliquer_structure=False, **options):
        sync = Synchroniseur()
        self.appliquer_structure = appliquer_structure
        self.en_attente = []
        self.appliques = []
        with transaction.atomic():
            self.charger_plan(sync)
            self.charger_valeurs(sync)
            self.charger_organisation(sync)
            for chargeur in CHARGEURS:
                chargeur(sync)
        for (modele, action), nombre in sorted(sync.compteurs.items()):
            self.stdout.write(f"  {modele} : {nombre} {action}")
        for ligne in self.appliques:
            self.stdout.write(f"  Structure : {ligne}")
        if self.en_attente:
            self.stdout.write(
                self.style.WARNING(
                    "Changements de structure NON appliqués, car ils touchent un suivi enregistré "
                    "(relancez avec --appliquer-structure pour les appliquer et les inscrire au journal) :"
                )
            )
            for ligne in self.en_attente:
                self.stdout.write(self.style.WARNING(f"  - {ligne}"))
        self.stdout.write(self.style.SUCCESS("Plan et données de référence chargés."))

    # The plan ---------------------------------------------------------------------------------

    def charger_plan(self, sync):
        donnees = lire("plan_2024_2029.json")
        enjeux = {
            e["libelle"]: sync(Enjeu, {"code": e["code"]}, {"libelle": e["libelle"], "ordre": e["ordre"]})
            for e in donnees["enjeux"]
        }
        p = donnees["plan"]
        plan = sync(
            Plan,
            {"annee_debut": p["annee_debut"], "annee_fin": p["annee_fin"]},
            {"titre": p["titre"], "finalite": p["finalite"], "introduction": p["introduction"]},
        )
        if not Plan.objects.filter(est_en_vigueur=True).exists():
            Plan.objects.filter(pk=plan.pk).update(est_en_vigueur=True)
        voulues = set()
        for a in donnees["axes"]:
            axe = sync(
                Axe,
                {"plan": plan, "numero": a["numero"]},
                {"titre": a["titre"], "sous_titre": a["sous_titre"], "description": a["description"]},
            )
            for f in a["fiches"]:
                existait = FicheAction.objects.filter(axe=axe, numero=f["numero"]).exists()
                fiche = sync(
                    FicheAction,
                    {"axe": axe, "numero": f["numero"]},
                    {"titre": f["titre"], "libelle_court": f["libelle_court"], "resume": f["resume"]},
                )
                voulues.add(fiche.pk)
                souhaites = {enjeux[libelle].pk for libelle in f["enjeux"]}
                if set(fiche.enjeux.values_list("pk", flat=True)) != souhaites:
                    fiche.enjeux.set(souhaites)
                for ordre, texte in enumerate(f["objectifs"], start=1):
                    sync(Objectif, {"fiche": fiche, "ordre": ordre}, {"texte": texte})
                Objectif.objects.filter(fiche=fiche, ordre__gt=len(f["objectifs"])).delete()
                StructureDesEtapes(self, sync, fiche, f["etapes"], existait).appliquer()
        self.fiches_retirees(plan, voulues)

    def fiches_retirees(self, plan, voulues):
        for fiche in FicheAction.objects.du_plan(plan).exclude(pk__in=voulues):
            ligne = f"fiche {fiche.code} « {fiche.titre} » absente des fixtures : archivée"
            if not fiche.journal.exists():
                fiche.delete()
                self.appliques.append(f"fiche {fiche.code} « {fiche.titre} » sans suivi : supprimée")
            elif self.appliquer_structure:
                services.archiver_fiche(fiche, motif="Elle ne figure plus dans le plan chargé.")
                self.appliques.append(ligne)
            else:
                self.en_attente.append(ligne)

    # Values and organisation ------------------------------------------------------------------

    def charger_valeurs(self, sync):
        for v in lire("valeurs.json")["valeurs"]:
            valeur = sync(Valeur, {"nom": v["nom"]}, {"ordre": v["ordre"], "description": v["description"]})
            for ordre, texte in enumerate(v["pratiques"], start=1):
                sync(Pratique, {"valeur": valeur, "ordre": ordre}, {"texte": texte})

    def charger_organisation(self, sync):
        o = lire("organisation.json")
        champs = {
            champ: o[champ]
            for champ in [
                "nom",
                "siege_adresse",
                "nb_communes",
                "nb_habitants",
                "nb_qpv",
                "nb_communes_qpv",
                "nb_antennes",
                "nb_permanences",
                "nb_salaries",
                "annee_effectifs",
                "nb_partenaires",
                "nb_membres_ca",
                "nb_membres_bureau",
                "reunions_ca_min_par_an",
                "reunions_bureau_min_par_an",
                "ag_par_an",
                "objet_statuts",
                "buts",
                "presidente",
                "directrice",
                "colleges_ca",
                "nb_reponses_enquetes",
            ]
        }
        champs |= {
            "date_creation": _date(o["date_creation"]),
            "date_statuts": _date(o["date_statuts"]),
            "etp": Decimal(o["etp"]),
        }
        existante = Organisation.objects.first()
        sync(Organisation, {"pk": existante.pk} if existante else {}, champs)


class StructureDesEtapes:
    """Bring a fiche's steps to the fixtures' structure, matching them on their `cle`."""

    def __init__(self, commande, sync, fiche, etapes, existait):
        self.commande, self.sync, self.fiche, self.existait = commande, sync, fiche, existait
        self.voulues = []  # (cle, parent cle or None, ordre, libelle, texte)
        for ordre, e in enumerate(etapes, start=1):
            self.voulues.append((e["cle"], None, ordre, e["libelle"], e["texte"]))
            for sous_ordre, s in enumerate(e["sous_etapes"], start=1):
                self.voulues.append((s["cle"], e["cle"], sous_ordre, s["libelle"], s["texte"]))

    def appliquer(self):
        actuelles = {e.cle: e for e in Etape.objects.filter(fiche=self.fiche).select_related("parent")}
        suivies = set(
            Etape.objects.filter(fiche=self.fiche, journal__isnull=False).values_list("cle", flat=True)
        )

        def est_suivie(etape):
            return (
                etape.cle in suivies
                or etape.statut != Etape.Statut.A_VENIR
                or etape.responsable_id is not None
                or etape.date_echeance is not None
            )

        cles_voulues = {cle for cle, *_ in self.voulues}
        retirees = [e for cle, e in actuelles.items() if cle not in cles_voulues]
        deplacees = [
            (actuelles[cle], parent, ordre)
            for cle, parent, ordre, _, _ in self.voulues
            if cle in actuelles
            and (
                (actuelles[cle].parent.cle if actuelles[cle].parent else None) != parent
                or actuelles[cle].ordre != ordre
            )
        ]
        touche_le_suivi = any(est_suivie(e) for e in retirees) or (
            deplacees and any(est_suivie(e) for e in actuelles.values())
        )
        code = self.fiche.code
        if touche_le_suivi and not self.commande.appliquer_structure:
            for etape in retirees:
                self.commande.en_attente.append(
                    f"fiche {code} : étape « {etape.intitule[:80]} » retirée des fixtures"
                )
            for etape, _, ordre in deplacees:
                self.commande.en_attente.append(
                    f"fiche {code} : étape « {etape.intitule[:80]} » déplacée (position {ordre})"
                )
            for cle, _, _, libelle, texte in self.voulues:
                if cle not in actuelles:
                    self.commande.en_attente.append(
                        f"fiche {code} : étape « {(libelle or texte)[:80]} » ajoutée"
                    )
            self._textes_et_ajouts(actuelles, structure=False)
            return

        recit = []
        # Free the positions first: the (fiche, ordre) and (parent, ordre) constraints are immediate.
        if deplacees or retirees:
            decalage = 1000
            for etape in actuelles.values():
                Etape.objects.filter(pk=etape.pk).update(ordre=etape.ordre + decalage)
        for etape in retirees:
            if est_suivie(etape):
                recit.append(f"étape « {etape.intitule[:80]} » retirée du plan (passée à « Abandonné »)")
                if etape.statut != Etape.Statut.ABANDONNE and not etape.sous_etapes.exists():
                    services.mettre_a_jour_etape(
                        etape,
                        None,
                        version=Etape.objects.get(pk=etape.pk).version,
                        valeurs={"statut": Etape.Statut.ABANDONNE},
                        commentaire="Étape retirée du plan lors du rechargement des fixtures.",
                        origine=services.Origine.COMMANDE,
                    )
            else:
                recit.append(f"étape « {etape.intitule[:80]} » retirée du plan")
        ajoutees = self._textes_et_ajouts(actuelles, structure=True)
        for rang, etape in enumerate(retirees, start=1):
            if not est_suivie(etape):
                Etape.objects.filter(pk=etape.pk).delete()
            else:
                # Kept, after the plan's steps and out of the way of their positions.
                Etape.objects.filter(pk=etape.pk).update(parent=None, ordre=500 + rang)
        recit += [f"étape « {intitule[:80]} » ajoutée" for intitule in ajoutees]
        if deplacees:
            recit.append("étapes réordonnées selon le plan")
        if recit and self.existait:
            services.consigner_structure(self.fiche, "Rechargement du plan : " + " ; ".join(recit) + ".")
        self.commande.appliques.extend(f"fiche {code} : {ligne}" for ligne in recit if self.existait)

    def _textes_et_ajouts(self, actuelles, structure):
        """Reference texts of known steps, new steps created; with `structure`, positions and
        parents as the fixtures say. Returns the intitulés of the steps created."""
        ajoutees = []
        par_cle = dict(actuelles)
        for cle, parent_cle, ordre, libelle, texte in self.voulues:
            parent = par_cle.get(parent_cle) if parent_cle else None
            etape = par_cle.get(cle)
            if etape is None and not structure:
                continue
            if etape is None:
                etape = self.sync(
                    Etape,
                    {"fiche": self.fiche, "cle": cle},
                    {"parent": parent, "ordre": ordre, "libelle": libelle, "texte": texte},
                )
                par_cle[cle] = etape
                ajoutees.append(etape.intitule)
                continue
            valeurs = {"libelle": libelle, "texte": texte}
            if structure:
                valeurs |= {"parent": parent, "ordre": ordre}
            par_cle[cle] = self.sync(Etape, {"pk": etape.pk}, valeurs)
        return ajoutees


def _date(texte):
    return date.fromisoformat(texte) if texte else None
