"""The plan's state at any moment, replayed from the journal, as plain JSON-ready figures.

A follow-up field of a fiche or a step (météo, dates, pilote, responsable...) at a past moment is
today's value with every later change undone: the `avant` of the first change recorded at or after
that moment. Progress and statut come from the snapshot of the last journal entry before the moment,
or from today's cached values when nothing was recorded since. With the moment set to now, the
figures are exactly the live ones.

Every value is a str, int, bool, None, list or dict, so that the figures can be stored in a
JSONField and read back identical (see `conseil.models.RapportFige`).
"""

import hashlib
from bisect import bisect_right
from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal
from operator import itemgetter

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_date

from comptes.models import nom_de
from plan.models import Axe, Etape, FicheAction, Plan, avancement_agrege
from suivi.models import Changement, EntreeJournal, Indicateur, Mesure

DEUX_DECIMALES = Decimal("0.01")
# The monthly series' cache keys change with the journal and the month: a day is only a bound.
DUREE_EN_CACHE = 24 * 3600


def en_texte(nombre):
    """A Decimal as a fixed two-decimal string (JSON has no decimals; floats would round)."""
    if nombre is None:
        return None
    return str(Decimal(nombre).quantize(DEUX_DECIMALES))


def en_iso(valeur):
    return valeur.isoformat() if valeur is not None else None


def debut_du_jour(jour):
    return timezone.make_aware(datetime.combine(jour, time.min))


def _annulations(plan, moment):
    """{(fiche_id, etape_id, champ): (avant, avant_brut)} of the first change at or after `moment`."""
    lignes = (
        Changement.objects.filter(entree__fiche__axe__plan=plan, entree__cree_le__gte=moment)
        .order_by("entree__cree_le", "entree_id", "pk")
        .values_list("entree__fiche_id", "entree__etape_id", "champ", "avant", "avant_brut")
    )
    annulations = {}
    for fiche_id, etape_id, champ, avant, avant_brut in lignes:
        annulations.setdefault((fiche_id, etape_id, champ), (avant, avant_brut))
    return annulations


def _valeur_au(annulations, cle, actuelle, lisible=False):
    """Today's value, or the one the first later change replaced: raw (codes, ISO dates) or as read."""
    annule = annulations.get(cle)
    if annule is None:
        return actuelle
    avant, avant_brut = annule
    return avant if lisible else avant_brut


def _fiches_au(plan, moment, detail):
    entrees = EntreeJournal.objects.filter(fiche=OuterRef("pk"))
    avant = entrees.filter(cree_le__lt=moment).order_by("-cree_le", "-pk")
    historique = FicheAction.history.filter(id=OuterRef("pk"))
    fiches = FicheAction.objects.du_plan(plan).select_related("axe", "pilote").prefetch_related("enjeux")
    if detail:
        fiches = fiches.prefetch_related(
            Prefetch("etapes", queryset=Etape.objects.select_related("responsable").order_by("ordre")),
            Prefetch("indicateurs", queryset=Indicateur.objects.order_by("libelle")),
        )
    return list(
        fiches.annotate(
            avancement_avant=Subquery(avant.values("avancement_fiche")[:1]),
            derniere_entree_avant=Subquery(avant.filter(auteur__isnull=False).values("cree_le")[:1]),
            statut_avant=Subquery(avant.values("statut_fiche")[:1]),
            modifiee_depuis=Exists(entrees.filter(cree_le__gte=moment)),
            dernier_commentaire_id=Subquery(avant.exclude(commentaire="").values("pk")[:1]),
            decision_avant=Subquery(
                historique.filter(history_date__lt=moment)
                .order_by("-history_date", "-history_id")
                .values("decision_attendue")[:1]
            ),
            decision_modifiee_depuis=Exists(historique.filter(history_date__gte=moment)),
        )
    )


