"""Each page of the ethics app runs a bounded number of SQL queries, whatever the amount of data:
the same ceiling holds with one Mission Locale's volumes and with twenty times more."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from antennes.models import Antenne, MembreEquipe, Procedure
from ethique.models import (
    Article,
    Charte,
    EngagementsJeunes,
    PriseDeConnaissance,
    Sensibilisation,
    ValeurFiche,
)
from partenaires.models import Partenaire
from partenaires.normalisation import cle
from plan.models import Axe, FicheAction, Valeur
from tests.factories import CommuneFactory
from tests.plan.html import main

from .donnees import conseil, relier

FOIS = 20
# Session, user, groups, whether the person has actions to pilot (menu) and the session's save are
# part of each; the rest is the page's own data.
PLAFONDS = {
    "/charte/": 16,
    "/charte/versions/1/": 12,
    "/charte/versions/2/": 11,
    "/charte/equipe/": 11,
    "/charte/engagements-des-jeunes/": 13,
    "/charte/sensibilisation/": 17,
    "/valeurs/": 10,
    "/valeurs/3/": 18,
    "/association/": 12,
}


def peupler(fois):
    """One Mission Locale's volumes times `fois`: antennes, 72 staff each, a charter of 10 articles
    read by 80 % of them, 24 sessions with their attendance, partners, commitments, procedures, and
    one value ↔ fiche link per fiche (the plan's fiches copied `fois` times)."""
    hasard = random.Random(fois)
    jour = timezone.localdate()
    valeurs = list(Valeur.objects.order_by("ordre"))
    commune = CommuneFactory()
    antennes = Antenne.objects.bulk_create(
        Antenne(nom=f"Antenne fictive {n}", adresse="…", commune=commune) for n in range(10 * fois)
    )
    membres = MembreEquipe.objects.bulk_create(
        MembreEquipe(
            prenom="Prénom", nom=f"Fictif {n}", poste="conseiller", antenne=antennes[n % len(antennes)]
        )
        for n in range(72 * fois)
    )
    partenaires = Partenaire.objects.bulk_create(
        Partenaire(nom=f"Partenaire fictif {n}", cle_nom=cle(f"Partenaire fictif {n}"), type="associatif")
        for n in range(50 * fois)
    )
    v1 = Charte.objects.create(numero=1)
    articles = Article.objects.bulk_create(
        Article(charte=v1, numero=n, titre=f"Article {n}", texte="…") for n in range(1, 10 * fois + 1)
    )
    Article.valeurs.through.objects.bulk_create(
        Article.valeurs.through(article_id=a.pk, valeur_id=v.pk) for a in articles for v in valeurs[:3]
    )
    v1.valeurs.set(valeurs)
    v1.adopter(conseil(jour - timedelta(days=200)))
    Charte.nouvelle_version()
    PriseDeConnaissance.objects.bulk_create(
        PriseDeConnaissance(charte=v1, membre=m, date=jour) for m in membres if hasard.random() < 0.8
    )
    EngagementsJeunes.objects.bulk_create(
        EngagementsJeunes(charte=v1, antenne=a, mois=(jour - timedelta(days=31 * k)).replace(day=1), nombre=3)
        for a in antennes
        for k in range(6)
    )
    sessions = Sensibilisation.objects.bulk_create(
        Sensibilisation(
            titre=f"Session {n}",
            thematique="diversite",
            public="equipe_partenaires",
            date=jour - timedelta(days=n % 700 - 20),
            antenne=antennes[n % len(antennes)],
        )
        for n in range(24 * fois)
    )
    lien = Sensibilisation.participants.through
    lien.objects.bulk_create(
        lien(sensibilisation_id=s.pk, membreequipe_id=m.pk)
        for s in sessions
        for m in hasard.sample(membres, 12)
    )
    lien = Sensibilisation.partenaires.through
    lien.objects.bulk_create(
        lien(sensibilisation_id=s.pk, partenaire_id=p.pk)
        for s in sessions
        for p in hasard.sample(partenaires, 4)
    )
    lien = Sensibilisation.valeurs.through
    lien.objects.bulk_create(lien(sensibilisation_id=s.pk, valeur_id=valeurs[2].pk) for s in sessions)
    procedures = Procedure.objects.bulk_create(Procedure(titre=f"Procédure {n}") for n in range(10 * fois))
    Procedure.valeurs.through.objects.bulk_create(
        Procedure.valeurs.through(procedure_id=p.pk, valeur_id=valeurs[2].pk) for p in procedures
    )
    axe = Axe.objects.get(numero=4)
    fiches = FicheAction.objects.bulk_create(
        FicheAction(axe=axe, numero=100 + n, code=f"4.{100 + n}", titre=f"Fiche fictive {n}")
        for n in range(11 * (fois - 1))
    )
    ValeurFiche.objects.bulk_create(ValeurFiche(valeur=valeurs[2], fiche=f, citation="…") for f in fiches)


@pytest.mark.parametrize("fois", [1, FOIS])
def test_chaque_page_reste_sous_son_plafond_de_requetes_a_1x_et_20x(
    comptes_par_role, client_de, django_assert_max_num_queries, fois
):
    peupler(fois)
    relier(comptes_par_role["equipe"], Antenne.objects.first())
    lecteurs = {
        "equipe": client_de(comptes_par_role["equipe"]),
        "direction": client_de(comptes_par_role["direction"]),
    }
    session = Sensibilisation.objects.order_by("-date").first()
    pages = dict(PLAFONDS) | {f"/charte/sensibilisation/{session.pk}/": 11}
    vues = {}
    for url, plafond in pages.items():
        for role, client in lecteurs.items():
            if url == "/charte/equipe/" and role != "direction":
                continue
            with django_assert_max_num_queries(plafond):
                reponse = client.get(url)
            assert reponse.status_code == 200, url
            vues[url, role] = main(reponse)

    # The pages did show all that data, so the ceilings were tested against it.
    assert len(vues["/charte/", "equipe"].un("ol", classe="articles-charte").directs("li")) == 10 * fois
    # One table per antenne: the invented ones and the siège, where "equipe" works.
    assert len(vues["/charte/equipe/", "direction"].tous("tbody")) == 10 * fois + 1
    assert len(vues["/charte/equipe/", "direction"].tous("input", type="checkbox", name="membres")) == (
        MembreEquipe.objects.count() - PriseDeConnaissance.objects.filter(charte__numero=1).count()
    )
    assert len(vues["/charte/engagements-des-jeunes/", "equipe"].un("tbody").tous("tr")) == 10 * fois + 1
    valeur = vues["/valeurs/3/", "direction"]
    assert len(valeur.un("section", **{"aria-labelledby": "titre-procedures"}).tous("li")) == 10 * fois
    assert len(valeur.un("section", **{"aria-labelledby": "titre-fiches"}).tous("li")) == 2 + 11 * (fois - 1)
