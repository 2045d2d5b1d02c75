"""Names sort the French way on PostgreSQL (ICU collation) and SQLite (registered collation) alike."""

import pytest
from django.db import connection

from antennes.models import Commune, MembreEquipe
from comptes.models import Utilisateur
from mission_locale.tri import TriFrancais, cle_de_tri, comparer, ordre_francais
from partenaires.models import Partenaire


def test_la_cle_de_tri_range_les_accents_et_les_majuscules_a_la_francaise():
    noms = ["Busnes", "Zoé", "Éric", "bethune", "Béthune", "Eric", "Œuvre", "Oeillet", "Beuvry", "éric"]
    assert sorted(noms, key=cle_de_tri) == [
        "bethune",
        "Béthune",
        "Beuvry",
        "Busnes",
        "Eric",
        "éric",
        "Éric",
        "Oeillet",
        "Œuvre",
        "Zoé",
    ]
    assert comparer("Béthune", "Busnes") < 0
    assert comparer("Busnes", "Béthune") > 0
    assert comparer("Béthune", "Béthune") == 0


def test_les_communes_sont_dans_l_ordre_alphabetique_francais(plan_charge):
    noms = list(Commune.objects.values_list("nom", flat=True))
    assert noms.index("Béthune") < noms.index("Beuvry") < noms.index("Busnes")
    assert noms == sorted(noms, key=cle_de_tri)
    # An explicit order_by gives the same order as the default one.
    assert list(Commune.objects.order_by(TriFrancais("nom")).values_list("nom", flat=True)) == noms


@pytest.mark.django_db
def test_les_personnes_sont_rangees_par_nom_puis_prenom_a_la_francaise():
    for username, prenom, nom in [
        ("a", "Zoé", "Élise"),
        ("b", "Marc", "Busnes"),
        ("c", "Éric", "Béthune"),
        ("d", "Anne", "de la Tour"),
        ("e", "Eric", "Béthune"),
        ("f", "Léa", "Dupont"),
    ]:
        Utilisateur.objects.create_user(username, first_name=prenom, last_name=nom)
    assert [u.nom_affiche for u in Utilisateur.objects.par_nom()] == [
        "Eric Béthune",
        "Éric Béthune",
        "Marc Busnes",
        "Anne de la Tour",
        "Léa Dupont",
        "Zoé Élise",
    ]


@pytest.mark.django_db
def test_partenaires_et_equipe_sont_dans_l_ordre_francais():
    for nom in ["Sud Artois", "Éducation nationale", "emploi 62", "Espace jeunes", "Agence"]:
        Partenaire.objects.create(nom=nom, type=Partenaire.Type.ASSOCIATIF)
    assert list(Partenaire.objects.values_list("nom", flat=True)) == [
        "Agence",
        "Éducation nationale",
        "emploi 62",
        "Espace jeunes",
        "Sud Artois",
    ]
    for prenom, nom in [("Zoé", "Évrard"), ("Paul", "Dubois"), ("Éva", "Dubois")]:
        MembreEquipe.objects.create(prenom=prenom, nom=nom, poste=MembreEquipe.Poste.AUTRE)
    assert [str(m) for m in MembreEquipe.objects.all()] == ["Éva Dubois", "Paul Dubois", "Zoé Évrard"]


@pytest.mark.django_db
def test_l_ordre_decroissant_s_ecrit_avec_un_moins():
    for nom in ["Béthune", "Busnes", "Annezin"]:
        Partenaire.objects.create(nom=nom, type=Partenaire.Type.ASSOCIATIF)
    noms = list(Partenaire.objects.order_by(*ordre_francais("-nom")).values_list("nom", flat=True))
    assert noms == ["Busnes", "Béthune", "Annezin"]


@pytest.mark.django_db
def test_la_base_en_service_connait_la_collation_francaise():
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute("SELECT count(*) FROM pg_collation WHERE collname = 'fr-x-icu'")
            assert curseur.fetchone()[0] == 1
        else:
            curseur.execute("SELECT 'Béthune' < 'Busnes' COLLATE francais")
            assert curseur.fetchone()[0] == 1
