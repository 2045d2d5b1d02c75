"""Demonstration data of axis 4: only with DEBUG, marked as invented, idempotent (the benchmark's
volumes, which grow with the scale, are checked with the others in tests/exploitation/test_seed_demo.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

from antennes.models import MembreEquipe, Procedure
from ethique.models import Article, Charte, EngagementsJeunes, PriseDeConnaissance, Sensibilisation

DEMO = "[Démo]"


def charger(settings):
    settings.DEBUG = True
    for commande in ("creer_comptes_demo", "charger_demo_instances", "charger_demo_ethique"):
        call_command(commande, stdout=io.StringIO())


def test_la_demonstration_refuse_de_tourner_en_production(plan_charge, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("charger_demo_ethique", stdout=io.StringIO())
    assert not Charte.objects.exists()


def test_la_demonstration_montre_une_charte_adoptee_et_sa_revision_marquees_comme_inventees(
    plan_charge, settings
):
    charger(settings)
    v1, v2 = Charte.objects.order_by("numero")
    assert v1.est_adoptee and v1.instance.type == "ca" and v2.est_brouillon
    assert all(c.titre.startswith(DEMO) for c in (v1, v2))
    assert all(a.titre.startswith(DEMO) and a.texte.startswith(DEMO) for a in Article.objects.all())
    assert all(s.titre.startswith(DEMO) for s in Sensibilisation.objects.all())
    assert all(m.prenom.startswith(DEMO) for m in MembreEquipe.objects.all())
    assert all(m.email.endswith(".invalid") for m in MembreEquipe.objects.exclude(email=""))
    assert all(p.titre.startswith(DEMO) for p in Procedure.objects.all())
    # The demonstration accounts are on the register; `equipe` and `pilote` have the charter to read.
    lus = set(PriseDeConnaissance.objects.values_list("membre__utilisateur__username", flat=True))
    assert "direction" in lus and not {"equipe", "pilote"} & lus
    assert EngagementsJeunes.objects.exists()
    # Loaded twice: nothing more.
    nombres = (Charte.objects.count(), Sensibilisation.objects.count(), MembreEquipe.objects.count())
    call_command("charger_demo_ethique", stdout=io.StringIO())
    assert (Charte.objects.count(), Sensibilisation.objects.count(), MembreEquipe.objects.count()) == nombres