def _etapes_au(fiche, annulations):
    """Steps with a due date, as they stood (only those can be late or due)."""
    parents = {e.pk: e for e in fiche.etapes.all() if e.parent_id is None}
    lignes = []
    for etape in fiche.etapes.all():

        def valeur(champ, actuelle, lisible=False, etape=etape):
            return _valeur_au(annulations, (fiche.pk, etape.pk, champ), actuelle, lisible)

        echeance = valeur("date_echeance", en_iso(etape.date_echeance))
        if not echeance:
            continue
        parent = parents.get(etape.parent_id)
        numero = f"{parent.ordre}.{etape.ordre}" if parent else str(etape.ordre)
        avancement = valeur("avancement", etape.avancement)
        lignes.append(
            {
                "id": etape.pk,
                "numero": numero,
                "intitule": etape.intitule,
                "statut": valeur("statut", etape.statut),
                "avancement": int(Decimal(avancement or 0)),
                "date_echeance": echeance,
                "responsable": valeur("responsable", nom_de(etape.responsable), lisible=True),
            }
        )
    return lignes


def _mesures_au(plan, moment):
    """{indicateur_id: [[date, valeur]...] oldest first} of the measures recorded before `moment`.

    Plain rows rather than model instances: a plan followed for years has tens of thousands.
    """
    mesures = {}
    for indicateur_id, jour, valeur in (
        Mesure.objects.en_vigueur(moment)
        .filter(indicateur__fiche__axe__plan=plan)
        .order_by("indicateur_id", "date", "pk")
        .values_list("indicateur_id", "date", "valeur")
    ):
        mesures.setdefault(indicateur_id, []).append([jour.isoformat(), en_texte(valeur)])
    return mesures


def _indicateurs(fiche, mesures_par_indicateur):
    lignes = []
    for indicateur in fiche.indicateurs.all():
        mesures = mesures_par_indicateur.get(indicateur.pk, [])
        lignes.append(
            {
                "id": indicateur.pk,
                "libelle": indicateur.libelle,
                "unite": indicateur.unite,
                "valeur_initiale": en_texte(indicateur.valeur_initiale),
                "cible": en_texte(indicateur.cible),
                "date_cible": en_iso(indicateur.date_cible),
                "sens": indicateur.sens,
                "mesures": mesures,
                "part_atteinte": en_texte(indicateur.part_atteinte(mesures[-1][1])) if mesures else None,
                "calcule": indicateur.est_calcule,
            }
        )
    return lignes


def figures_au(plan, moment, detail=True):
    """Everything the board report shows about the plan at `moment` (an aware datetime). 8 queries.

    Without `detail` (the dashboard), the fiches and axes only: no steps, indicators nor last
    comments (4 queries). Both are the same computation, so they agree on every figure they share.
    """
    jour = timezone.localdate(moment)
    fiches = _fiches_au(plan, moment, detail)
    annulations = _annulations(plan, moment)
    mesures = _mesures_au(plan, moment) if detail else {}
    commentaires = (
        {
            e.pk: e
            for e in EntreeJournal.objects.filter(
                pk__in=[f.dernier_commentaire_id for f in fiches if f.dernier_commentaire_id]
            ).select_related("auteur")
        }
        if detail
        else {}
    )

    lignes = []
    avancements = {}
    for fiche in fiches:

        def valeur(champ, actuelle, lisible=False, fiche=fiche):
            return _valeur_au(annulations, (fiche.pk, None, champ), actuelle, lisible)

        if fiche.modifiee_depuis:
            avancement = fiche.avancement_avant if fiche.avancement_avant is not None else Decimal(0)
            statut = fiche.statut_avant or FicheAction.Statut.A_VENIR
        else:
            avancement, statut = fiche.avancement, fiche.statut
        avancements[fiche.pk] = avancement
        date_debut = valeur("date_debut", en_iso(fiche.date_debut)) or None
        date_echeance = valeur("date_echeance", en_iso(fiche.date_echeance)) or None
        # get_sante() only reads these three fields: an unsaved copy gives the santé of that moment.
        telle_quelle = FicheAction(
            avancement=avancement,
            date_debut=parse_date(date_debut or ""),
            date_echeance=parse_date(date_echeance or ""),
        )
        commentaire = commentaires.get(fiche.dernier_commentaire_id)
        decision = fiche.decision_avant if fiche.decision_modifiee_depuis else fiche.decision_attendue
        # A review is what a pilot's entry marks: later ones undone, the last one before the moment.
        revue = fiche.derniere_entree_avant if fiche.modifiee_depuis else fiche.derniere_revue
        lignes.append(
            {
                "id": fiche.pk,
                "code": fiche.code,
                "titre": fiche.titre,
                "axe_id": fiche.axe_id,
                "avancement": en_texte(avancement),
                "statut": statut,
                "sante": str(telle_quelle.get_sante(jour)),
                "meteo": valeur("meteo", fiche.meteo),
                "pilote": valeur("pilote", nom_de(fiche.pilote), lisible=True),
                "date_debut": date_debut,
                "date_echeance": date_echeance,
                "decision_attendue": decision or "",
                "derniere_revue": en_iso(revue),
                "frequence_revue_jours": int(
                    valeur("frequence_revue_jours", fiche.frequence_revue_jours)
                    or fiche.frequence_revue_jours
                ),
                "enjeux": [e.pk for e in fiche.enjeux.all()],
                "dernier_commentaire": {
                    "date": en_iso(commentaire.cree_le),
                    "auteur": commentaire.nom_auteur,
                    "texte": commentaire.commentaire,
                }
                if commentaire
                else None,
                "etapes": _etapes_au(fiche, annulations) if detail else [],
                "indicateurs": _indicateurs(fiche, mesures) if detail else [],
            }
        )

    par_axe, global_ = avancement_agrege(avancements, fiches)
    axes = [
        {
            "id": axe.pk,
            "numero": axe.numero,
            "titre": axe.titre,
            "resume_simple": axe.resume_simple,
            "avancement": en_texte(par_axe.get(axe.pk, Decimal(0))),
        }
        for axe in Axe.objects.filter(plan=plan).order_by("numero")
    ]
    return {
        "arrete_au": en_iso(moment),
        "jour": en_iso(jour),
        "plan": {
            "id": plan.pk,
            "titre": plan.titre,
            "annee_debut": plan.annee_debut,
            "annee_fin": plan.annee_fin,
            "avancement": en_texte(global_),
        },
        "axes": axes,
        "fiches": lignes,
    }


