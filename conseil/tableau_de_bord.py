"""What the home page shows: the plan at a glance, for every role. A fixed number of queries.

The figures are the board report's (`figures_au` read by `Synthese`) taken now: the dashboard and the
report of a meeting held today show the same numbers by construction.
"""

import functools
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from comptes.roles import est_direction
from mission_locale import formats, gabarits
from mission_locale.formats import mois_court
from plan.models import Enjeu, moyenne_ponderee
from suivi.models import EntreeJournal

from . import etat, synthese
from .etat import empreinte_du_suivi, evolution_mensuelle, figures_au
from .models import Instance
from .rapport import DUREE_RAPPORT_PROVISOIRE, empreinte_des_fichiers
from .statuts import calendrier_statutaire
from .synthese import Synthese

HORIZON_ECHEANCES = timedelta(days=90)
NB_DERNIERES_ENTREES = 8
GABARIT = "accueil.html"
# As long as the live report's renderings: what `empreinte_du_suivi` does not see (the statutes'
# minimums, a renamed person, a meeting's hour passing) shows within five minutes.
DUREE_EN_CACHE = DUREE_RAPPORT_PROVISOIRE


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


@functools.cache
def _empreinte_du_code():
    """A hash of the template and the modules that draw the dashboard, once per process: with a
    cache shared by several servers, a new version never serves the previous one's rendering."""
    fichiers = [get_template(GABARIT).origin.name, __file__, etat.__file__, synthese.__file__]
    return empreinte_des_fichiers([*fichiers, formats.__file__, gabarits.__file__])


def tableau_de_bord_en_html(request, plan):
    """The dashboard's body, rendered once per state of the follow-up and reused by every person of
    the same role until something changes (a pilot's update, a measure, a meeting: anything
    `empreinte_du_suivi` sees, the day included). It is the page everyone lands on, and at twenty
    times a Mission Locale's volume its figures and its 200-row grid took most of the request."""
    cle = ":".join(
        [
            "conseil:tableau-de-bord",
            str(plan.pk),
            "direction" if est_direction(request.user) else "autres",
            get_script_prefix(),
            empreinte_du_suivi(plan),
            _empreinte_du_code(),
        ]
    )
    html = cache.get(cle)
    if html is None:
        html = render_to_string(f"{GABARIT}#tableau", tableau_de_bord(plan), request=request)
        cache.set(cle, html, DUREE_EN_CACHE)
    return html
