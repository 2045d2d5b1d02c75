"""History can be replayed: the progress of a fiche, an axis or the plan at any past date, by the one
replay production uses (conseil.etat.figures_au, behind the dashboard and the board reports)."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conseil.etat import figures_au
from plan.models import Etape
from suivi import services
from suivi.models import a_la_date
from tests.factories import AxeFactory, EtapeFactory, FicheActionFactory
from tests.suivi.conftest import etape_de

S = Etape.Statut


def le(jour):
    return timezone.make_aware(datetime.fromisoformat(jour))


def avancer(etape, auteur, quand, **valeurs):
    """A change made through the service as if at `quand`."""
    etape.refresh_from_db()
    with a_la_date(le(quand)):
        services.mettre_a_jour_etape(etape, auteur, version=etape.version, valeurs=valeurs)


def rejeu(plan, quand):
    """(per fiche, per axis, plan) progress replayed at `quand`."""
    figures = figures_au(plan, le(quand) if isinstance(quand, str) else quand)
    return (
        {f["id"]: Decimal(f["avancement"]) for f in figures["fiches"]},
        {a["id"]: Decimal(a["avancement"]) for a in figures["axes"]},
        Decimal(figures["plan"]["avancement"]),
    )


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
    plan = fiche.axe.plan
    assert rejeu(plan, "2025-12-31T00:00")[0] == {fiche.pk: 0, autre.pk: 0}
    assert rejeu(plan, "2026-01-31T00:00")[0][fiche.pk] == Decimal("33.33")
    assert rejeu(plan, "2026-03-31T00:00")[0][fiche.pk] == Decimal("53.33")


def test_l_axe_et_le_plan_se_rejouent_comme_les_chiffres_du_jour(historique):
    fiche, autre = historique
    plan = fiche.axe.plan

    par_fiche, par_axe, valeur_plan = rejeu(plan, "2026-02-15T00:00")
    assert par_fiche == {fiche.pk: Decimal("33.33"), autre.pk: Decimal("40.00")}
    assert par_axe == {fiche.axe_id: Decimal("33.33"), autre.axe_id: Decimal("40.00")}
    assert valeur_plan == Decimal("36.66")  # (33.33 + 40) / 2, rounded half to even

    _, _, aujourd_hui = rejeu(plan, timezone.now())
    assert aujourd_hui == plan.avancement()


def test_le_rejeu_du_plan_tient_en_un_nombre_fixe_de_requetes(historique, django_assert_max_num_queries):
    fiche, _ = historique
    with django_assert_max_num_queries(10):
        figures_au(fiche.axe.plan, timezone.now())
