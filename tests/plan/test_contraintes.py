"""The database itself keeps the plan's invariants, whatever writes to it."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from plan.models import Enjeu, Etape, FicheAction, Plan
from tests.factories import (
    AxeFactory,
    EtapeFactory,
    FicheActionFactory,
    ObjectifFactory,
    PlanFactory,
    PratiqueFactory,
)


def refuse(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_un_numero_d_axe_est_unique_dans_un_plan_mais_pas_d_un_plan_a_l_autre(db):
    plan = PlanFactory()
    AxeFactory(plan=plan, numero=1)
    refuse(lambda: AxeFactory(plan=plan, numero=1))
    AxeFactory(plan=PlanFactory(annee_debut=2030, annee_fin=2035, est_en_vigueur=False), numero=1)


def test_un_numero_de_fiche_est_unique_dans_un_axe(db):
    axe = AxeFactory(numero=1)
    FicheActionFactory(axe=axe, numero=2)
    refuse(lambda: FicheActionFactory(axe=axe, numero=2))
    assert FicheActionFactory(axe=AxeFactory(plan=axe.plan, numero=2), numero=2).code == "2.2"


def test_l_ordre_des_objectifs_est_unique_dans_une_fiche(db):
    fiche = FicheActionFactory()
    ObjectifFactory(fiche=fiche, ordre=1)
    refuse(lambda: ObjectifFactory(fiche=fiche, ordre=1))
    ObjectifFactory(fiche=FicheActionFactory(axe=fiche.axe), ordre=1)


def test_l_ordre_des_etapes_est_unique_dans_une_fiche(db):
    fiche = FicheActionFactory()
    EtapeFactory(fiche=fiche, ordre=1)
    refuse(lambda: EtapeFactory(fiche=fiche, ordre=1))


def test_l_ordre_des_sous_etapes_est_unique_sous_une_meme_etape(db):
    fiche = FicheActionFactory()
    programme, suivi = EtapeFactory(fiche=fiche, ordre=1), EtapeFactory(fiche=fiche, ordre=2)
    EtapeFactory(fiche=fiche, parent=programme, ordre=1)
    refuse(lambda: EtapeFactory(fiche=fiche, parent=programme, ordre=1))
    # Numbering starts again under each step, independently of the top-level steps.
    EtapeFactory(fiche=fiche, parent=suivi, ordre=1)
    assert fiche.etapes.filter(ordre=1).count() == 3


@pytest.mark.parametrize("avancement", [-1, 101])
def test_l_avancement_d_une_fiche_reste_entre_0_et_100(db, avancement):
    fiche = FicheActionFactory()
    refuse(lambda: FicheAction.objects.filter(pk=fiche.pk).update(avancement=avancement))
    FicheAction.objects.filter(pk=fiche.pk).update(avancement=100)


def test_l_avancement_d_une_etape_ne_depasse_pas_100(db):
    etape = EtapeFactory(statut=Etape.Statut.EN_COURS, avancement=50)
    refuse(lambda: Etape.objects.filter(pk=etape.pk).update(avancement=101))


def test_une_etape_realisee_est_a_100_et_une_etape_a_venir_a_0(db):
    etape = EtapeFactory(statut=Etape.Statut.EN_COURS, avancement=50)
    refuse(lambda: Etape.objects.filter(pk=etape.pk).update(statut=Etape.Statut.REALISE))
    refuse(lambda: Etape.objects.filter(pk=etape.pk).update(statut=Etape.Statut.A_VENIR))


def test_le_debut_d_une_fiche_precede_son_echeance(db):
    fiche = FicheActionFactory()
    refuse(
        lambda: FicheAction.objects.filter(pk=fiche.pk).update(
            date_debut=date(2026, 11, 26), date_echeance=date(2026, 1, 1)
        )
    )
    FicheAction.objects.filter(pk=fiche.pk).update(
        date_debut=date(2026, 1, 1), date_echeance=date(2026, 1, 1)
    )
    FicheAction.objects.filter(pk=fiche.pk).update(date_debut=None, date_echeance=date(2025, 1, 1))


def test_un_seul_plan_est_en_vigueur(db):
    PlanFactory(annee_debut=2024, annee_fin=2029, est_en_vigueur=True)
    refuse(lambda: PlanFactory(annee_debut=2030, annee_fin=2035, est_en_vigueur=True))
    PlanFactory(annee_debut=2030, annee_fin=2035, est_en_vigueur=False)
    assert Plan.objects.filter(est_en_vigueur=True).count() == 1


def test_un_plan_commence_avant_de_finir_et_une_periode_n_a_qu_un_plan(db):
    refuse(lambda: PlanFactory(annee_debut=2029, annee_fin=2024))
    Plan.objects.create(titre="Projet", annee_debut=2024, annee_fin=2029)
    refuse(lambda: Plan.objects.create(titre="Doublon", annee_debut=2024, annee_fin=2029))


def test_l_ordre_des_pratiques_est_unique_pour_une_valeur(db):
    pratique = PratiqueFactory(ordre=1)
    refuse(lambda: PratiqueFactory(valeur=pratique.valeur, ordre=1))


def test_les_enjeux_ont_un_code_un_libelle_et_un_ordre_uniques(plan_charge):
    refuse(lambda: Enjeu.objects.create(code="orienter", libelle="Autre", ordre=99))
    refuse(lambda: Enjeu.objects.create(code="autre", libelle="Orienter", ordre=99))
    refuse(lambda: Enjeu.objects.create(code="autre", libelle="Autre", ordre=1))
