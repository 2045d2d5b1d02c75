"""The computed indicators of fiches 4.1 and 4.2 move with the records, and the board sees them."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from suivi import indicateurs
from suivi.models import Indicateur, Mesure
from tests.factories import AntenneFactory, MembreEquipeFactory, PartenaireFactory, SensibilisationFactory
from tests.plan.html import main

from .donnees import charte_adoptee, equipe_de, prise

AUJOURDHUI = timezone.localdate
CONNAISSANCE = "charte-prise-de-connaissance"
ANTENNE_EN_RETRAIT = "charte-prise-de-connaissance-antenne-la-plus-basse"
SENSIBILISES = "sensibilisation-equipe-12-mois"
ANTENNES_COUVERTES = "sensibilisation-antennes-couvertes"
PARTENAIRES = "sensibilisation-partenaires-touches"


def valeur(code, jour=None):
    return indicateurs.REGISTRE[code].calculer(jour or AUJOURDHUI())


def test_les_fiches_4_1_et_4_2_declarent_leurs_indicateurs_calcules():
    assert {c: indicateurs.REGISTRE[c].fiche for c in (CONNAISSANCE, ANTENNE_EN_RETRAIT)} == {
        CONNAISSANCE: "4.1",
        ANTENNE_EN_RETRAIT: "4.1",
    }
    assert {indicateurs.REGISTRE[c].fiche for c in (SENSIBILISES, ANTENNES_COUVERTES, PARTENAIRES)} == {"4.2"}
    assert all(indicateurs.REGISTRE[c].unite == "%" for c in (CONNAISSANCE, SENSIBILISES, PARTENAIRES))


def test_sans_equipe_au_registre_rien_ne_se_mesure(plan_charge):
    assert valeur(CONNAISSANCE) is None
    assert valeur(ANTENNE_EN_RETRAIT) is None
    assert valeur(SENSIBILISES) is None
    assert valeur(ANTENNES_COUVERTES) is None


def test_la_part_de_l_equipe_ayant_pris_connaissance_suit_les_prises_et_les_versions(plan_charge):
    nord, sud = AntenneFactory(), AntenneFactory()
    membres_nord, membres_sud = equipe_de(nord, 3), equipe_de(sud, 1)
    # Before any charter, nobody has read it.
    assert valeur(CONNAISSANCE) == Decimal("0.00")
    v1 = charte_adoptee(AUJOURDHUI() - timedelta(days=60))
    prise(v1, membres_nord[0], AUJOURDHUI() - timedelta(days=50))
    prise(v1, membres_sud[0], AUJOURDHUI() - timedelta(days=10))
    assert valeur(CONNAISSANCE) == Decimal("50.00")
    assert valeur(ANTENNE_EN_RETRAIT) == Decimal("33.33")
    # Replayed at a past date: only what was read by then.
    assert valeur(CONNAISSANCE, AUJOURDHUI() - timedelta(days=20)) == Decimal("25.00")
    # Someone who left no longer counts.
    membres_nord[2].date_depart = AUJOURDHUI() - timedelta(days=1)
    membres_nord[2].save()
    assert valeur(CONNAISSANCE) == Decimal("66.67")
    # A new version: everyone reads it again.
    charte_adoptee(AUJOURDHUI() - timedelta(days=1))
    assert valeur(CONNAISSANCE) == Decimal("0.00")


def test_la_sensibilisation_compte_les_douze_derniers_mois(plan_charge):
    nord, sud = AntenneFactory(), AntenneFactory()
    membres = equipe_de(nord, 2) + equipe_de(sud, 2)
    recente = SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=100))
    recente.participants.set(membres[:1])
    SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=370)).participants.set(membres[2:])
    # Planned, not yet held.
    SensibilisationFactory(date=AUJOURDHUI() + timedelta(days=5)).participants.set(membres)
    assert valeur(SENSIBILISES) == Decimal("25.00")
    assert valeur(ANTENNES_COUVERTES) == Decimal("50.00")
    assert valeur(SENSIBILISES, AUJOURDHUI() - timedelta(days=200)) == Decimal("50.00")


def test_la_part_des_partenaires_touches(plan_charge):
    partenaire = PartenaireFactory()
    assert valeur(PARTENAIRES) == Decimal("0.00")
    SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=3)).partenaires.set([partenaire])
    # 1 of the 9 diagnostic partners of the plan + the one invented here.
    assert valeur(PARTENAIRES) == Decimal("10.00")


def test_le_conseil_voit_les_chiffres_des_fiches_4_1_et_4_2_bouger(comptes_par_role, client_de):
    charte = charte_adoptee(AUJOURDHUI() - timedelta(days=30))
    (membre,) = equipe_de(AntenneFactory(), 1)
    MembreEquipeFactory(antenne=membre.antenne)
    prise(charte, membre)
    call_command("mesurer_indicateurs", stdout=io.StringIO())
    mesure = Mesure.objects.get(indicateur__code=CONNAISSANCE)
    assert (mesure.valeur, mesure.indicateur.fiche.code) == (Decimal("50.00"), "4.1")
    assert Indicateur.objects.get(code=SENSIBILISES).fiche.code == "4.2"

    page = main(client_de(comptes_par_role["ca"]).get("/plan/fiches/4.1/"))
    assert "Part de l'équipe ayant pris connaissance de la charte en vigueur" in page.texte()
    assert "Calculé automatiquement" in page.texte()
    page = main(client_de(comptes_par_role["ca"]).get("/plan/fiches/4.2/"))
    assert "Part de l'équipe sensibilisée dans les 12 derniers mois" in page.texte()
