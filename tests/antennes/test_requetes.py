"""Each territory page runs a bounded number of SQL queries, with one and twenty times the data."""

from datetime import date, timedelta

import pytest

from antennes.models import (
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    Commune,
    CritereAccueil,
    DeploiementProcedure,
    EnqueteSatisfaction,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    NoteCritere,
    OffreAntenne,
    Permanence,
    Procedure,
    ThemeOffre,
    VersionProcedure,
)
from partenaires.models import Partenaire

# Session, user, groups and the session's save are 5 of them; the rest is the page's own.
PLAFONDS = {
    "/territoire/": 13,
    "/territoire/?mesure=jeunes&rayon=5&tri=jeunes&simulation={commune}&couches=partenaires": 15,
    "/territoire/communes/": 13,
    "/antennes/": 10,
    "/antennes/{antenne}/": 14,
    "/antennes/{antenne}/modifier/": 10,
    "/antennes/{antenne}/offre/": 13,
    "/antennes/permanences/": 11,  # the page count of the list
    "/antennes/permanences/nouvelle/": 13,
    "/antennes/equipes/": 12,  # the page count of the register
    "/antennes/offre-de-service/": 12,
    "/antennes/accueil/": 13,
    "/antennes/{antenne}/accueil/": 13,
    "/antennes/{antenne}/accueil/evaluer/": 12,
    "/antennes/accueil/evaluations/{evaluation}/": 13,
    "/antennes/procedures/": 14,
    "/antennes/procedures/{procedure}/": 12,
    "/antennes/procedures/{procedure}/deployer/": 12,
    "/antennes/continuite/": 12,
    "/antennes/continuite/absences/nouvelle/": 12,
}


def peupler(fois):
    """10 antennes with 5 people and a full offer row each, 36 permanences, a yearly count of young
    people per commune, × fois."""
    communes = list(Commune.objects.filter(latitude__isnull=False))
    themes = list(ThemeOffre.objects.all())
    adice = Partenaire.objects.get(nom="Adice")
    debut = Antenne.objects.count()
    antennes = Antenne.objects.bulk_create(
        Antenne(
            nom=f"Antenne fictive {n}",
            adresse="1 rue Fictive",
            commune=communes[n % len(communes)],
            horaires="Mo-Fr 09:00-12:00,13:30-17:00",
        )
        for n in range(debut, debut + 10 * fois)
    )
    membres = MembreEquipe.objects.bulk_create(
        MembreEquipe(
            prenom=f"Personne {n}",
            nom=f"Fictive {n}",
            poste="conseiller",
            antenne=antennes[n % len(antennes)],
        )
        for n in range(50 * fois)
    )
    for antenne, membre in zip(antennes, membres, strict=False):
        antenne.responsable = membre
    Antenne.objects.bulk_update(antennes, ["responsable"])
    Permanence.objects.bulk_create(
        Permanence(
            lieu=f"Permanence fictive {n}",
            commune=communes[(n * 7) % len(communes)],
            antenne=antennes[n % len(antennes)],
            jours_horaires="Tu[2] 14:00-17:00",
            theme=themes[n % len(themes)],
            partenaire_hote=adice,
        )
        for n in range(36 * fois)
    )
    OffreAntenne.objects.bulk_create(
        OffreAntenne(antenne=a, theme=t, modalite="antenne", referent=membres[i % len(membres)])
        for i, a in enumerate(antennes)
        for t in themes
    )
    criteres = list(CritereAccueil.objects.all())
    evaluations = EvaluationAccueil.objects.bulk_create(
        EvaluationAccueil(antenne=a, date=date(2025 + k, 3, 1), auteur="Essai")
        for a in antennes
        for k in range(2)
    )
    NoteCritere.objects.bulk_create(
        NoteCritere(evaluation=e, critere=c, note=(e.pk + c.pk) % 5) for e in evaluations for c in criteres
    )
    ActionAmelioration.objects.bulk_create(
        ActionAmelioration(antenne=e.antenne, evaluation=e, libelle="Action fictive", cout_estime=100)
        for e in evaluations
    )
    for n in range(10 * fois):
        procedure = Procedure.objects.create(titre=f"Procédure fictive {n}")
        versions = VersionProcedure.objects.bulk_create(
            VersionProcedure(procedure=procedure, numero=k, date=date(2025, k, 1)) for k in (1, 2)
        )
        DeploiementProcedure.objects.bulk_create(
            DeploiementProcedure(
                version=versions[i % 2], antenne=a, date=date(2025, 6, 1), personnes_formees=3
            )
            for i, a in enumerate(antennes)
        )
    AbsenceConseiller.objects.bulk_create(
        AbsenceConseiller(
            antenne=a,
            debut=date.today() - timedelta(days=30 * k),
            fin=date.today(),
            rdv_prevus=6,
            rdv_couverts=k,
        )
        for a in antennes
        for k in range(4)
    )
    EnqueteSatisfaction.objects.bulk_create(
        EnqueteSatisfaction(
            antenne=a, debut=date(2025, 1, 1), fin=date(2025, 6, 30), reponses=40, satisfaits=30
        )
        for a in antennes
    )
    JeunesSuivis.objects.bulk_create(
        JeunesSuivis(commune=c, annee=annee, nombre=c.pk % 90) for c in communes for annee in (2024, 2025)
    ) if not JeunesSuivis.objects.exists() else None
    return antennes[0]


@pytest.mark.parametrize("fois", [1, 20])
def test_chaque_page_du_territoire_a_un_nombre_de_requetes_borne(
    plan_charge, client_de, compte_direction, django_assert_max_num_queries, fois
):
    antenne = peupler(fois)
    evaluation = antenne.evaluations_accueil.first()
    commune = Commune.objects.get(nom="Isbergues")
    client = client_de(compte_direction)
    for modele, plafond in PLAFONDS.items():
        url = modele.format(
            antenne=antenne.pk,
            commune=commune.pk,
            evaluation=evaluation.pk,
            procedure=Procedure.objects.first().pk,
        )
        with django_assert_max_num_queries(plafond):
            assert client.get(url).status_code == 200, url
