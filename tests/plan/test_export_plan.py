"""`export_plan` prints the plan as JSON, in the shape shared with partners and archived."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from plan.models import FicheAction, Plan
from tests.factories import AxeFactory, FicheActionFactory, PlanFactory

CLES_DE_REFERENCE_NON_EXPORTEES = {"finalite", "introduction", "sous_titre", "libelle_court", "cle"}


def exporter(*args):
    sortie = io.StringIO()
    call_command("export_plan", *args, stdout=sortie)
    return sortie.getvalue()


def sans_cles_de_reference(donnee):
    if isinstance(donnee, dict):
        return {
            k: sans_cles_de_reference(v)
            for k, v in donnee.items()
            if k not in CLES_DE_REFERENCE_NON_EXPORTEES
        }
    if isinstance(donnee, list):
        return [sans_cles_de_reference(v) for v in donnee]
    return donnee


def test_l_export_a_exactement_la_forme_convenue_a_chaque_niveau(plan_charge):
    export = json.loads(exporter())
    assert set(export) == {"plan", "enjeux", "axes"}
    assert set(export["plan"]) == {"titre", "annee_debut", "annee_fin"}
    assert len(export["enjeux"]) == 6
    assert all(set(e) == {"code", "libelle", "ordre"} for e in export["enjeux"])
    assert len(export["axes"]) == 4
    fiches = [f for axe in export["axes"] for f in axe["fiches"]]
    etapes = [e for f in fiches for e in f["etapes"]]
    sous_etapes = [s for e in etapes for s in e["sous_etapes"]]
    assert all(set(a) == {"numero", "titre", "description", "fiches"} for a in export["axes"])
    assert len(fiches) == 11
    assert all(
        set(f) == {"code", "numero", "titre", "resume", "enjeux", "objectifs", "etapes"} for f in fiches
    )
    assert all(isinstance(e, str) for f in fiches for e in f["enjeux"] + f["objectifs"])
    assert all(set(e) == {"libelle", "texte", "sous_etapes"} for e in etapes)
    assert len(sous_etapes) == 9
    assert all(set(s) == {"libelle", "texte"} for s in sous_etapes)


def test_l_export_est_la_fixture_du_plan_sans_ses_champs_de_reference_internes(plan_charge):
    fixture = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "plan_2024_2029.json").read_text(encoding="utf-8")
    )
    assert json.loads(exporter()) == sans_cles_de_reference(fixture)


def test_l_export_garde_les_lettres_accentuees_lisibles(plan_charge):
    sortie = exporter()
    assert "Réfléchir à une optimisation de notre implantation géographique" in sortie
    assert "mise en œuvre" in sortie
    assert "\\u00e9" not in sortie


def test_l_export_d_une_periode_choisie(plan_charge):
    assert json.loads(exporter("--plan", "2024-2029"))["plan"] == {
        "titre": "Projet associatif et stratégique 2024-2029",
        "annee_debut": 2024,
        "annee_fin": 2029,
    }


def test_l_export_suit_l_ordre_des_axes_et_des_fiches(plan_charge):
    # Fiches created out of order must still come out as 1.1, 1.2... in their axis.
    FicheAction.objects.filter(code="1.1").update(numero=9)
    export = json.loads(exporter())
    assert [a["numero"] for a in export["axes"]] == [1, 2, 3, 4]
    assert [f["code"] for f in export["axes"][0]["fiches"]] == ["1.2", "1.3", "1.4", "1.5", "1.1"]


def test_l_export_d_un_second_plan_ne_melange_pas_les_plans(plan_charge):
    suivant = PlanFactory(annee_debut=2030, annee_fin=2035, est_en_vigueur=False)
    FicheActionFactory(axe=AxeFactory(plan=suivant, numero=1, titre="Un axe du plan suivant"), numero=1)
    export = json.loads(exporter("--plan", "2030-2035"))
    assert export["plan"]["annee_debut"] == 2030
    assert [a["titre"] for a in export["axes"]] == ["Un axe du plan suivant"]
    assert [f["code"] for f in export["axes"][0]["fiches"]] == ["1.1"]
    assert len(json.loads(exporter())["axes"]) == 4


def test_un_axe_encore_sans_fiche_figure_dans_l_export(db):
    plan = PlanFactory(annee_debut=2030, annee_fin=2035)
    AxeFactory(plan=plan, numero=1, titre="Un axe en préparation")
    assert [a["titre"] for a in json.loads(exporter())["axes"]] == ["Un axe en préparation"]


def test_sans_plan_l_export_explique_en_francais_quoi_faire(db):
    with pytest.raises(CommandError, match="Aucun plan en base : lancez d'abord « manage.py charger_plan »"):
        exporter()


def test_une_periode_inconnue_est_signalee_en_francais(plan_charge):
    with pytest.raises(CommandError, match="Aucun plan 2030-2035"):
        exporter("--plan", "2030-2035")


def test_une_periode_mal_ecrite_est_signalee_en_francais(plan_charge):
    with pytest.raises(CommandError, match="Période attendue sous la forme 2024-2029"):
        exporter("--plan", "2024")
    assert Plan.objects.count() == 1
