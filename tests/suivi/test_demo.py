"""`charger_demo`: a living plan for newcomers, clearly fictitious, never in production."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from conseil.etat import figures_au
from plan.models import FicheAction, Plan, Sante
from suivi.models import PREFIXE_DEMO, EntreeJournal, Indicateur, Mesure
from tests.conftest import charger_la_couche, couche_partagee


def charger(commande):
    sortie = StringIO()
    call_command(commande, stdout=sortie)
    return sortie.getvalue()


MOT_DE_PASSE_DEMO = "mot-de-passe-de-demonstration"


@couche_partagee("demo")
def charger_la_demo():
    # Three seconds of data: written once for the tests that share it (see tests/conftest.py).
    with override_settings(DEBUG=True, DEMO_PASSWORD=MOT_DE_PASSE_DEMO):
        charger("creer_comptes_demo")
        charger("charger_demo")


@pytest.fixture
def demo(plan_charge, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = MOT_DE_PASSE_DEMO
    charger_la_couche("demo")


def test_la_demo_est_refusee_en_production(plan_charge, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        charger("charger_demo")
    assert not EntreeJournal.objects.exists()


def test_la_demo_demande_les_comptes_de_demonstration(plan_charge, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="creer_comptes_demo"):
        charger("charger_demo")


def test_la_demo_raconte_deux_ans_de_suivi_coherent(demo):
    plan = Plan.objects.en_vigueur()
    annees = {d.year for d in EntreeJournal.objects.dates("cree_le", "year")}
    assert {2024, 2025, 2026} <= annees
    assert EntreeJournal.objects.count() > 200
    # Replaying the journal up to now gives the live figures: every snapshot is consistent.
    # Every fiche's last snapshot is its live figure, so replays end exactly on today's figures.
    fiches = FicheAction.objects.du_plan(plan)
    for fiche in fiches:
        derniere = EntreeJournal.objects.filter(fiche=fiche).order_by("-cree_le", "-pk").first()
        assert derniere is None or derniere.avancement_fiche == fiche.avancement, fiche.code
    # Replayed a day ago (before the last changes of some fiches), the plan is not ahead of today.
    hier = figures_au(plan, timezone.now() - timezone.timedelta(days=1))
    assert Decimal(hier["plan"]["avancement"]) <= plan.avancement()
    # A variety of situations to look at, and the demo accounts have something to do.
    santes = {f.sante for f in fiches}
    assert {Sante.DANS_LES_TEMPS, Sante.A_SURVEILLER, Sante.EN_RETARD, Sante.NON_PLANIFIEE} <= santes
    assert fiches.filter(pilote__username="pilote").count() in (2, 3)
    assert fiches.filter(etapes__responsable__username="equipe").exists()
    assert all(f.date_echeance.year <= 2029 and f.date_debut.year >= 2024 for f in fiches if f.date_debut)


def test_tout_ce_qui_est_invente_est_marque_comme_demonstration(demo):
    commentaires = EntreeJournal.objects.exclude(commentaire="").values_list("commentaire", flat=True)
    assert commentaires and all(c.startswith(PREFIXE_DEMO) for c in commentaires)
    assert Indicateur.objects.count() >= 3
    assert all(i.libelle.endswith("(démonstration)") for i in Indicateur.objects.all())
    assert Mesure.objects.count() > 30


def test_la_demo_chargee_deux_fois_ne_se_duplique_pas(demo):
    avant = (EntreeJournal.objects.count(), Mesure.objects.count(), Indicateur.objects.count())
    assert "déjà chargées" in charger("charger_demo")
    assert (EntreeJournal.objects.count(), Mesure.objects.count(), Indicateur.objects.count()) == avant