def journal_entre(plan, debut, fin):
    """The period [debut, fin) of the journal as a board member reads it: the entries flagged « à
    présenter au conseil », in full, oldest first, and every fiche's activity counted (how many
    updates, comments, reviews, and when the latest). Three queries and a bounded size whatever the
    length of the journal: the entries themselves are in the period's export."""
    periode = EntreeJournal.objects.filter(fiche__axe__plan=plan).entre(debut, fin)
    signalees = (
        periode.filter(a_presenter_au_conseil=True)
        .select_related("fiche", "etape", "auteur")
        .order_by("cree_le", "pk")
    )
    # Read by a subquery rather than prefetched: a prefetch is skipped when no entry is flagged, and
    # the report must make the same queries whatever its data.
    changements = defaultdict(list)
    for changement in Changement.objects.filter(entree__in=signalees.values("pk")).order_by("pk"):
        changements[changement.entree_id].append(changement)
    par_fiche = (
        periode.values("fiche_id", "fiche__code", "fiche__titre")
        .annotate(
            nombre=Count("pk"),
            mises_a_jour=Count("pk", filter=Q(type=EntreeJournal.Type.MODIFICATION)),
            commentaires=Count("pk", filter=Q(type=EntreeJournal.Type.COMMENTAIRE)),
            revues=Count("pk", filter=Q(type=EntreeJournal.Type.REVUE)),
            derniere=Max("cree_le"),
        )
        .order_by("fiche__axe__numero", "fiche__numero")
    )
    return {
        "signalees": [
            {
                "id": e.pk,
                "date": en_iso(e.cree_le),
                "fiche_id": e.fiche_id,
                "fiche_code": e.fiche.code,
                "etape": e.etape.intitule if e.etape else "",
                "type": e.type,
                "auteur": e.nom_auteur,
                "commentaire": e.commentaire,
                "avancement_fiche": en_texte(e.avancement_fiche),
                "changements": [
                    {"champ": c.get_champ_display(), "avant": c.avant, "apres": c.apres}
                    for c in changements[e.pk]
                ],
            }
            for e in signalees
        ],
        "par_fiche": [
            {
                "fiche_id": ligne["fiche_id"],
                "fiche_code": ligne["fiche__code"],
                "titre": ligne["fiche__titre"],
                "nombre": ligne["nombre"],
                "mises_a_jour": ligne["mises_a_jour"],
                "commentaires": ligne["commentaires"],
                "revues": ligne["revues"],
                "derniere": en_iso(ligne["derniere"]),
            }
            for ligne in par_fiche
        ],
    }


