"""Progress, one source of truth: step → fiche → axis → plan, statut and santé."""

from datetime import date
from decimal import Decimal

import pytest

from plan.models import Etape, FicheAction, Sante
from tests.factories import AxeFactory, EtapeFactory, FicheActionFactory, PlanFactory

pytestmark = pytest.mark.django_db

S = Etape.Statut


def fiche_avec(*etapes, **champs):
    """A fiche whose top-level steps are (statut, avancement, poids) triples."""
    fiche = FicheActionFactory(**champs)
    for ordre, (statut, avancement, poids) in enumerate(etapes, start=1):
        EtapeFactory(fiche=fiche, ordre=ordre, statut=statut, avancement=avancement, poids=poids)
    fiche.recalculer()
    return fiche


def test_une_fiche_sans_etape_a_un_avancement_nul_et_est_a_venir():
    fiche = fiche_avec()
    assert fiche.avancement == 0
    assert fiche.statut == FicheAction.Statut.A_VENIR


def test_a_venir_vaut_zero_et_realise_cent_quel_que_soit_le_pourcentage_saisi():
    fiche = FicheActionFactory()
    a_venir = EtapeFactory(fiche=fiche, statut=S.A_VENIR, avancement=60)
    realisee = EtapeFactory(fiche=fiche, statut=S.REALISE, avancement=30)
    assert (a_venir.avancement, realisee.avancement) == (0, 100)


def test_l_avancement_d_une_fiche_est_la_moyenne_de_ses_etapes():
    fiche = fiche_avec((S.REALISE, 100, 1), (S.EN_COURS, 40, 1), (S.A_VENIR, 0, 1))
    assert fiche.avancement == Decimal("46.67")
    assert fiche.statut == FicheAction.Statut.EN_COURS


def test_les_poids_ponderent_la_moyenne():
    fiche = fiche_avec((S.REALISE, 100, 3), (S.A_VENIR, 0, 1))
    assert fiche.avancement == Decimal("75.00")


def test_une_etape_abandonnee_sort_de_la_moyenne():
    fiche = fiche_avec((S.REALISE, 100, 1), (S.ABANDONNE, 10, 1))
    assert fiche.avancement == 100
    assert fiche.statut == FicheAction.Statut.REALISEE


def test_une_etape_avec_sous_etapes_prend_leur_avancement():
    fiche = FicheActionFactory()
    parent = EtapeFactory(fiche=fiche, ordre=1)
    EtapeFactory(fiche=fiche, parent=parent, ordre=1, statut=S.REALISE)
    EtapeFactory(fiche=fiche, parent=parent, ordre=2, statut=S.EN_COURS, avancement=50)
    EtapeFactory(fiche=fiche, parent=parent, ordre=3, statut=S.ABANDONNE, avancement=0)
    EtapeFactory(fiche=fiche, ordre=2, statut=S.A_VENIR)
    fiche.recalculer()
    # (100 + 50) / 2 = 75 for the parent, whatever its own stored value; then (75 + 0) / 2.
    assert fiche.avancement == Decimal("37.50")


def test_une_etape_bloquee_bloque_la_fiche():
    fiche = fiche_avec((S.REALISE, 100, 1), (S.BLOQUE, 20, 1))
    assert fiche.statut == FicheAction.Statut.BLOQUEE


@pytest.mark.parametrize(
    ("statuts", "attendu"),
    [
        ([S.A_VENIR, S.A_VENIR], (0, S.A_VENIR)),
        ([S.REALISE, S.REALISE], (100, S.REALISE)),
        ([S.REALISE, S.BLOQUE], (50, S.BLOQUE)),
        ([S.EN_PAUSE, S.EN_PAUSE], (0, S.EN_PAUSE)),
        ([S.REALISE, S.A_VENIR], (50, S.EN_COURS)),
        ([S.REALISE, S.ABANDONNE], (100, S.REALISE)),
        ([S.ABANDONNE, S.ABANDONNE], (None, S.ABANDONNE)),
    ],
)
def test_une_etape_parente_derive_son_statut_de_ses_sous_etapes(statuts, attendu):
    sous_etapes = [Etape(statut=s, avancement=100 if s == S.REALISE else 0, poids=1) for s in statuts]
    assert Etape.calculer_parent(sous_etapes) == attendu


def planifiee(avancement, debut=date(2025, 1, 1), echeance=date(2025, 12, 31)):
    fiche = FicheActionFactory(date_debut=debut, date_echeance=echeance)
    fiche.avancement = Decimal(avancement)
    return fiche


MI_PARCOURS = date(2025, 7, 2)  # 182 days of 364: 50 % expected


def test_l_avancement_attendu_est_lineaire_entre_debut_et_echeance():
    fiche = planifiee(0)
    assert fiche.avancement_attendu(date(2024, 12, 1)) == 0
    assert fiche.avancement_attendu(MI_PARCOURS) == 50
    assert fiche.avancement_attendu(date(2026, 1, 1)) == 100


@pytest.mark.parametrize(
    ("avancement", "sante"),
    [
        ("50", Sante.DANS_LES_TEMPS),
        ("47.5", Sante.DANS_LES_TEMPS),  # exactly 95 % of expected
        ("47.4", Sante.A_SURVEILLER),
        ("42.5", Sante.A_SURVEILLER),  # exactly 85 %
        ("42.4", Sante.EN_RETARD),
        ("10", Sante.EN_RETARD),
    ],
)
def test_la_sante_compare_l_avancement_a_l_attendu(avancement, sante):
    assert planifiee(avancement).get_sante(MI_PARCOURS) == sante


def test_une_fiche_inachevee_dont_l_echeance_est_passee_est_en_retard():
    assert planifiee("99").get_sante(date(2026, 1, 2)) == Sante.EN_RETARD
    assert planifiee("100").get_sante(date(2026, 1, 2)) == Sante.DANS_LES_TEMPS


def test_une_fiche_sans_dates_n_est_pas_planifiee():
    fiche = FicheActionFactory(date_debut=None, date_echeance=None)
    assert fiche.get_sante() == Sante.NON_PLANIFIEE
    assert FicheActionFactory(date_debut=date(2025, 1, 1), date_echeance=None).get_sante() == (
        Sante.NON_PLANIFIEE
    )


def test_l_axe_est_la_moyenne_de_ses_fiches_et_le_plan_celle_de_ses_axes():
    plan = PlanFactory()
    axe1, axe2 = AxeFactory(plan=plan, numero=1), AxeFactory(plan=plan, numero=2)
    fiche_avec((S.REALISE, 100, 1), axe=axe1)
    fiche_avec((S.A_VENIR, 0, 1), axe=axe1)
    fiche_avec((S.EN_COURS, 20, 1), axe=axe2)
    moyennes, valeur_plan = plan.avancements()
    assert moyennes == {axe1.pk: 50, axe2.pk: 20}
    assert valeur_plan == plan.avancement() == Decimal("35.00")


def test_la_moyenne_du_plan_se_calcule_en_une_requete(django_assert_num_queries):
    plan = PlanFactory()
    for numero in range(1, 4):
        fiche_avec((S.EN_COURS, 10 * numero, 1), axe=AxeFactory(plan=plan, numero=numero))
    with django_assert_num_queries(1):
        plan.avancement()
