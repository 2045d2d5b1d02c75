"""Each page of the programme runs a bounded number of SQL queries, with one and twenty times the data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassadeurs.models import Ambassadeur, Intervention, Presence
from antennes.models import Antenne, MembreEquipe
from partenaires.models import Partenaire
from tests.conftest import charger_la_couche, couche_parametree
from tests.factories import AntenneFactory, EvenementFactory, SupportFactory, VersionSupportFactory

# Session, user, groups and the session's save are 5 of them; the rest is the page's own.
PLAFONDS = {
    "/ambassadeurs/": 14,
    "/ambassadeurs/?etape=actif&autorisation=manquante": 14,
    "/ambassadeurs/{ambassadeur}/": 10,
    "/ambassadeurs/{ambassadeur}/modifier/": 12,
    "/ambassadeurs/{ambassadeur}/donnees.json": 10,
    "/ambassadeurs/chiffres/": 16,
    "/ambassadeurs/interventions/": 12,
    "/ambassadeurs/interventions/{intervention}/": 10,
    "/ambassadeurs/interventions/{intervention}/modifier/": 15,
    "/ambassadeurs/interventions/{intervention}/retours/": 10,
    "/ambassadeurs/nouveau/": 12,
}


# Written once per scale for the tests of every page (see `couche_parametree` in tests/conftest.py).
OBJETS = {}


@couche_parametree("ambassadeurs_peuples", [1, 20])
def peupler(fois):
    """30 young people at every stage over 3 antennes, 20 interventions of 5 ambassadors, × fois."""
    jour = timezone.localdate()
    antennes = list(Antenne.objects.all()[:3])
    antennes += [AntenneFactory() for _ in range(3 - len(antennes))]
    referents = MembreEquipe.objects.bulk_create(
        MembreEquipe(prenom="Référent", nom=f"Fictif {n}", poste="referent", antenne=antennes[n % 3])
        for n in range(3 * fois)
    )
    kit = VersionSupportFactory(support=SupportFactory(nature="kit_ambassadeur"))
    etapes = ["date_sensibilise", "date_candidat", "date_selectionne", "date_actif", "date_ancien"]
    ambassadeurs = []
    for n in range(30 * fois):
        dates = {
            champ: jour - timedelta(days=500 - 50 * rang) for rang, champ in enumerate(etapes[: 1 + n % 5])
        }
        ambassadeur = Ambassadeur(
            prenom="Jeune",
            nom=f"Fictif {n}",
            antenne=antennes[n % 3],
            referent=referents[n % len(referents)],
            annee_naissance=jour.year - 16 - n % 8,
            version_kit=kit if n % 2 else None,
            consentement_le=jour,
            dernier_contact_le=jour,
            **dates,
        )
        ambassadeur.etape = ambassadeur.etape_calculee()
        ambassadeurs.append(ambassadeur)
    Ambassadeur.objects.bulk_create(ambassadeurs)
    evenement = EvenementFactory()
    interventions = Intervention.objects.bulk_create(
        Intervention(
            type=Intervention.Type.values[n % 5],
            date=jour - timedelta(days=n * 7),
            lieu=f"Lieu fictif {n}",
            antenne=antennes[n % 3],
            public_touche=20 + n,
            evenement=evenement if n % 4 == 0 else None,
        )
        for n in range(20 * fois)
    )
    Presence.objects.bulk_create(
        Presence(intervention=i, ambassadeur=ambassadeurs[(k * 7 + n) % len(ambassadeurs)], retour="Bien")
        for k, i in enumerate(interventions)
        for n in range(5)
    )
    partenaires = list(Partenaire.objects.all()[:5])
    for intervention in interventions[:10]:
        intervention.partenaires.set(partenaires)
    OBJETS[fois] = {"ambassadeur": ambassadeurs[-1].pk, "intervention": interventions[0].pk}


@pytest.fixture
def ambassadeurs_peuples(request, plan_charge):
    charger_la_couche(f"ambassadeurs_peuples[{request.param}]")
    return OBJETS[request.param]


@pytest.mark.parametrize("ambassadeurs_peuples", [1, 20], indirect=True)
@pytest.mark.parametrize("modele", list(PLAFONDS))
def test_chaque_page_des_ambassadeurs_a_un_nombre_de_requetes_borne(
    ambassadeurs_peuples, groupes_de_roles, client_de, compte_equipe, django_assert_max_num_queries, modele
):
    url = modele.format(**ambassadeurs_peuples)
    client = client_de(compte_equipe)
    with django_assert_max_num_queries(PLAFONDS[modele]):
        reponse = client.get(url)
    assert reponse.status_code == 200