def mesures_entre(plan, debut, fin):
    """Per indicator, the measures recorded during the period [debut, fin) as corrected by its end:
    how many, and the latest one. Two queries, one row per indicator whatever the number of measures."""
    mesures = Mesure.objects.en_vigueur(fin).filter(indicateur__fiche__axe__plan=plan)
    if debut:
        mesures = mesures.filter(saisi_le__gte=debut)
    comptes = dict(mesures.values("indicateur_id").annotate(n=Count("pk")).values_list("indicateur_id", "n"))
    dernieres = (
        mesures.filter(indicateur_id__in=comptes)
        .annotate(
            rang=Window(
                RowNumber(),
                partition_by=[F("indicateur_id")],
                order_by=[F("date").desc(), F("saisi_le").desc()],
            )
        )
        .filter(rang=1)
        .select_related("indicateur__fiche")
        .order_by("indicateur__fiche__axe__numero", "indicateur__fiche__numero", "indicateur__libelle")
    )
    return [
        {
            "fiche_code": m.indicateur.fiche.code,
            "indicateur": m.indicateur.libelle,
            "unite": m.indicateur.unite,
            "nombre": comptes[m.indicateur_id],
            "date": en_iso(m.date),
            "valeur": en_texte(m.valeur),
            "cible": en_texte(m.indicateur.cible),
            "part_atteinte": en_texte(m.indicateur.part_atteinte(m.valeur)),
        }
        for m in dernieres
    ]


def fins_de_mois(debut, fin):
    """The last instant of every month from `debut`'s month to `fin`'s, the last one being `fin`."""
    moments = []
    annee, mois = debut.year, debut.month
    while (annee, mois) < (fin.year, fin.month):
        annee_suivante, mois_suivant = (annee + 1, 1) if mois == 12 else (annee, mois + 1)
        moments.append((date(annee, mois, 1), debut_du_jour(date(annee_suivante, mois_suivant, 1))))
        annee, mois = annee_suivante, mois_suivant
    moments.append((date(fin.year, fin.month, 1), fin))
    return moments


def _derniers_instantanes_par_mois(plan, fin):
    """{fiche_id: ([(month, last snapshot of that month)...] oldest first, changed at or after `fin`)}.

    One query, a row per fiche and month (plus one per fiche for what came at or after `fin`),
    whatever the length of the journal: the monthly replay only needs each month's last snapshot.
    """
    lignes = (
        EntreeJournal.objects.filter(fiche__axe__plan=plan)
        .annotate(
            mois=TruncMonth("cree_le", output_field=DateField()),
            apres_fin=ExpressionWrapper(Q(cree_le__gte=fin), output_field=BooleanField()),
            rang=Window(
                RowNumber(),
                partition_by=[F("fiche_id"), F("mois"), F("apres_fin")],
                order_by=[F("cree_le").desc(), F("pk").desc()],
            ),
        )
        .filter(rang=1)
        .values_list("fiche_id", "mois", "apres_fin", "avancement_fiche")
    )
    instantanes = {}
    for fiche_id, mois, apres, avancement in lignes:
        par_mois, apres_fin = instantanes.get(fiche_id, ([], False))
        if not apres:
            par_mois.append((mois, avancement))
        instantanes[fiche_id] = (par_mois, apres_fin or apres)
    return {
        fiche_id: (sorted(par_mois), apres_fin) for fiche_id, (par_mois, apres_fin) in instantanes.items()
    }


def _evolution(plan, fiches, debut, fin):
    instantanes = _derniers_instantanes_par_mois(plan, fin)
    moments = fins_de_mois(debut, fin)
    serie = []
    for rang_point, (mois, _) in enumerate(moments):
        dernier_point = rang_point == len(moments) - 1
        avancements = {}
        for fiche in fiches:
            par_mois, apres_fin = instantanes.get(fiche.pk, ((), False))
            # Snapshots of this month or before: the last one is the value at the month's end.
            rang = bisect_right(par_mois, mois, key=itemgetter(0))
            modifiee_depuis = apres_fin or (not dernier_point and rang < len(par_mois))
            if not modifiee_depuis:
                avancements[fiche.pk] = fiche.avancement
            else:
                avancements[fiche.pk] = par_mois[rang - 1][1] if rang else Decimal(0)
        par_axe, global_ = avancement_agrege(avancements, fiches)
        serie.append((mois, par_axe, global_))
    return serie


