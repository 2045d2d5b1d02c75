"""Pages stay within a fixed number of SQL queries whatever the size of the journal."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from comptes import roles
from comptes.models import nom_de
from tests.factories import (
    ChangementFactory,
    EntreeJournalFactory,
    EtapeFactory,
    FicheActionFactory,
    IndicateurFactory,
    MesureFactory,
    UserFactory,
)
from tests.suivi.conftest import etape_de


def remplir(fiche, auteurs, echelle):
    """`echelle` × (journal entries with changes, indicators with measures, steps, fiches)."""
    for rang in range(5 * echelle):
        entree = EntreeJournalFactory(
            fiche=fiche, auteur=auteurs[rang % len(auteurs)], etape=etape_de(fiche, "Diagnostic")
        )
        ChangementFactory(entree=entree, avant="10 %", apres="20 %")
        ChangementFactory(entree=entree, champ="statut", avant="À venir", apres="En cours")
    for rang in range(echelle):
        indicateur = IndicateurFactory(fiche=fiche, libelle=f"Indicateur {rang}")
        for mois in range(1, 4):
            MesureFactory(indicateur=indicateur, date=date(2025, mois, 28), saisi_par=auteurs[0])
        EtapeFactory(fiche=fiche, ordre=10 + rang, responsable=auteurs[rang % len(auteurs)])
        autre = FicheActionFactory(axe=fiche.axe, numero=10 + rang, pilote=fiche.pilote)
        autre.co_pilotes.add(auteurs[-1])


@pytest.fixture
def auteurs(compte_pilote, compte_equipe):
    return [compte_pilote, compte_equipe, UserFactory()]


@pytest.mark.parametrize("echelle", [1, 20])
def test_la_page_d_une_fiche_a_un_nombre_de_requetes_borne(
    echelle, fiche, auteurs, client_de, compte_pilote, django_assert_max_num_queries
):
    remplir(fiche, auteurs, echelle)
    client = client_de(compte_pilote)
    with django_assert_max_num_queries(22):
        reponse = client.get(fiche.get_absolute_url())
    assert reponse.status_code == 200
    assert reponse.text.count('class="entree-journal"') == min(20, 5 * echelle)


@pytest.mark.parametrize("echelle", [1, 20])
def test_mes_actions_a_un_nombre_de_requetes_borne(
    echelle, fiche, auteurs, client_de, compte_pilote, django_assert_max_num_queries
):
    remplir(fiche, auteurs, echelle)
    client = client_de(compte_pilote)
    # One more than before the menu showed « Mes actions » only to those who have actions.
    with django_assert_max_num_queries(11):
        reponse = client.get("/mes-actions/")
    assert reponse.status_code == 200
    assert reponse.text.count('id="mes-actions-fiche-') == 1 + echelle


@pytest.mark.parametrize("echelle", [1, 20])
def test_le_journal_a_un_nombre_de_requetes_borne(
    echelle, fiche, auteurs, client_de, compte_ca, django_assert_max_num_queries
):
    remplir(fiche, auteurs, echelle)
    client = client_de(compte_ca)
    with django_assert_max_num_queries(14):
        reponse = client.get("/journal/", {"fiche": fiche.pk})
    assert reponse.status_code == 200
    assert reponse.text.count('class="entree-journal"') == min(20, 5 * echelle)


def test_la_page_d_une_fiche_n_ecrit_la_liste_des_personnes_qu_une_fois(fiche, client_de, compte_direction):
    """The steps are read first: their forms open on demand, so the page no longer writes the staff
    list in every step's form; only the fiche's own form (pilote, co-pilotes) lists them."""
    equipe = Group.objects.get(name=roles.EQUIPE)
    personnes = UserFactory.create_batch(40)
    for personne in personnes:
        personne.groups.add(equipe)
    page = client_de(compte_direction).get(fiche.get_absolute_url()).content.decode()
    assert 'name="etape-' not in page
    # Once as a pilote option, once as a co-pilote box.
    assert page.count(nom_de(personnes[0])) == 2
