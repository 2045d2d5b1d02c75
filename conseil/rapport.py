"""The board report of a meeting: its figures (built once, frozen when the meeting is held) and the
reading of those figures that the HTML page and the PDF display.

`construire_donnees` gathers JSON-ready figures; `Rapport` turns them back into dates and decimals
and computes what changed since the reference (the previous meeting of the same type). Rendering
only ever reads the figures, so a frozen report and a live one render through the same code.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from plan.models import Etape, FicheAction, Meteo, Plan, Sante
from plan.templatetags import plan_extras
from plan.templatetags.plan_extras import pourcent
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
from .graphiques import graphique_evolution, graphique_indicateur
from .templatetags.conseil_extras import date_longue

VERSION = 1
# Without a next meeting in the calendar, "due before the next meeting" looks this far ahead.
HORIZON_PAR_DEFAUT = timedelta(days=120)
ETAPES_TERMINEES = {"realise", "abandonne"}
STATUTS_FICHE = dict(FicheAction.Statut.choices)
STATUTS_ETAPE = dict(Etape.Statut.choices)
SANTES = dict(Sante.choices)
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
    "conseil/rapport_pdf.html",
]
FEUILLES_DU_RENDU = ["css/largeurs.css", "conseil/rapport_pdf.css"]

SELECTIONS = {
    "signalees": "Entrées signalées pour le conseil",
    "toutes": "Toutes les entrées de la période",
}


@functools.cache
def empreinte_du_rendu():
    """A hash of the templates, stylesheets and modules that render a report, once per process."""
    from . import graphiques
    from .templatetags import conseil_extras

    fichiers = [get_template(nom).origin.name for nom in GABARITS_DU_RENDU]
    fichiers += [finders.find(nom) for nom in FEUILLES_DU_RENDU]
    fichiers += [__file__, graphiques.__file__, conseil_extras.__file__, plan_extras.__file__]
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
    plan = Plan.objects.en_vigueur_ou_404()
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


def _decimal(texte):
    return Decimal(texte) if texte is not None else None


def _date(texte):
    # Dates are stored by `en_iso`: the C parser reads the tens of thousands of measures' quickly.
    return date.fromisoformat(texte) if texte else None


def _datetime(texte):
    return timezone.localtime(parse_datetime(texte)) if texte else None


def phrase_axe(etats, avancement):
    """One plain-language line on an axis from its fiches' (statut, santé) pairs, e.g.
    « 5 fiches : 3 en cours, 2 à venir ; 1 en retard ; avancement moyen 42 %. »"""
    total = len(etats)
    if not total:
        return "Aucune fiche-action dans cet axe."
    statuts = [statut for statut, _ in etats]
    morceaux = []
    for code, singulier, pluriel in [
        (FicheAction.Statut.EN_COURS, "en cours", "en cours"),
        (FicheAction.Statut.REALISEE, "réalisée", "réalisées"),
        (FicheAction.Statut.BLOQUEE, "bloquée", "bloquées"),
        (FicheAction.Statut.A_VENIR, "à venir", "à venir"),
    ]:
        nombre = statuts.count(code)
        if nombre:
            morceaux.append(f"{nombre} {singulier if nombre == 1 else pluriel}")
    en_retard = sum(1 for _, sante in etats if sante == Sante.EN_RETARD)
    retard = (
        "aucune en retard"
        if not en_retard
        else ("1 en retard" if en_retard == 1 else f"{en_retard} en retard")
    )
    return (
        f"{total} fiche{'s' if total > 1 else ''} : {', '.join(morceaux)} ; {retard} ; "
        f"avancement moyen {pourcent(avancement)}."
    )


@dataclass
class LigneIndicateur:
    id: int
    libelle: str
    unite: str
    valeur_initiale: Decimal
    cible: Decimal
    date_cible: date | None
    sens: str
    mesures: list
    part_atteinte: Decimal | None

    @property
    def derniere(self):
        return self.mesures[-1] if self.mesures else None

    @property
    def graphique(self):
        return graphique_indicateur(self)


@dataclass
class LigneEtape:
    id: int
    numero: str
    intitule: str
    statut: str
    avancement: int
    date_echeance: date
    responsable: str
    fiche: "LigneFiche" = None

    @property
    def statut_libelle(self):
        return STATUTS_ETAPE.get(self.statut, self.statut)


@dataclass
class LigneFiche:
    id: int
    code: str
    titre: str
    axe_id: int
    avancement: Decimal
    statut: str
    sante: str
    meteo: str
    pilote: str
    date_debut: date | None
    date_echeance: date | None
    decision_attendue: str
    dernier_commentaire: dict | None
    etapes: list = field(default_factory=list)
    indicateurs: list = field(default_factory=list)
    avant: dict | None = None

    @property
    def statut_libelle(self):
        return STATUTS_FICHE.get(self.statut, self.statut)

    @property
    def sante_libelle(self):
        return SANTES.get(self.sante, self.sante)

    @property
    def meteo_libelle(self):
        return METEOS.get(self.meteo, "Non renseignée")

    @property
    def avancement_avant(self):
        return _decimal(self.avant["avancement"]) if self.avant else Decimal(0)

    @property
    def delta(self):
        return self.avancement - self.avancement_avant


@dataclass
class LigneAxe:
    id: int
    numero: int
    titre: str
    resume_simple: str
    avancement: Decimal
    avancement_avant: Decimal
    fiches: list

    @property
    def delta(self):
        return self.avancement - self.avancement_avant

    @property
    def phrase(self):
        return phrase_axe([(f.statut, f.sante) for f in self.fiches], self.avancement)


@dataclass
class LigneChangement:
    fiche: LigneFiche
    avant: str
    apres: str
    precision: str = ""


class Rapport:
    """The report's figures read back as dates and decimals, with what changed since the reference."""

    def __init__(self, donnees, selection="signalees", fige=None, cle_provisoire=None):
        """`fige` is the RapportFige the figures come from, None for a live report; a live report
        built by `provisoire()` carries the key of the follow-up state it was computed from."""
        self.donnees = donnees
        self.selection = selection if selection in SELECTIONS else "signalees"
        self.fige = fige is not None
        self.cle_fige = f"{fige.pk}-{fige.fige_le.timestamp()}" if fige is not None else None
        self.cle_provisoire = cle_provisoire
        instance = donnees["instance"]
        self.instance_libelle = instance["libelle"]
        self.type_libelle = instance["type_libelle"]
        self.date_instance = _datetime(instance["date"])
        self.lieu = instance["lieu"]
        self.ordre_du_jour = [
            ligne.strip() for ligne in instance["ordre_du_jour"].splitlines() if ligne.strip()
        ]
        self.arrete_au = _datetime(donnees["arrete_au"])
        self.jour = _date(donnees["etat"]["jour"])
        etat, reference = donnees["etat"], donnees["reference"]
        self.plan_titre = etat["plan"]["titre"]
        self.avancement = _decimal(etat["plan"]["avancement"])
        self.avancement_avant = _decimal(reference["plan"]["avancement"])
        self.reference_libelle = reference["libelle"]
        self.reference_arrete_au = _datetime(reference["arrete_au"])
        self.limite_echeances = _date(donnees["limite_echeances"])
        prochaine = donnees["prochaine"]
        self.prochaine_libelle = prochaine["libelle"] if prochaine else ""

    def en_cache(self, usage, construire):
        """What `construire()` returns (rendered HTML, PDF bytes), built once for a frozen report.

        A held meeting's report never changes: its renderings are kept in Django's cache under the
        frozen figures' identity, the journal selection and the fingerprint of the code that draws
        them (`empreinte_du_rendu`), so a new version of a template is never served stale. A live
        report is always built afresh.
        """
        if self.cle_fige is not None:
            cle, duree = f"conseil:rapport-fige:{self.cle_fige}", DUREE_EN_CACHE
        elif self.cle_provisoire is not None:
            cle, duree = f"conseil:rapport-provisoire:{self.cle_provisoire}", DUREE_RAPPORT_PROVISOIRE
        else:
            return construire()
        cle = f"{cle}:{self.selection}:{usage}:{empreinte_du_rendu()}"
        valeur = cache.get(cle)
        if valeur is None:
            valeur = construire()
            cache.set(cle, valeur, duree)
        return valeur

    @classmethod
    def provisoire(cls, instance, selection="signalees"):
        """Today's report of a meeting not yet held, reused while nothing it reads has changed.

        Board members reopen the same report many times before a meeting: its figures and renderings
        are cached under the meeting and `empreinte_du_suivi`, which any follow-up change alters, and
        for `DUREE_RAPPORT_PROVISOIRE` at most.
        """
        plan = Plan.objects.en_vigueur_ou_404()
        etat = f"{instance.pk}-{instance.modifie_le.timestamp()}-{empreinte_du_suivi(plan)}"
        cle = f"conseil:donnees-provisoires:{etat}"
        donnees = cache.get(cle)
        if donnees is None:
            donnees = construire_donnees(instance)
            cache.set(cle, donnees, DUREE_RAPPORT_PROVISOIRE)
        return cls(donnees, selection, cle_provisoire=etat)

    # Fiches and axes are read back on first use: a frozen report whose body is already rendered
    # (see `en_cache`) only needs the heading above.

    @cached_property
    def fiches(self):
        etat, reference = self.donnees["etat"], self.donnees["reference"]
        avant_par_id = {f["id"]: f for f in reference["fiches"]}
        fiches = []
        for f in etat["fiches"]:
            fiche = LigneFiche(
                id=f["id"],
                code=f["code"],
                titre=f["titre"],
                axe_id=f["axe_id"],
                avancement=_decimal(f["avancement"]),
                statut=f["statut"],
                sante=f["sante"],
                meteo=f["meteo"],
                pilote=f["pilote"],
                date_debut=_date(f["date_debut"]),
                date_echeance=_date(f["date_echeance"]),
                decision_attendue=f["decision_attendue"],
                dernier_commentaire=f["dernier_commentaire"]
                and {**f["dernier_commentaire"], "date": _datetime(f["dernier_commentaire"]["date"])},
                avant=avant_par_id.get(f["id"]),
            )
            fiche.etapes = [
                LigneEtape(**{**e, "date_echeance": _date(e["date_echeance"])}, fiche=fiche)
                for e in f["etapes"]
            ]
            fiche.indicateurs = [
                LigneIndicateur(
                    id=i["id"],
                    libelle=i["libelle"],
                    unite=i["unite"],
                    valeur_initiale=_decimal(i["valeur_initiale"]),
                    cible=_decimal(i["cible"]),
                    date_cible=_date(i["date_cible"]),
                    sens=i["sens"],
                    mesures=[(_date(d), _decimal(v)) for d, v in i["mesures"]],
                    part_atteinte=_decimal(i["part_atteinte"]),
                )
                for i in f["indicateurs"]
            ]
            fiches.append(fiche)
        return fiches

    @cached_property
    def axes(self):
        etat, reference = self.donnees["etat"], self.donnees["reference"]
        avant_axes = {a["id"]: _decimal(a["avancement"]) for a in reference["axes"]}
        return [
            LigneAxe(
                id=a["id"],
                numero=a["numero"],
                titre=a["titre"],
                resume_simple=a["resume_simple"],
                avancement=_decimal(a["avancement"]),
                avancement_avant=avant_axes.get(a["id"], Decimal(0)),
                fiches=[f for f in self.fiches if f.axe_id == a["id"]],
            )
            for a in etat["axes"]
        ]

    # Synthesis

    @cached_property
    def delta(self):
        return self.avancement - self.avancement_avant

    def _comptes(self, attribut, libelles):
        return [
            (code, libelle, sum(1 for f in self.fiches if getattr(f, attribut) == code))
            for code, libelle in libelles.items()
        ]

    @cached_property
    def comptes_sante(self):
        return self._comptes("sante", SANTES)

    @cached_property
    def comptes_statut(self):
        return self._comptes("statut", STATUTS_FICHE)

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
        return [f for f in self.fiches if f.delta]

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
        par_indicateur = {}
        for m in self.donnees["periode"]["mesures"]:
            par_indicateur.setdefault((m["fiche_code"], m["indicateur"]), []).append(m)
        lignes = []
        for (fiche_code, indicateur), mesures in par_indicateur.items():
            derniere = max(mesures, key=lambda m: m["date"])
            lignes.append(
                {
                    "fiche_code": fiche_code,
                    "indicateur": indicateur,
                    "unite": derniere["unite"],
                    "nombre": len(mesures),
                    "date": _date(derniere["date"]),
                    "valeur": _decimal(derniere["valeur"]),
                    "cible": _decimal(derniere["cible"]),
                    "part_atteinte": _decimal(derniere["part_atteinte"]),
                }
            )
        return lignes

    @cached_property
    def nb_mesures_nouvelles(self):
        return len(self.donnees["periode"]["mesures"])

    def _entrees(self, lignes):
        return [
            {**e, "date": _datetime(e["date"]), "type_libelle": TYPES_ENTREE.get(e["type"], e["type"])}
            for e in lignes
        ]

    @cached_property
    def journal_complet(self):
        return self.donnees["periode"]["journal"]

    @cached_property
    def nb_entrees_signalees(self):
        return sum(1 for e in self.journal_complet if e["a_presenter"])

    @cached_property
    def journal(self):
        """The period's entries, all of them or those flagged for the board, as selected."""
        lignes = self.journal_complet
        if self.selection == "signalees":
            lignes = [e for e in lignes if e["a_presenter"]]
        return self._entrees(lignes)

    # Decisions, late and due items

    @cached_property
    def decisions(self):
        return [f for f in self.fiches if f.decision_attendue.strip()]

    @cached_property
    def entrees_a_presenter(self):
        return self._entrees(
            [e for e in self.journal_complet if e["a_presenter"] and e["commentaire"].strip()]
        )

    def _etapes_ouvertes(self):
        return [e for f in self.fiches for e in f.etapes if e.statut not in ETAPES_TERMINEES]

    @cached_property
    def fiches_en_retard(self):
        return [f for f in self.fiches if f.sante == Sante.EN_RETARD]

    @cached_property
    def etapes_en_retard(self):
        return sorted(
            (e for e in self._etapes_ouvertes() if e.date_echeance < self.jour), key=lambda e: e.date_echeance
        )

    @cached_property
    def fiches_a_echeance(self):
        return sorted(
            (
                f
                for f in self.fiches
                if f.date_echeance
                and self.jour <= f.date_echeance <= self.limite_echeances
                and f.statut != FicheAction.Statut.REALISEE
            ),
            key=lambda f: f.date_echeance,
        )

    @cached_property
    def etapes_a_echeance(self):
        return sorted(
            (e for e in self._etapes_ouvertes() if self.jour <= e.date_echeance <= self.limite_echeances),
            key=lambda e: e.date_echeance,
        )
