"""The partners' demonstration data: invented, marked as such, never loaded in production."""

import io

import pytest
from django.core.management import CommandError, call_command

from partenaires.models import Diffusion, Evenement, HistoriqueContact, Partenaire, Support


def test_la_demonstration_des_partenariats_est_marquee_et_ne_se_charge_qu_une_fois(plan_charge, settings):
    settings.DEBUG = True
    call_command("charger_demo_partenaires", stdout=io.StringIO())
    inventes = Partenaire.objects.filter(interroge_diagnostic=False)
    assert inventes.count() == 12
    assert all(p.nom.startswith("[Démo]") for p in inventes)
    assert all(p.contact_email.endswith(".invalid") for p in inventes if p.contact_email)
    assert all(e.titre.startswith("[Démo]") for e in Evenement.objects.all())
    assert all(s.titre.startswith("[Démo]") for s in Support.objects.all())
    assert HistoriqueContact.objects.exists() and Diffusion.objects.exists()
    assert not Partenaire.objects.filter(interroge_diagnostic=True).exclude(contact_nom="").exists()

    sortie = io.StringIO()
    call_command("charger_demo_partenaires", stdout=sortie)
    assert "déjà chargés" in sortie.getvalue()
    assert Partenaire.objects.count() == 9 + 12


def test_la_demonstration_des_partenariats_est_refusee_en_production(plan_charge, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("charger_demo_partenaires", stdout=io.StringIO())
