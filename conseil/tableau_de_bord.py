"""What the home page shows: the plan at a glance, for every role. A fixed number of queries.

The figures are the board report's (`figures_au` read by `Synthese`) taken now: the dashboard and the
report of a meeting held today show the same numbers by construction.
"""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from mission_locale.formats import mois_court
from plan.models import Enjeu, moyenne_ponderee
from suivi.models import EntreeJournal

from .etat import evolution_mensuelle, figures_au
from .models import Instance
from .statuts import calendrier_statutaire
from .synthese import Synthese

HORIZON_ECHEANCES = timedelta(days=90)
NB_DERNIERES_ENTREES = 8


def _lien_liste(**criteres):
    return f"{reverse('conseil:fiche-list')}?{urlencode(criteres)}"


def tableau_de_bord(plan, maintenant=None):
    maintenant = maintenant or timezone.now()
    synthese = Synthese(figures_au(plan, maintenant, detail=False))
    jour = synthese.jour
    fiches = synthese.fiches

    axes = synthese.axes
    for axe in axes:
        axe.lien = _lien_liste(axe=axe.id)

    enjeux = list(Enjeu.objects.all())
    for enjeu in enjeux:
        servies = [f for f in fiches if enjeu.pk in f.enjeux]
        enjeu.nb_fiches = len(servies)
        enjeu.avancement = moyenne_ponderee((f.avancement, 1) for f in servies)
        enjeu.lien = _lien_liste(enjeu=enjeu.pk)
        enjeu.libelle_barre = f"Avancement moyen de l'enjeu « {enjeu.libelle} »"
    grille = [(f, [enjeu.pk in f.enjeux for enjeu in enjeux]) for f in fiches]

    serie = evolution_mensuelle(plan, fiches, maintenant)
    evolution = {
        "mois": [mois_court(mois) for mois, _, _ in serie],
        "series": [{"libelle": "Plan", "valeurs": [float(v) for _, _, v in serie]}]
        + [
            {"libelle": f"Axe {axe.numero}", "valeurs": [float(p.get(axe.id, 0)) for _, p, _ in serie]}
            for axe in axes
        ],
    }
    lignes_evolution = [(mois, v, [p.get(axe.id, Decimal(0)) for axe in axes]) for mois, p, v in serie]

    return {
        "plan": plan,
        "synthese": synthese,
        "avancement": synthese.avancement,
        "axes": axes,
        "nb_fiches": len(fiches),
        "comptes_statut": [
            (libelle, nombre, _lien_liste(statut=code)) for code, libelle, nombre in synthese.comptes_statut
        ],
        "comptes_sante": [
            (code, libelle, nombre, _lien_liste(sante=code))
            for code, libelle, nombre in synthese.comptes_sante
        ],
        "en_retard": synthese.fiches_en_retard,
        "a_echeance": synthese.fiches_a_echeance_avant(jour + HORIZON_ECHEANCES),
        "a_revoir": synthese.fiches_a_revoir,
        "decisions": synthese.decisions,
        "dernieres_entrees": list(
            EntreeJournal.objects.filter(fiche__axe__plan=plan).pour_timeline()[:NB_DERNIERES_ENTREES]
        ),
        "enjeux": enjeux,
        "grille": grille,
        "evolution": evolution,
        "lignes_evolution": lignes_evolution,
        "prochaine_instance": Instance.objects.prochaine(maintenant),
        "calendrier_statutaire": calendrier_statutaire(jour.year),
        "horizon_jours": HORIZON_ECHEANCES.days,
        "aujourdhui": jour,
    }
