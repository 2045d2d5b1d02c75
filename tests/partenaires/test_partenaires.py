"""The 9 partners interviewed for the diagnostic, with their champ d'intervention (section 3.2)."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from partenaires.models import ChampIntervention, Partenaire
from tests.factories import PartenaireFactory
from tests.plan import seed


def test_les_9_partenaires_du_diagnostic_ont_le_champ_d_intervention_du_projet(plan_charge):
    en_base = {
        (champ, nom)
        for nom, champ in Partenaire.objects.filter(interroge_diagnostic=True).values_list(
            "nom", "champs__nom"
        )
    }
    assert en_base == set(seed.tableau_partenaires())
    assert len(en_base) == 9
    assert ChampIntervention.objects.count() == 9


def test_chaque_partenaire_du_diagnostic_a_un_type(plan_charge):
    types = dict(Partenaire.objects.values_list("nom", "type"))
    assert types["Mairie de Richebourg"] == Partenaire.Type.ELU
    assert types["Leroy merlin"] == Partenaire.Type.ECONOMIQUE
    assert types["Lycée d'Artois de Nœux-les-Mines"] == Partenaire.Type.EDUCATION
    assert set(types.values()) <= set(Partenaire.Type.values)


def test_un_partenaire_ajoute_par_l_equipe_survit_au_rechargement(plan_charge):
    PartenaireFactory(
        nom="Pôle emploi de Bruay", type=Partenaire.Type.INSTITUTIONNEL, contact_nom="Jean Dupont"
    )
    call_command("charger_plan", stdout=io.StringIO())
    assert Partenaire.objects.get(nom="Pôle emploi de Bruay").contact_nom == "Jean Dupont"
    assert not Partenaire.objects.get(nom="Pôle emploi de Bruay").interroge_diagnostic
    assert Partenaire.objects.count() == 10


def test_deux_partenaires_ne_portent_pas_le_meme_nom(db):
    PartenaireFactory(nom="Adice")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartenaireFactory(nom="Adice")
