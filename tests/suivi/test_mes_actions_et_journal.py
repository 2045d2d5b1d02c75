"""/mes-actions/ (what I pilot or am responsible for) and /journal/ (the plan-wide timeline)."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from plan.models import Etape
from suivi import services
from suivi.models import EntreeJournal, a_la_date
from tests.factories import AxeFactory, EtapeFactory, FicheActionFactory, UserFactory
from tests.suivi.conftest import etape_de


@pytest.fixture
def mes_fiches(fiche, compte_pilote, compte_direction):
    """Besides `fiche` (due 2027, never reviewed): one late fiche, one reviewed today and
    co-piloted, one finished, and one piloted by someone else."""
    en_retard = FicheActionFactory(
        axe=fiche.axe,
        numero=2,
        pilote=compte_pilote,
        date_debut=date(2024, 1, 1),
        date_echeance=date(2024, 12, 31),
    )
    revue = FicheActionFactory(
        axe=fiche.axe,
        numero=3,
        pilote=compte_direction,
        date_debut=date(2024, 1, 1),
        date_echeance=date(2029, 12, 31),
    )
    revue.co_pilotes.add(compte_pilote)
    services.marquer_rien_de_nouveau(revue, compte_pilote)
    terminee = FicheActionFactory(axe=fiche.axe, numero=4, pilote=compte_pilote)
    EtapeFactory(fiche=terminee, ordre=1, statut=Etape.Statut.REALISE)
    terminee.recalculer()
    FicheActionFactory(axe=fiche.axe, numero=5, pilote=compte_direction)
    return {"retard": en_retard, "revue": revue, "terminee": terminee}


def test_mes_actions_liste_ce_que_je_pilote_ou_co_pilote_par_echeance(
    mes_fiches, fiche, client_de, compte_pilote
):
    page = client_de(compte_pilote).get("/mes-actions/").text
    codes = [f"Fiche {code} :" for code in ("1.2", "1.1", "1.3", "1.4")]
    positions = [page.index(code) for code in codes]
    assert positions == sorted(positions), "par échéance, les fiches sans échéance à la fin"
    assert "Fiche 1.5 :" not in page
    assert "4 fiches : <strong>3 en retard</strong>, <strong>2 à mettre à jour</strong>" in page
    assert "(vous êtes co-pilote)" in page


def bloc(page, fiche):
    debut = page.index(f'id="mes-actions-fiche-{fiche.pk}"')
    return page[debut : page.index("</li>", debut)]


def test_mes_actions_signale_le_retard_et_la_mise_a_jour_attendue(
    mes_fiches, fiche, client_de, compte_pilote
):
    page = client_de(compte_pilote).get("/mes-actions/").text
    assert "En retard" in bloc(page, mes_fiches["retard"])
    assert "À mettre à jour" in bloc(page, fiche) and "Jamais" in bloc(page, fiche)
    assert "À mettre à jour" not in bloc(page, mes_fiches["revue"])
    assert "À mettre à jour" not in bloc(page, mes_fiches["terminee"]), (
        "une fiche réalisée n'attend plus rien"
    )


def test_la_frequence_de_mise_a_jour_est_propre_a_chaque_fiche(fiche, compte_pilote):
    services.marquer_rien_de_nouveau(fiche, compte_pilote)
    il_y_a_20_jours = timezone.now() - timedelta(days=20)
    fiche.derniere_revue = il_y_a_20_jours
    assert not fiche.attend_une_mise_a_jour
    fiche.frequence_revue_jours = 14
    assert fiche.attend_une_mise_a_jour


def test_rien_de_nouveau_en_un_clic_avec_htmx_remplace_la_carte(mes_fiches, fiche, client_de, compte_pilote):
    reponse = client_de(compte_pilote).post(
        "/plan/fiches/1.1/rien-de-nouveau/", {"suivant": "/mes-actions/"}, headers={"HX-Request": "true"}
    )
    html = reponse.text
    assert html.startswith(f'<li id="mes-actions-fiche-{fiche.pk}"')
    assert "Merci : fiche marquée comme relue aujourd'hui." in html
    assert "À mettre à jour" not in html
    assert EntreeJournal.objects.filter(fiche=fiche, type=EntreeJournal.Type.REVUE).exists()


def test_rien_de_nouveau_sans_javascript_revient_a_mes_actions(fiche, client_de, compte_pilote):
    client = client_de(compte_pilote)
    reponse = client.post("/plan/fiches/1.1/rien-de-nouveau/", {"suivant": "/mes-actions/"})
    assert reponse["Location"] == "/mes-actions/"
    assert "Fiche 1.1 marquée comme à jour" in client.get("/mes-actions/").text


def test_rien_de_nouveau_ne_redirige_pas_hors_du_site(fiche, client_de, compte_pilote):
    reponse = client_de(compte_pilote).post(
        "/plan/fiches/1.1/rien-de-nouveau/", {"suivant": "https://ailleurs.example/"}
    )
    assert reponse["Location"] == "/plan/fiches/1.1/"


def test_mes_actions_liste_les_etapes_dont_je_suis_responsable(fiche, client_de, compte_equipe):
    bilan = etape_de(fiche, "Bilan")
    Etape.objects.filter(pk=bilan.pk).update(responsable=compte_equipe, date_echeance=date(2025, 3, 1))
    atelier = etape_de(fiche, "Atelier B")
    Etape.objects.filter(pk=atelier.pk).update(responsable=compte_equipe, date_echeance=date(2029, 3, 1))
    Etape.objects.filter(pk=etape_de(fiche, "Diagnostic").pk).update(
        responsable=compte_equipe, statut=Etape.Statut.REALISE, avancement=100
    )
    page = client_de(compte_equipe).get("/mes-actions/").text
    assert "Vous ne pilotez aucune fiche-action" in page
    assert page.index("Bilan") < page.index("Atelier B")
    assert f'href="/plan/fiches/1.1/#etape-{bilan.pk}"' in page
    assert "Sous-étape de « Ateliers »" in page
    assert page.count("Échéance dépassée") == 1
    assert "Et 1 étape terminée" in page


def le(jour):
    return a_la_date(timezone.make_aware(datetime.fromisoformat(jour)))


@pytest.fixture
def journal(fiche, compte_pilote, compte_equipe):
    autre = FicheActionFactory(axe=AxeFactory(plan=fiche.axe.plan, numero=2), numero=1)
    with le("2026-01-15T10:00"):
        services.commenter(fiche, compte_pilote, commentaire="Janvier sur 1.1")
    with le("2026-02-15T10:00"):
        services.commenter(autre, compte_equipe, commentaire="Février sur 2.1")
    with le("2026-03-15T10:00"):
        services.commenter(fiche, compte_equipe, commentaire="Mars sur 1.1")
    return autre


def test_le_journal_montre_les_dernieres_entrees_du_plan(journal, client_de, compte_ca):
    page = client_de(compte_ca).get("/journal/").text
    assert "3 entrées" in page
    assert page.index("Mars sur 1.1") < page.index("Février sur 2.1") < page.index("Janvier sur 1.1")
    assert "Fiche 2.1" in page
    for identifiant, etiquette in (
        ("id_axe", "Axe"),
        ("id_fiche", "Fiche-action"),
        ("id_auteur", "Auteur"),
        ("id_du", "Du"),
    ):
        assert re.search(rf'for="{identifiant}"[^>]*>\s*{etiquette}', page), etiquette


@pytest.mark.parametrize(
    ("filtres", "attendues"),
    [
        ({"axe": "axe2"}, ["Février sur 2.1"]),
        ({"fiche": "fiche"}, ["Mars sur 1.1", "Janvier sur 1.1"]),
        ({"auteur": "equipe"}, ["Mars sur 1.1", "Février sur 2.1"]),
        ({"du": "2026-02-01", "au": "2026-02-28"}, ["Février sur 2.1"]),
        ({"du": "2026-03-15"}, ["Mars sur 1.1"]),
    ],
)
def test_le_journal_se_filtre_par_axe_fiche_auteur_et_periode(
    filtres, attendues, journal, fiche, client_de, compte_ca, compte_equipe
):
    valeurs = {"axe2": journal.axe_id, "fiche": fiche.pk, "equipe": compte_equipe.pk}
    parametres = {cle: valeurs.get(valeur, valeur) for cle, valeur in filtres.items()}
    page = client_de(compte_ca).get("/journal/", parametres).text
    trouvees = [t for t in ("Mars sur 1.1", "Février sur 2.1", "Janvier sur 1.1") if t in page]
    assert trouvees == attendues


def test_le_journal_est_pagine_en_gardant_les_filtres(fiche, client_de, compte_ca, compte_pilote):
    for rang in range(45):
        services.commenter(fiche, compte_pilote, commentaire=f"Entrée {rang}")
    client = client_de(compte_ca)
    page = client.get("/journal/", {"fiche": fiche.pk}).text
    assert "Page 1 sur 3" in page
    assert f'href="?fiche={fiche.pk}&amp;page=2"' in page
    assert "Entrée 0</p>" in client.get("/journal/", {"fiche": fiche.pk, "page": 3}).text


def test_un_auteur_sans_entree_n_est_pas_propose(journal, client_de, compte_ca):
    inconnu = UserFactory(first_name="Personne", last_name="Silencieuse")
    page = client_de(compte_ca).get("/journal/").text
    assert inconnu.get_full_name() not in page
