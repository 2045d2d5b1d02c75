"""History can be replayed: the progress of a fiche, an axis or the plan at any past date."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from plan.models import Etape
from suivi import services
from suivi.models import EntreeJournal, avancements_du_plan_au
from tests.factories import AxeFactory, EtapeFactory, FicheActionFactory
from tests.suivi.conftest import etape_de

S = Etape.Statut


def le(jour):
    return timezone.make_aware(datetime.fromisoformat(jour))


def avancer(etape, auteur, quand, **valeurs):
    """A change made through the service, then dated `quand` as if it had happened then."""
    etape.refresh_from_db()
    entree = services.mettre_a_jour_etape(etape, auteur, version=etape.version, valeurs=valeurs)
    EntreeJournal.objects.filter(pk=entree.pk).update(cree_le=le(quand))


@pytest.fixture
def historique(fiche, compte_pilote, compte_direction):
    """Fiche 1.1 moves in January and March 2026; fiche 2.1, in another axis, in February."""
    autre = FicheActionFactory(axe=AxeFactory(plan=fiche.axe.plan, numero=2), numero=1)
    seule = EtapeFactory(fiche=autre, ordre=1)
    avancer(etape_de(fiche, "Diagnostic"), compte_pilote, "2026-01-10T10:00", statut=S.REALISE)
    avancer(seule, compte_direction, "2026-02-10T10:00", statut=S.EN_COURS, avancement=40)
    avancer(etape_de(fiche, "Bilan"), compte_pilote, "2026-03-10T10:00", statut=S.EN_COURS, avancement=60)
    return fiche, autre


def test_l_avancement_d_une_fiche_se_rejoue_a_toute_date(historique):
    fiche, autre = historique
    fiches = [fiche, autre]
    assert EntreeJournal.objects.avancements_au(le("2025-12-31T00:00"), fiches) == {fiche.pk: 0, autre.pk: 0}
    assert EntreeJournal.objects.avancements_au(le("2026-01-31T00:00"), fiches)[fiche.pk] == Decimal("33.33")
    assert EntreeJournal.objects.avancements_au(le("2026-03-31T00:00"), fiches)[fiche.pk] == Decimal("53.33")


def test_l_axe_et_le_plan_se_rejouent_comme_les_chiffres_du_jour(historique):
    fiche, autre = historique
    plan = fiche.axe.plan

    par_fiche, par_axe, valeur_plan = avancements_du_plan_au(plan, le("2026-02-15T00:00"))
    assert par_fiche == {fiche.pk: Decimal("33.33"), autre.pk: Decimal("40.00")}
    assert par_axe == {fiche.axe_id: Decimal("33.33"), autre.axe_id: Decimal("40.00")}
    assert valeur_plan == Decimal("36.66")  # (33.33 + 40) / 2, rounded half to even

    _, _, aujourd_hui = avancements_du_plan_au(plan, timezone.now())
    assert aujourd_hui == plan.avancement()


def test_le_rejeu_du_plan_tient_en_deux_requetes(historique, django_assert_num_queries):
    fiche, _ = historique
    with django_assert_num_queries(2):
        avancements_du_plan_au(fiche.axe.plan, timezone.now())
