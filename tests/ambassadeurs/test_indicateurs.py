"""Fiche 2.1's computed indicators move with the programme's data and reach the fiche."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from ambassadeurs import indicateurs
from conseil.models import Instance
from suivi.indicateurs import REGISTRE
from suivi.models import Indicateur, Mesure
from tests.factories import AmbassadeurFactory, InterventionFactory

pytestmark = pytest.mark.django_db

JOUR = date(2026, 11, 20)
CODES = [
    "ambassadeurs-actifs",
    "ambassadeurs-interventions-trimestre",
    "ambassadeurs-jeunes-touches-12-mois",
    "ambassadeurs-fidelisation",
]


def valeur(code, jour=JOUR):
    return REGISTRE[code].calculer(jour)


def actif(depuis, jusqu_au=None):
    return AmbassadeurFactory(
        date_sensibilise=depuis - timedelta(days=30),
        date_candidat=depuis - timedelta(days=20),
        date_selectionne=depuis - timedelta(days=10),
        date_actif=depuis,
        date_ancien=jusqu_au,
        dernier_contact_le=depuis,
    )


def test_les_quatre_indicateurs_sont_declares_pour_la_fiche_2_1():
    assert [d.code for d in indicateurs.pour_fiche("2.1")] == CODES


def test_les_ambassadeurs_actifs_se_comptent_au_jour_de_la_mesure():
    assert valeur("ambassadeurs-actifs") == 0
    actif(date(2026, 1, 10))
    actif(date(2025, 3, 1), jusqu_au=date(2026, 6, 30))
    AmbassadeurFactory(date_sensibilise=date(2026, 10, 1))  # only sensitised
    assert valeur("ambassadeurs-actifs") == 1
    assert valeur("ambassadeurs-actifs", date(2026, 3, 1)) == 2
    assert valeur("ambassadeurs-actifs", date(2025, 1, 1)) == 0


def test_les_interventions_se_comptent_dans_le_trimestre_civil():
    InterventionFactory(date=date(2026, 10, 1))
    InterventionFactory(date=date(2026, 11, 20))
    InterventionFactory(date=date(2026, 9, 30))  # previous quarter
    assert valeur("ambassadeurs-interventions-trimestre") == 2
    assert valeur("ambassadeurs-interventions-trimestre", date(2026, 9, 30)) == 1


def test_les_jeunes_touches_s_additionnent_sur_douze_mois():
    InterventionFactory(date=date(2026, 11, 1), public_touche=40)
    InterventionFactory(date=date(2025, 12, 1), public_touche=25)
    InterventionFactory(date=date(2025, 11, 1), public_touche=1000)  # more than a year ago
    assert valeur("ambassadeurs-jeunes-touches-12-mois") == 65


def test_la_fidelisation_rapporte_les_actifs_d_il_y_a_un_an_a_ceux_encore_actifs():
    assert valeur("ambassadeurs-fidelisation") is None
    actif(date(2024, 9, 1))
    actif(date(2025, 1, 1), jusqu_au=date(2026, 2, 1))
    actif(date(2025, 6, 1))
    actif(date(2026, 6, 1))  # active for less than a year: not counted yet
    assert valeur("ambassadeurs-fidelisation") == Decimal("66.67")


def test_mesurer_les_indicateurs_les_ajoute_a_la_fiche_2_1(plan_charge):
    actif(date(2025, 1, 1))
    InterventionFactory(public_touche=12)
    call_command("mesurer_indicateurs", stdout=io.StringIO())
    calcules = Indicateur.objects.filter(code__in=CODES)
    assert {i.fiche.code for i in calcules} == {"2.1"} and calcules.count() == 4
    mesures = dict(Mesure.objects.filter(indicateur__in=calcules).values_list("indicateur__code", "valeur"))
    assert mesures["ambassadeurs-actifs"] == 1 and mesures["ambassadeurs-jeunes-touches-12-mois"] == 12


def test_le_conseil_lit_les_indicateurs_sur_la_fiche_2_1_sans_aucun_nom(
    plan_charge, groupes_de_roles, compte_ca, client_de
):
    AmbassadeurFactory(prenom="Prénomtémoin", nom="Nomtémoin", date_candidat=date(2026, 1, 1))
    call_command("mesurer_indicateurs", stdout=io.StringIO())
    page = client_de(compte_ca).get("/plan/fiches/2.1/").content.decode()
    assert "Jeunes ambassadeurs actifs" in page
    assert "Prénomtémoin" not in page and "Nomtémoin" not in page


def test_le_rapport_fige_au_conseil_porte_les_chiffres_du_programme_sans_aucun_nom(
    plan_charge, groupes_de_roles, compte_ca, compte_direction, client_de
):
    actif(date(2025, 1, 1))
    # Names no factory draws: the accounts' random names (the board member's, say) cannot match them.
    AmbassadeurFactory(prenom="Prénomtémoin", nom="Nomtémoin")
    instance = Instance.objects.create(
        type=Instance.Type.CA, date=timezone.make_aware(datetime(2026, 11, 20, 18)), lieu="Siège"
    )
    instance.figer(par=compte_direction)
    page = client_de(compte_ca).get(f"/instances/{instance.pk}/rapport/").content.decode()
    assert "Jeunes ambassadeurs actifs" in page
    assert "Prénomtémoin" not in page and "Nomtémoin" not in page
