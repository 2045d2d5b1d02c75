"""What the home page shows: the plan at a glance, for every role. A fixed number of queries."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from plan.models import Axe, Enjeu, FicheAction, Sante, moyenne_ponderee
from suivi.models import EntreeJournal, avancement_agrege

from .etat import evolution_mensuelle
from .filters import avec_sante
from .models import Instance
from .rapport import phrase_axe
from .templatetags.conseil_extras import mois_court

HORIZON_ECHEANCES = timedelta(days=90)
NB_DERNIERES_ENTREES = 8


def _lien_liste(**criteres):
    return f"{reverse('conseil:fiche-list')}?{urlencode(criteres)}"


def tableau_de_bord(plan, maintenant=None):
    maintenant = maintenant or timezone.now()
    jour = timezone.localdate(maintenant)
    fiches = avec_sante(FicheAction.objects.du_plan(plan).pour_liste(), jour)
    avancements = {f.pk: f.avancement for f in fiches}
    par_axe, avancement = avancement_agrege(avancements, fiches)

    axes = list(Axe.objects.filter(plan=plan).order_by("numero"))
    for axe in axes:
        axe.liste_fiches = [f for f in fiches if f.axe_id == axe.pk]
        axe.avancement = par_axe.get(axe.pk, Decimal(0))
        axe.phrase = phrase_axe([(f.statut, f.sante_calculee) for f in axe.liste_fiches], axe.avancement)
        axe.lien = _lien_liste(axe=axe.pk)
        axe.libelle_barre = f"Avancement de l'axe {axe.numero}"

    enjeux = list(Enjeu.objects.all())
    for enjeu in enjeux:
        servies = [f for f in fiches if any(e.pk == enjeu.pk for e in f.enjeux.all())]
        enjeu.nb_fiches = len(servies)
        enjeu.avancement = moyenne_ponderee((f.avancement, 1) for f in servies)
        enjeu.lien = _lien_liste(enjeu=enjeu.pk)
        enjeu.libelle_barre = f"Avancement moyen de l'enjeu « {enjeu.libelle} »"
    grille = [(f, [any(e.pk == enjeu.pk for e in f.enjeux.all()) for enjeu in enjeux]) for f in fiches]

    serie = evolution_mensuelle(plan, fiches, maintenant)
    evolution = {
        "mois": [mois_court(mois) for mois, _, _ in serie],
        "series": [{"libelle": "Plan", "valeurs": [float(v) for _, _, v in serie]}]
        + [
            {"libelle": f"Axe {axe.numero}", "valeurs": [float(p.get(axe.pk, 0)) for _, p, _ in serie]}
            for axe in axes
        ],
    }
    lignes_evolution = [(mois, v, [p.get(axe.pk, Decimal(0)) for axe in axes]) for mois, p, v in serie]

    return {
        "plan": plan,
        "avancement": avancement,
        "axes": axes,
        "nb_fiches": len(fiches),
        "comptes_statut": [
            (libelle, sum(1 for f in fiches if f.statut == code), _lien_liste(statut=code))
            for code, libelle in FicheAction.Statut.choices
        ],
        "comptes_sante": [
            (code, libelle, sum(1 for f in fiches if f.sante_calculee == code), _lien_liste(sante=code))
            for code, libelle in Sante.choices
        ],
        "en_retard": [f for f in fiches if f.sante_calculee == Sante.EN_RETARD],
        "a_echeance": sorted(
            (
                f
                for f in fiches
                if f.date_echeance
                and jour <= f.date_echeance <= jour + HORIZON_ECHEANCES
                and f.statut != FicheAction.Statut.REALISEE
            ),
            key=lambda f: f.date_echeance,
        ),
        "a_revoir": [f for f in fiches if f.est_a_revoir and f.statut != FicheAction.Statut.REALISEE],
        "decisions": [f for f in fiches if f.decision_attendue.strip()],
        "dernieres_entrees": list(
            EntreeJournal.objects.filter(fiche__axe__plan=plan).pour_timeline()[:NB_DERNIERES_ENTREES]
        ),
        "enjeux": enjeux,
        "grille": grille,
        "evolution": evolution,
        "lignes_evolution": lignes_evolution,
        "prochaine_instance": Instance.objects.prochaine(maintenant),
        "horizon_jours": HORIZON_ECHEANCES.days,
        "aujourdhui": jour,
    }
