"""Each page of the socle runs a bounded number of SQL queries, whatever the amount of data.

The same ceiling holds with the real plan and with twenty times more fiches, steps, values,
communes, antennes and permanences: a query per row would blow it at once.
"""

import factory
import pytest

from antennes.models import Antenne, Commune, Permanence
from plan.models import Axe, Enjeu, Etape, FicheAction, Objectif, Pratique, Valeur
from tests.factories import (
    AntenneFactory,
    CommuneFactory,
    EtapeFactory,
    FicheActionFactory,
    ObjectifFactory,
    PermanenceFactory,
    PratiqueFactory,
    UserFactory,
    ValeurFactory,
)

from .html import main

# Session, user, groups, whether the person has actions (the menu's « Mes actions ») and the
# session's save are 6 of them; the rest is the page's own data. The fiche page also carries suivi's
# follow-up (indicators, journal), hence its wider ceiling.
PLAFONDS = {
    "/plan/": 12,
    "/plan/fiches/1.2/": 20,
    "/plan/fiches/2.1/": 20,
    "/plan/enjeux/": 11,
    "/valeurs/": 10,  # the values, their practices and the plan's introduction to them
    "/territoire/": 13,
}
FOIS = 20


@pytest.fixture
def equipe(plan_charge, client_de, compte_equipe):
    return client_de(compte_equipe)


def etapes_de(fiche, nombre, depart, parent=None):
    return EtapeFactory.build_batch(
        nombre,
        fiche=fiche,
        parent=parent,
        ordre=factory.Iterator(range(depart, depart + nombre)),
        statut=Etape.Statut.EN_COURS,
        avancement=50,
    )


@pytest.fixture
def vingt_fois_plus(plan_charge):
    """Twenty times the real plan's fiches, steps, values, communes, antennes and permanences."""
    axes = list(Axe.objects.order_by("numero"))
    enjeux = list(Enjeu.objects.all())
    personnes = UserFactory.create_batch(5)
    nouvelles = []
    for i in range(11 * (FOIS - 1)):
        fiche = FicheActionFactory(axe=axes[i % 4], numero=10 + i, pilote=personnes[i % 5])
        fiche.enjeux.set([enjeux[i % 6], enjeux[(i + 2) % 6]])
        fiche.co_pilotes.set([personnes[(i + 1) % 5]])
        nouvelles.append(fiche)
    Objectif.objects.bulk_create(
        o
        for f in nouvelles
        for o in ObjectifFactory.build_batch(3, fiche=f, ordre=factory.Iterator(range(1, 4)))
    )
    parents = Etape.objects.bulk_create(e for f in nouvelles for e in etapes_de(f, 5, 1))
    Etape.objects.bulk_create(e for p in parents[::5] for e in etapes_de(p.fiche, 2, 1, parent=p))

    # The two detailed fiches: twenty times their steps, objectives and sub-steps.
    fiche_1_2 = FicheAction.objects.get(code="1.2")
    Etape.objects.bulk_create(etapes_de(fiche_1_2, 3 * (FOIS - 1), 4))
    Objectif.objects.bulk_create(
        ObjectifFactory.build_batch(3 * (FOIS - 1), fiche=fiche_1_2, ordre=factory.Iterator(range(4, 61)))
    )
    programme = Etape.objects.get(fiche__code="2.1", libelle="Le programme")
    Etape.objects.bulk_create(etapes_de(programme.fiche, 3 * (FOIS - 1), 4, parent=programme))
    for fiche in FicheAction.objects.all():
        fiche.recalculer()

    valeurs = Valeur.objects.bulk_create(
        ValeurFactory.build_batch(10 * (FOIS - 1), ordre=factory.Iterator(range(11, 1000)))
    )
    Pratique.objects.bulk_create(
        p
        for v in valeurs
        for p in PratiqueFactory.build_batch(4, valeur=v, ordre=factory.Iterator(range(1, 5)))
    )

    communes = Commune.objects.bulk_create(CommuneFactory.build_batch(104 * (FOIS - 1)))
    antennes = Antenne.objects.bulk_create(
        AntenneFactory.build_batch(10 * FOIS - 1, commune=factory.Iterator(communes)), batch_size=500
    )
    Permanence.objects.bulk_create(
        PermanenceFactory.build_batch(
            36 * FOIS, commune=factory.Iterator(communes[::2]), antenne=factory.Iterator(antennes * 4)
        )
    )


def test_chaque_page_reste_sous_son_plafond_de_requetes_avec_le_plan_reel(
    equipe, django_assert_max_num_queries
):
    for url, plafond in PLAFONDS.items():
        with django_assert_max_num_queries(plafond):
            assert equipe.get(url).status_code == 200


def test_chaque_page_garde_le_meme_plafond_avec_vingt_fois_plus_de_donnees(
    equipe, vingt_fois_plus, django_assert_max_num_queries
):
    pages = {}
    for url, plafond in PLAFONDS.items():
        with django_assert_max_num_queries(plafond):
            reponse = equipe.get(url)
        assert reponse.status_code == 200
        pages[url] = main(reponse)

    # The pages did show all that data, so the ceiling was tested against it.
    liens = [a for a in pages["/plan/"].tous("a") if a.attrs.get("href", "").startswith("/plan/fiches/")]
    assert len(liens) == 11 * FOIS
    etapes = pages["/plan/fiches/1.2/"].un("section", **{"aria-labelledby": "titre-etapes"})
    assert len(etapes.tous("ol")[0].directs("li")) == 3 * FOIS
    objectifs = pages["/plan/fiches/1.2/"].un("section", **{"aria-labelledby": "titre-objectifs"})
    assert len(objectifs.tous("li")) == 3 * FOIS
    etapes_2_1 = pages["/plan/fiches/2.1/"].un("section", **{"aria-labelledby": "titre-etapes"})
    programme = etapes_2_1.tous("ol")[0].directs("li")[4]
    assert len(programme.un("ol").directs("li")) == 3 * FOIS
    assert len(pages["/plan/enjeux/"].un("tbody").tous("tr")) == 11 * FOIS
    liste_des_valeurs = pages["/valeurs/"].un("section", **{"aria-labelledby": "titre-liste-valeurs"})
    assert len(liste_des_valeurs.tous("h3")) == 10 * FOIS
    assert len(pages["/territoire/"].un("table", id_="table-communes").un("tbody").tous("tr")) == 104 * FOIS
    assert f"{10 * FOIS} antennes sur 10, {36 * FOIS} permanences sur 36" in pages["/territoire/"].texte()
