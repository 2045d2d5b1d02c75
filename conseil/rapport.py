"""The board report of a meeting: its figures (built once, frozen when the meeting is held) and the
reading of those figures that the HTML page and the PDF display.

`construire_donnees` gathers JSON-ready figures; `Rapport` turns them back into dates and decimals
and computes what changed since the reference (the previous meeting of the same type). Rendering
only ever reads the figures, so a frozen report and a live one render through the same code.
"""

import functools
import hashlib
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone

from mission_locale import formats, gabarits
from mission_locale.formats import date_longue
from plan.models import FicheAction, Meteo, Plan
from suivi.models import EntreeJournal

from .etat import (
    debut_du_jour,
    empreinte_du_suivi,
    en_iso,
    en_texte,
    evolution_mensuelle,
    figures_au,
    journal_entre,
    mesures_entre,
)
from .graphiques import graphique_evolution
from .synthese import STATUTS_FICHE, LigneChangement, Synthese, _date, _datetime, _decimal

# 2: the period's journal is the flagged entries and a count per fiche, its measures a line per indicator.
VERSION = 2
# Without a next meeting in the calendar, "due before the next meeting" looks this far ahead.
HORIZON_PAR_DEFAUT = timedelta(days=120)
METEOS = dict(Meteo.choices)
TYPES_ENTREE = dict(EntreeJournal.Type.choices)

# A frozen rendering stays valid forever; the bound only lets unused ones go.
DUREE_EN_CACHE = 7 * 24 * 3600
# A live report may show figures up to this old only for changes no aggregate of
# `empreinte_du_suivi` sees (a renamed person, a reference text); any follow-up change is immediate.
DUREE_RAPPORT_PROVISOIRE = 5 * 60
# What draws a report: a change to any of them changes the key of the cached renderings.
GABARITS_DU_RENDU = [
    "conseil/includes/_rapport.html",
    "conseil/includes/_suite.html",
    "conseil/rapport_pdf.html",
    "antennes/includes/_carte.html",
    "antennes/includes/_carte_rapport_contenu.html",
]
FEUILLES_DU_RENDU = ["css/largeurs.css", "conseil/rapport_pdf.css"]


@functools.cache
def empreinte_du_rendu():
    """A hash of the templates, stylesheets and modules that render a report, once per process."""
    from . import graphiques, synthese

    fichiers = [get_template(nom).origin.name for nom in GABARITS_DU_RENDU]
    fichiers += [finders.find(nom) for nom in FEUILLES_DU_RENDU]
    fichiers += [__file__, graphiques.__file__, synthese.__file__, formats.__file__, gabarits.__file__]
    return empreinte_des_fichiers(fichiers)


def empreinte_des_fichiers(fichiers):
    """A short hash of the files' contents: part of the key of a rendering kept in a cache that
    several servers may share, so that a new version of the code never serves an old rendering."""
    empreinte = hashlib.sha256()
    for fichier in fichiers:
        empreinte.update(Path(fichier).read_bytes())
    return empreinte.hexdigest()[:16]


def _reference(instance, plan, maintenant):
    """(libellé, moment, figures) the report compares against."""
    precedente = instance.precedente()
    if precedente is None:
        moment = debut_du_jour(plan.date_debut)
        return f"le début du plan ({date_longue(plan.date_debut)})", moment, figures_au(plan, moment)
    libelle = f"l'instance précédente : {precedente}"
    fige = getattr(precedente, "rapport_fige", None)
    if fige is not None:
        return libelle, fige.arrete_au, fige.donnees["etat"]
    moment = precedente.moment_arrete(maintenant)
    return libelle, moment, figures_au(plan, moment)


