"""Each partners' page runs a bounded number of SQL queries, with one and twenty times the data."""

import pytest
from django.utils import timezone

from antennes.models import Commune, ThemeOffre
from partenaires.models import (
    ChampIntervention,
    Convention,
    Diffusion,
    Evenement,
    Partenaire,
    Participation,
    SuiteEvenement,
    Support,
    VersionSupport,
)
from partenaires.normalisation import cle
from plan.models import FicheAction
from tests.conftest import charger_la_couche, couche_parametree

# Session, user, groups, whether the person has actions to pilot (menu) and the session's save are 6
# of them (pages; exports have no menu); the rest is the page's own.
PLAFONDS = {
    "/partenaires/": 17,
    "/partenaires/{partenaire}/": 17,
    "/partenaires/suivi/": 17,
    "/partenaires/evenements/": 13,
    # One of them lists the ambassadors' interventions at the event (ambassadeurs app, by extensions).
    "/partenaires/evenements/{evenement}/": 15,
    "/partenaires/evenements/{evenement}/participants/?q=fictif": 12,
    "/supports/": 13,
    "/supports/{support}/": 13,
    "/partenaires/export.csv": 9,
    "/partenaires/export.xlsx": 9,
}


# Written once per scale for the tests of every page (see `couche_parametree` in tests/conftest.py).
OBJETS = {}


@couche_parametree("partenaires_peuples", [1, 20])
def peupler(fois):
    """25 partners, 5 events of 10 guests, 3 materials with 3 versions and 10 distributions, × fois."""
    jour = timezone.localdate()
    champs = list(ChampIntervention.objects.all())
    communes = list(Commune.objects.all()[:20])
    fiches = list(FicheAction.objects.all())
    themes = list(ThemeOffre.objects.all())
    noms = [f"Partenaire fictif {n}" for n in range(25 * fois)]
    partenaires = Partenaire.objects.bulk_create(
        Partenaire(
            nom=nom,
            cle_nom=cle(nom),
            type="associatif",
            commune=communes[n % len(communes)],
            adresse="1 rue Fictive",
            contact_nom=f"Contact {n}" if n % 2 else "",
            contact_email=f"contact{n}@exemple.invalid" if n % 2 else "",
        )
        for n, nom in enumerate(noms)
    )
    partenaires.append(Partenaire.objects.get(nom="Adice"))
    Partenaire.champs.through.objects.bulk_create(
        [
            Partenaire.champs.through(partenaire_id=p.pk, champintervention_id=champs[n % len(champs)].pk)
            for n, p in enumerate(partenaires)
        ],
        ignore_conflicts=True,
    )
    Partenaire.fiches.through.objects.bulk_create(
        Partenaire.fiches.through(partenaire_id=p.pk, ficheaction_id=fiches[n % len(fiches)].pk)
        for n, p in enumerate(partenaires)
    )
    Convention.objects.bulk_create(
        Convention(partenaire=p, objet="Convention fictive") for p in partenaires[::3]
    )
    evenements = Evenement.objects.bulk_create(
        Evenement(titre=f"Rencontre fictive {n}", type="rencontre", date=jour) for n in range(5 * fois)
    )
    Participation.objects.bulk_create(
        Participation(evenement=e, partenaire=partenaires[(i * 7 + k) % len(partenaires)], present=k % 2 == 0)
        for i, e in enumerate(evenements)
        for k in range(10)
    )
    # Adice and the first event get twenty times their share.
    Participation.objects.bulk_create(
        [Participation(evenement=e, partenaire=partenaires[-1]) for e in evenements],
        ignore_conflicts=True,
    )
    Participation.objects.bulk_create(
        [Participation(evenement=evenements[0], partenaire=p) for p in partenaires[: 10 * fois]],
        ignore_conflicts=True,
    )
    SuiteEvenement.objects.bulk_create(
        SuiteEvenement(evenement=e, action="Suite fictive") for e in evenements * 2
    )
    for e in evenements[:3]:
        e.themes.set(themes[:3])
    supports = Support.objects.bulk_create(
        Support(
            titre=f"Support fictif {n}",
            nature="livret_partenaires",
            date_mise_a_jour=jour,
            revue_prevue_le=jour,
        )
        for n in range(3 * fois)
    )
    for s in supports:
        s.themes.set(themes[:4])
    VersionSupport.objects.bulk_create(
        VersionSupport(support=s, format=f, libelle="Édition", url="https://exemple.invalid/v", date=jour)
        for s in supports
        for f in ("papier", "web", "e_plaquette")
    )
    Diffusion.objects.bulk_create(
        Diffusion(
            support=supports[n % 3],
            partenaire=partenaires[-1 if n % 2 else n % len(partenaires)],
            date=jour,
            quantite=2,
        )
        for n in range(10 * 3 * fois)
    )
    OBJETS[fois] = {
        "partenaire": partenaires[-1].pk,
        "evenement": evenements[0].pk,
        "support": supports[0].pk,
    }


@pytest.fixture
def partenaires_peuples(request, plan_charge):
    charger_la_couche(f"partenaires_peuples[{request.param}]")
    return OBJETS[request.param]


@pytest.mark.parametrize("partenaires_peuples", [1, 20], indirect=True)
@pytest.mark.parametrize("modele", list(PLAFONDS))
def test_chaque_page_des_partenaires_a_un_nombre_de_requetes_borne(
    partenaires_peuples, client_de, compte_direction, django_assert_max_num_queries, modele
):
    objets = partenaires_peuples
    url = modele.format(**objets)
    client = client_de(compte_direction)
    with django_assert_max_num_queries(PLAFONDS[modele]):
        reponse = client.get(url)
        if reponse.streaming:
            b"".join(reponse.streaming_content)
    assert reponse.status_code == 200
