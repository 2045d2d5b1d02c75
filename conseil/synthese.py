"""The synthesis of the plan's figures at a moment, read back from `conseil.etat.figures_au`: what
the dashboard shows live and the board report shows for a meeting. One reading for both, so a figure
on the home page and the same figure in the report can never disagree.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mission_locale.formats import pourcent
from plan.models import Etape, FicheAction, Meteo, Sante

from .graphiques import graphique_indicateur

ETAPES_TERMINEES = {"realise", "abandonne"}
STATUTS_FICHE = dict(FicheAction.Statut.choices)
STATUTS_ETAPE = dict(Etape.Statut.choices)
SANTES = dict(Sante.choices)
METEOS = dict(Meteo.choices)
# Worst first, so that sorting by santé brings what needs attention to the top.
RANG_SANTE = {Sante.EN_RETARD: 0, Sante.A_SURVEILLER: 1, Sante.NON_PLANIFIEE: 2, Sante.DANS_LES_TEMPS: 3}


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
    mesures_stockees: list
    part_atteinte: Decimal | None
    calcule: bool = False

    @cached_property
    def mesures(self):
        """[(date, value)], read from the stored figures when first asked for: the whole plan's
        measures are tens of thousands of pairs, which the pages that list fiches never read."""
        return [(_date(d), _decimal(v)) for d, v in self.mesures_stockees]

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
    derniere_revue: datetime | None = None
    frequence_revue_jours: int = 30
    enjeux: list = field(default_factory=list)
    etapes: list = field(default_factory=list)
    indicateurs: list = field(default_factory=list)
    avant: dict | None = None

    @property
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return reverse("suivi:fiche-detail", args=[self.code])

    @property
    def rang_sante(self):
        return RANG_SANTE.get(self.sante, 9)

    def revue_attendue_le(self):
        if self.derniere_revue is None:
            return None
        return self.derniere_revue.date() + timedelta(days=self.frequence_revue_jours)

    def est_a_revoir(self, jour):
        """Not updated within its frequency while still running (never updated counts as overdue)."""
        if self.statut == FicheAction.Statut.REALISEE:
            return False
        attendue = self.revue_attendue_le()
        return attendue is None or attendue < jour

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
    def libelle_barre(self):
        return f"Avancement de l'axe {self.numero}"

    @property
    def fiches_par_sante(self):
        """The axis' fiches, those needing attention first."""
        return sorted(self.fiches, key=lambda f: (f.rang_sante, f.code))

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


class Synthese:
    """The figures of `figures_au` read back as dates and decimals, with what a reader looks for:
    counts by statut and santé, what is late, what is due, what awaits an update or a decision.

    `reference` (optional) holds the same figures at an earlier moment, for the progress deltas.
    """

    def __init__(self, etat, reference=None):
        self.etat = etat
        self.reference = reference
        self.jour = _date(etat["jour"])
        self.plan_titre = etat["plan"]["titre"]
        self.avancement = _decimal(etat["plan"]["avancement"])
        self.avancement_avant = _decimal(reference["plan"]["avancement"]) if reference else Decimal(0)

    @cached_property
    def fiches(self):
        avant_par_id = {f["id"]: f for f in self.reference["fiches"]} if self.reference else {}
        fiches = []
        for f in self.etat["fiches"]:
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
                derniere_revue=_datetime(f.get("derniere_revue")),
                frequence_revue_jours=f.get("frequence_revue_jours", 30),
                enjeux=f.get("enjeux", []),
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
                    mesures_stockees=i["mesures"],
                    part_atteinte=_decimal(i["part_atteinte"]),
                    calcule=i.get("calcule", False),
                )
                for i in f["indicateurs"]
            ]
            fiches.append(fiche)
        return fiches

    @cached_property
    def axes(self):
        avant_axes = (
            {a["id"]: _decimal(a["avancement"]) for a in self.reference["axes"]} if self.reference else {}
        )
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
            for a in self.etat["axes"]
        ]

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
    def decisions(self):
        return [f for f in self.fiches if f.decision_attendue.strip()]

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

    def fiches_a_echeance_avant(self, limite):
        return sorted(
            (
                f
                for f in self.fiches
                if f.date_echeance
                and self.jour <= f.date_echeance <= limite
                and f.statut != FicheAction.Statut.REALISEE
            ),
            key=lambda f: f.date_echeance,
        )

    def etapes_a_echeance_avant(self, limite):
        return sorted(
            (e for e in self._etapes_ouvertes() if self.jour <= e.date_echeance <= limite),
            key=lambda e: e.date_echeance,
        )

    @cached_property
    def fiches_a_revoir(self):
        return [f for f in self.fiches if f.est_a_revoir(self.jour)]