def construire_donnees(instance, maintenant=None):
    """Every figure of the meeting's report, as plain JSON-ready data."""
    maintenant = maintenant or timezone.now()
    plan = Plan.objects.en_vigueur()
    moment = instance.moment_arrete(maintenant)
    libelle_reference, moment_reference, reference = _reference(instance, plan, maintenant)
    etat = figures_au(plan, moment)
    fiches = list(FicheAction.objects.du_plan(plan).only("pk", "axe_id", "avancement"))
    evolution = [
        [en_iso(mois), en_texte(global_), {str(k): en_texte(v) for k, v in par_axe.items()}]
        for mois, par_axe, global_ in evolution_mensuelle(plan, fiches, moment)
    ]
    suivante = instance.suivante()
    jour = timezone.localdate(moment)
    limite = timezone.localdate(suivante.date) if suivante else jour + HORIZON_PAR_DEFAUT
    return {
        "version": VERSION,
        "instance": {
            "id": instance.pk,
            "type": instance.type,
            "type_libelle": instance.get_type_display(),
            "libelle": str(instance),
            "date": en_iso(instance.date),
            "lieu": instance.lieu,
            "ordre_du_jour": instance.ordre_du_jour,
        },
        "arrete_au": en_iso(moment),
        "etat": etat,
        "evolution": evolution,
        "reference": {
            "libelle": libelle_reference,
            "arrete_au": en_iso(moment_reference),
            "plan": reference["plan"],
            "axes": reference["axes"],
            # Only what the comparison needs, to keep the stored figures small.
            "fiches": [
                {
                    "id": f["id"],
                    "avancement": f["avancement"],
                    "statut": f["statut"],
                    "meteo": f["meteo"],
                    "sante": f["sante"],
                    "date_echeance": f["date_echeance"],
                    "etapes": [{"id": e["id"], "date_echeance": e["date_echeance"]} for e in f["etapes"]],
                }
                for f in reference["fiches"]
            ],
        },
        "periode": {
            "debut": en_iso(moment_reference),
            "fin": en_iso(moment),
            "journal": journal_entre(plan, moment_reference, moment),
            "mesures": mesures_entre(plan, moment_reference, moment),
        },
        "prochaine": {"libelle": str(suivante), "date": en_iso(suivante.date)} if suivante else None,
        "limite_echeances": en_iso(limite),
    }


def cle_du_document(instance):
    """The key of the PDF of `instance`'s report (`Rapport.cle_du_document`), without computing
    the report: requests that will only wait for the PDF do not pay for its figures."""
    fige = getattr(instance, "rapport_fige", None)
    if fige is not None:
        return f"fige:{Rapport.cle_fige_de(fige)}"
    return f"provisoire:{Rapport.cle_provisoire_de(instance)}:{empreinte_du_rendu()}"


def lire_version_1(donnees):
    """The figures of a report frozen before version 2 (the whole journal of the period and every
    measure), read in version 2's shape: the frozen figures themselves are never rewritten."""
    periode = donnees["periode"]
    journal = periode["journal"]
    par_fiche = {}
    for entree in journal:
        ligne = par_fiche.setdefault(
            entree["fiche_id"],
            {
                "fiche_id": entree["fiche_id"],
                "fiche_code": entree["fiche_code"],
                "titre": next(
                    (f["titre"] for f in donnees["etat"]["fiches"] if f["id"] == entree["fiche_id"]), ""
                ),
                "nombre": 0,
                "mises_a_jour": 0,
                "commentaires": 0,
                "revues": 0,
                "derniere": entree["date"],
            },
        )
        ligne["nombre"] += 1
        cle = {"modification": "mises_a_jour", "commentaire": "commentaires", "revue": "revues"}.get(
            entree["type"]
        )
        if cle:
            ligne[cle] += 1
        ligne["derniere"] = max(ligne["derniere"], entree["date"])
    mesures = {}
    for mesure in periode["mesures"]:
        cle = (mesure["fiche_code"], mesure["indicateur"])
        ligne = mesures.setdefault(cle, {**mesure, "nombre": 0})
        ligne["nombre"] += 1
        if mesure["date"] >= ligne["date"]:
            mesures[cle] = {**mesure, "nombre": ligne["nombre"]}
    return {
        **donnees,
        "periode": {
            **periode,
            "journal": {
                "signalees": [e for e in journal if e.get("a_presenter")],
                "par_fiche": sorted(par_fiche.values(), key=lambda ligne: ligne["fiche_code"]),
            },
            "mesures": list(mesures.values()),
        },
    }


