"""Demonstration data of the ambassadors programme: only with DEBUG, marked as invented, idempotent
(the benchmark's volumes, which grow with the scale, are checked with the others in
tests/exploitation/test_seed_demo.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

from ambassadeurs.models import Ambassadeur, Intervention, Presence

DEMO = "[Démo]"


def charger(settings):
    settings.DEBUG = True
    for commande in ("creer_comptes_demo", "charger_demo_partenaires", "charger_demo_ambassadeurs"):
        call_command(commande, stdout=io.StringIO())


def test_la_demonstration_refuse_de_tourner_en_production(plan_charge, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("charger_demo_ambassadeurs", stdout=io.StringIO())
    assert not Ambassadeur.objects.exists()


def test_la_demonstration_montre_un_programme_marque_comme_invente(plan_charge, settings):
    charger(settings)
    ambassadeurs = Ambassadeur.objects.all()
    assert ambassadeurs.count() == 40 and Intervention.objects.count() == 30
    assert all(a.prenom.startswith(DEMO) and a.email.endswith(".invalid") for a in ambassadeurs)
    assert all(i.lieu.startswith(DEMO) for i in Intervention.objects.all())
    assert all(p.retour.startswith(DEMO) for p in Presence.objects.exclude(retour=""))
    assert {a.etape for a in ambassadeurs} >= {"sensibilise", "candidat", "actif", "ancien"}
    assert Intervention.objects.filter(evenement__isnull=False).exists()
    assert ambassadeurs.filter(version_kit__isnull=False).exists()
    # Some have expired, for the anonymisation to show; every minor has the parental authorisation.
    assert Ambassadeur.objects.a_anonymiser().exists()
    assert not any(a.autorisation_manquante for a in ambassadeurs)
    # Loaded twice: nothing more.
    call_command("charger_demo_ambassadeurs", stdout=io.StringIO())
    assert Ambassadeur.objects.count() == 40
