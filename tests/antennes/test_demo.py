"""Demonstration data of the territory: only with DEBUG, marked as invented, idempotent, the siège
untouched (the benchmark's volumes are checked with the others in tests/exploitation/test_seed_demo.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

from antennes.horaires import analyser
from antennes.models import (
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    DeploiementProcedure,
    EnqueteSatisfaction,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    OffreAntenne,
    Permanence,
)

DEMO = "[Démo]"


def test_la_demonstration_du_territoire_refuse_de_tourner_en_production(plan_charge, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("charger_demo_territoire", stdout=io.StringIO())
    assert Antenne.objects.count() == 1


def test_la_demonstration_ajoute_des_antennes_et_permanences_inventees_a_cote_du_vrai_siege(
    plan_charge, settings
):
    settings.DEBUG = True
    siege = Antenne.objects.values().get(est_siege=True)
    for commande in ("creer_comptes_demo", "charger_demo_territoire", "charger_demo_ethique"):
        call_command(commande, stdout=io.StringIO())
    assert Antenne.objects.values().get(est_siege=True) == siege
    inventees = Antenne.objects.filter(est_siege=False)
    assert inventees.count() == 9 and all(a.nom.startswith(DEMO) for a in inventees)
    assert Permanence.objects.count() == 36
    assert all(p.lieu.startswith(DEMO) for p in Permanence.objects.all())
    assert all(m.prenom.startswith(DEMO) for m in MembreEquipe.objects.all())
    assert all(a.email.endswith(".invalid") for a in inventees)
    for horaires in [
        *inventees.values_list("horaires", flat=True),
        *Permanence.objects.values_list("jours_horaires", flat=True),
    ]:
        analyser(horaires)
    # The demonstration account `equipe` runs one antenne, with a single row on the register.
    responsable = MembreEquipe.objects.get(utilisateur__username="equipe")
    assert responsable.poste == MembreEquipe.Poste.RESPONSABLE
    assert responsable.antennes_dirigees.get().nom.startswith(DEMO)
    assert OffreAntenne.objects.filter(modalite="absent").exists()
    assert JeunesSuivis.objects.exists()
    assert EvaluationAccueil.objects.exists()
    assert all(a.libelle.startswith(DEMO) for a in ActionAmelioration.objects.all())
    assert DeploiementProcedure.objects.exists() and AbsenceConseiller.objects.exists()
    assert EnqueteSatisfaction.objects.exists()
    nombres = (Antenne.objects.count(), Permanence.objects.count(), MembreEquipe.objects.count())
    call_command("charger_demo_territoire", stdout=io.StringIO())
    assert (Antenne.objects.count(), Permanence.objects.count(), MembreEquipe.objects.count()) == nombres