def evolution_mensuelle(plan, fiches, maintenant):
    """[(first day of month, {axe_id: avancement}, plan avancement)] at every month's end.

    The same replay as `figures_au`, for many moments at once: per fiche, the last snapshot before the
    moment when the fiche changed since, else its current value. One query when the series is in the
    cache, two otherwise.

    Past months only change when the journal does, so the series is cached under a key made of
    everything it depends on: the plan's start, the current month, the journal's state (its last id
    and last date: the journal only grows, its entries are never changed nor removed) and each
    fiche's axis and current progress. No invalidation is needed, and each server process may keep
    its own copy.
    Entries dated at or after `maintenant` (a report arrêté in the past) make the series depend on
    the exact moment: it is then computed without the cache.
    """
    fin = timezone.localtime(maintenant)
    debut = min(plan.date_debut, fin.date())
    entrees = EntreeJournal.objects.filter(fiche__axe__plan=plan)
    # Two index lookups in one query rather than an aggregate over the whole journal.
    journal = (
        Plan.objects.filter(pk=plan.pk)
        .values(
            dernier=Subquery(entrees.order_by("-pk").values("pk")[:1]),
            derniere_date=Subquery(entrees.order_by("-cree_le").values("cree_le")[:1]),
        )
        .get()
    )
    if journal["derniere_date"] is not None and journal["derniere_date"] >= fin:
        return _evolution(plan, fiches, debut, fin)
    etat = (plan.pk, debut, fin.year, fin.month, sorted(journal.items()))
    etat += tuple((f.pk, f.axe_id, str(f.avancement)) for f in fiches)
    cle = "conseil:evolution:" + hashlib.sha256(repr(etat).encode()).hexdigest()
    serie = cache.get(cle)
    if serie is None:
        serie = _evolution(plan, fiches, debut, fin)
        cache.set(cle, serie, DUREE_EN_CACHE)
    return serie


def empreinte_du_suivi(plan):
    """A hash of everything a live report reads, from five queries whatever the data size.

    Every follow-up change bumps one of these: a journal entry or a measure (their last id: both
    tables only grow, the database refuses to change or remove a row), a fiche's cached figures or
    dates, a step's version, an indicator, a meeting. The report cache built on it also expires
    after `DUREE_RAPPORT_PROVISOIRE`, which bounds what none of them sees (a person's name, a
    reference text edited in the back-office).
    """
    from conseil.models import Instance

    derniers = (
        Plan.objects.filter(pk=plan.pk)
        .values(
            entree=Subquery(
                EntreeJournal.objects.filter(fiche__axe__plan=plan).order_by("-pk").values("pk")[:1]
            ),
            mesure=Subquery(
                Mesure.objects.filter(indicateur__fiche__axe__plan=plan).order_by("-pk").values("pk")[:1]
            ),
        )
        .get()
    )
    etat = [
        plan.pk,
        timezone.localdate(),
        derniers,
        Etape.objects.filter(fiche__axe__plan=plan).aggregate(
            n=Count("pk"), versions=Sum("version"), poids=Sum("poids")
        ),
        list(
            FicheAction.objects.du_plan(plan)
            .order_by("pk")
            .values_list(
                "pk",
                "avancement",
                "statut",
                "meteo",
                "date_debut",
                "date_echeance",
                "pilote_id",
                "derniere_revue",
                "frequence_revue_jours",
                "decision_attendue",
            )
        ),
        list(
            Indicateur.objects.filter(fiche__axe__plan=plan)
            .order_by("pk")
            .values_list("pk", "libelle", "unite", "valeur_initiale", "cible", "date_cible", "sens")
        ),
        Instance.objects.aggregate(n=Count("pk"), modifiee=Max("modifie_le"), figes=Count("rapport_fige")),
    ]
    return hashlib.sha256(repr(etat).encode()).hexdigest()