class Rapport(Synthese):
    """The report's figures read back as dates and decimals, with what changed since the reference.

    Its length stays readable whatever the volume: every list shows its first LIMITE items and says
    how many are left out (the application and the exports have them all), and beyond SEUIL_DETAIL
    fiches the detail section is a table of one line per fiche, with the fiches that need a look
    (late, stormy, awaiting a decision) described in full.
    """

    LIMITE = 20
    SEUIL_DETAIL = 30
    tranche = f":{LIMITE}"

    def __init__(self, donnees, fige=None, cle_provisoire=None):
        """`fige` is the RapportFige the figures come from, None for a live report; a live report
        built by `provisoire()` carries the key of the follow-up state it was computed from."""
        if donnees.get("version", 1) < 2:
            donnees = lire_version_1(donnees)
        super().__init__(donnees["etat"], donnees["reference"])
        self.donnees = donnees
        self.fige = fige is not None
        self.cle_fige = self.cle_fige_de(fige) if fige is not None else None
        self.cle_provisoire = cle_provisoire
        instance = donnees["instance"]
        self.instance_id = instance["id"]
        self.instance_libelle = instance["libelle"]
        self.type_libelle = instance["type_libelle"]
        self.date_instance = _datetime(instance["date"])
        self.lieu = instance["lieu"]
        self.ordre_du_jour = [
            ligne.strip() for ligne in instance["ordre_du_jour"].splitlines() if ligne.strip()
        ]
        self.arrete_au = _datetime(donnees["arrete_au"])
        reference = donnees["reference"]
        self.reference_libelle = reference["libelle"]
        self.reference_arrete_au = _datetime(reference["arrete_au"])
        self.limite_echeances = _date(donnees["limite_echeances"])
        prochaine = donnees["prochaine"]
        self.prochaine_libelle = prochaine["libelle"] if prochaine else ""

    @property
    def cle_du_document(self):
        """What the PDF of this report depends on (see DocumentRapport.cle)."""
        if self.cle_fige is not None:
            return f"fige:{self.cle_fige}"
        return f"provisoire:{self.cle_provisoire}:{empreinte_du_rendu()}"

    @staticmethod
    def cle_fige_de(fige):
        return f"{fige.pk}-{fige.fige_le.timestamp()}"

    @staticmethod
    def cle_provisoire_de(instance):
        """The follow-up state a live report of `instance` is computed from, cheaply (aggregates)."""
        plan = Plan.objects.en_vigueur()
        return f"{instance.pk}-{instance.modifie_le.timestamp()}-{empreinte_du_suivi(plan)}"

    def en_cache(self, usage, construire):
        """What `construire()` returns (rendered HTML), built once for a given state of the figures.

        A held meeting's report never changes: its renderings are kept in Django's cache under the
        frozen figures' identity and the fingerprint of the code that draws them
        (`empreinte_du_rendu`), so a new version of a template is never served stale. A live
        report's are kept under the follow-up fingerprint it was computed from.
        """
        if self.cle_fige is not None:
            cle, duree = f"conseil:rapport-fige:{self.cle_fige}", DUREE_EN_CACHE
        elif self.cle_provisoire is not None:
            cle, duree = f"conseil:rapport-provisoire:{self.cle_provisoire}", DUREE_RAPPORT_PROVISOIRE
        else:
            return construire()
        cle = f"{cle}:{usage}:{empreinte_du_rendu()}"
        valeur = cache.get(cle)
        if valeur is None:
            valeur = construire()
            cache.set(cle, valeur, duree)
        return valeur

    @classmethod
    def provisoire(cls, instance):
        """Today's report of a meeting not yet held, reused while nothing it reads has changed.

        Board members reopen the same report many times before a meeting: its figures and renderings
        are cached under the meeting and `empreinte_du_suivi`, which any follow-up change alters, and
        for `DUREE_RAPPORT_PROVISOIRE` at most.
        """
        etat = cls.cle_provisoire_de(instance)
        cle = f"conseil:donnees-provisoires:{etat}"
        donnees = cache.get(cle)
        if donnees is None:
            donnees = construire_donnees(instance)
            cache.set(cle, donnees, DUREE_RAPPORT_PROVISOIRE)
        return cls(donnees, cle_provisoire=etat)

    @cached_property
    def graphique_evolution(self):
        series = [("Plan", [(_date(m), _decimal(v)) for m, v, _ in self.donnees["evolution"]])]
        for axe in self.axes:
            points = [
                (_date(m), _decimal(par_axe.get(str(axe.id), "0")))
                for m, _, par_axe in self.donnees["evolution"]
            ]
            series.append((f"Axe {axe.numero}", points))
        return graphique_evolution(series)

    @cached_property
    def evolution(self):
        """The chart's figures at each quarter's end and for the latest month: (mois, plan, [axes]).

        Quarterly rather than monthly: five years of figures stay a one-page table in the PDF.
        """
        lignes = self.donnees["evolution"]
        return [
            (_date(m), _decimal(v), [_decimal(par_axe.get(str(axe.id), "0")) for axe in self.axes])
            for rang, (m, v, par_axe) in enumerate(lignes)
            if _date(m).month % 3 == 0 or rang == len(lignes) - 1
        ]

    # What changed since the reference

    @cached_property
    def fiches_qui_ont_avance(self):
        """Those that moved, the biggest moves first."""
        return sorted((f for f in self.fiches if f.delta), key=lambda f: (-abs(f.delta), f.code))

    @cached_property
    def detail_complet(self):
        return len(self.fiches) <= self.SEUIL_DETAIL

    @cached_property
    def fiches_a_regarder(self):
        """The fiches described in full when the detail is a table: late, stormy, or awaiting a decision."""
        return [
            f
            for f in self.fiches
            if f.sante == "en_retard" or f.meteo == Meteo.ORAGE or f.decision_attendue.strip()
        ]

    @cached_property
    def changements_de_statut(self):
        return [
            LigneChangement(f, STATUTS_FICHE.get(f.avant["statut"], f.avant["statut"]), f.statut_libelle)
            for f in self.fiches
            if f.avant and f.avant["statut"] != f.statut
        ]

    @cached_property
    def changements_de_meteo(self):
        return [
            LigneChangement(f, METEOS.get(f.avant["meteo"], "Non renseignée"), f.meteo_libelle)
            for f in self.fiches
            if f.avant and f.avant["meteo"] != f.meteo
        ]

    @cached_property
    def echeances_deplacees(self):
        """Due dates of fiches and steps that moved, with the shift in days."""
        deplacees = []
        for fiche in self.fiches:
            if not fiche.avant:
                continue
            paires = [
                (f"Fiche {fiche.code} : {fiche.titre}", fiche.avant["date_echeance"], fiche.date_echeance)
            ]
            avant_etapes = {e["id"]: e["date_echeance"] for e in fiche.avant["etapes"]}
            paires += [
                (f"Fiche {fiche.code}, étape {e.numero} : {e.intitule}", avant_etapes[e.id], e.date_echeance)
                for e in fiche.etapes
                if e.id in avant_etapes
            ]
            for libelle, avant, apres in paires:
                avant = _date(avant)
                if avant != apres:
                    ecart = f"{(apres - avant).days:+d} jours" if avant and apres else ""
                    deplacees.append(
                        LigneChangement(
                            fiche,
                            date_longue(avant) if avant else "non fixée",
                            date_longue(apres) if apres else "non fixée",
                            f"{libelle} ({ecart})" if ecart else libelle,
                        )
                    )
        return deplacees

    @cached_property
    def mesures_nouvelles(self):
        """The period's new measures, one line per indicator: how many, and the latest one."""
        return [
            {
                **m,
                "date": _date(m["date"]),
                "valeur": _decimal(m["valeur"]),
                "cible": _decimal(m["cible"]),
                "part_atteinte": _decimal(m["part_atteinte"]),
            }
            for m in self.donnees["periode"]["mesures"]
        ]

    @cached_property
    def nb_mesures_nouvelles(self):
        return sum(m["nombre"] for m in self.donnees["periode"]["mesures"])

    def _entrees(self, lignes):
        return [
            {**e, "date": _datetime(e["date"]), "type_libelle": TYPES_ENTREE.get(e["type"], e["type"])}
            for e in lignes
        ]

    @cached_property
    def journal(self):
        """The period's entries flagged for the board, in full."""
        return self._entrees(self.donnees["periode"]["journal"]["signalees"])

    @cached_property
    def activite_par_fiche(self):
        """Every fiche's activity over the period, counted: the rest of the journal, summarised."""
        return [
            {**ligne, "derniere": _datetime(ligne["derniere"])}
            for ligne in self.donnees["periode"]["journal"]["par_fiche"]
        ]

    @cached_property
    def nb_entrees(self):
        return sum(ligne["nombre"] for ligne in self.donnees["periode"]["journal"]["par_fiche"])

    @cached_property
    def nb_entrees_signalees(self):
        return len(self.donnees["periode"]["journal"]["signalees"])

    # Decisions, late and due items

    @cached_property
    def entrees_a_presenter(self):
        return [e for e in self.journal if e["commentaire"].strip()]

    @cached_property
    def fiches_a_echeance(self):
        return self.fiches_a_echeance_avant(self.limite_echeances)

    @cached_property
    def etapes_a_echeance(self):
        return self.etapes_a_echeance_avant(self.limite_echeances)
