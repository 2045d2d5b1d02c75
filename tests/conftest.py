import io
import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from comptes import roles
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def reglages_de_test():
    # Tests serve static files from the source folders (no collectstatic) and speak plain HTTP.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture
def plan_charge(db):
    """The real plan and reference data, loaded as in production."""
    call_command("charger_plan", stdout=io.StringIO())


def _compte(username, groupe, **kwargs):
    user = UserFactory(username=username, **kwargs)
    if groupe:
        user.groups.add(Group.objects.get(name=groupe))
    return user


@pytest.fixture
def compte_admin(db):
    return _compte("admin", roles.ADMINISTRATION, is_staff=True, is_superuser=True)


@pytest.fixture
def compte_direction(db):
    return _compte("direction", roles.DIRECTION)


@pytest.fixture
def compte_pilote(db):
    return _compte("pilote", roles.EQUIPE)


@pytest.fixture
def compte_equipe(db):
    return _compte("equipe", roles.EQUIPE)


@pytest.fixture
def compte_ca(db):
    return _compte("ca", roles.CONSEIL)


@pytest.fixture
def client_de():
    """client_de(user) → a test client logged in as that user."""

    def fabrique(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return fabrique


# Quality fixtures (browser, security and operations tests) -----------------------------------------


@pytest.fixture
def groupes_de_roles(db):
    """The role groups with their permissions: a transactional test's flush removes the ones the
    data migration created, so tests that run against `live_server` recreate them."""
    from comptes.permissions import synchroniser_permissions

    for nom in roles.GROUPES:
        Group.objects.get_or_create(name=nom)
    synchroniser_permissions()


@pytest.fixture
def comptes_par_role(
    groupes_de_roles, plan_charge, compte_admin, compte_direction, compte_pilote, compte_equipe, compte_ca
):
    """One account per role, anonymous included; `pilote` is an Équipe member who pilots fiche 1.1."""
    from plan.models import FicheAction

    FicheAction.objects.filter(code="1.1").update(pilote=compte_pilote)
    return {
        "anonyme": None,
        "equipe": compte_equipe,
        "pilote": compte_pilote,
        "direction": compte_direction,
        "ca": compte_ca,
        "admin": compte_admin,
    }


@pytest.fixture
def activite(comptes_par_role):
    """Some follow-up on fiche 1.1, through the same services as the pages: dates, a comment with
    a piece of evidence for the board, an indicator with a measure, a CA meeting held (report frozen)
    and the next one to come. Returns the objects the tests point at."""
    from datetime import date, timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from conseil.models import Instance
    from plan.models import FicheAction
    from suivi import services
    from suivi.models import Indicateur, Mesure

    pilote, direction = comptes_par_role["pilote"], comptes_par_role["direction"]
    FicheAction.objects.filter(code="1.1").update(
        date_debut=date(2024, 3, 1), date_echeance=date(2027, 6, 30)
    )
    fiche = FicheAction.objects.get(code="1.1")
    instance_tenue = Instance.objects.create(
        type=Instance.Type.CA, date=timezone.now() - timedelta(days=60), lieu="Siège, Béthune"
    )
    instance_tenue.figer(par=direction)
    entree = services.commenter(
        fiche,
        pilote,
        commentaire="Rencontre avec les partenaires du repérage.",
        piece_jointe=SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"),
        a_presenter_au_conseil=True,
        compte_comme_revue=True,
    )
    indicateur = Indicateur(libelle="Jeunes repérés", unite="jeunes", valeur_initiale=0, cible=120)
    services.ajouter_indicateur(fiche, pilote, indicateur)
    services.ajouter_mesure(indicateur, pilote, Mesure(date=timezone.localdate().replace(day=1), valeur=45))
    prochaine = Instance.objects.create(
        type=Instance.Type.CA,
        date=timezone.now() + timedelta(days=21),
        lieu="Siège, Béthune",
        ordre_du_jour="Avancement du plan\nDécisions attendues",
    )
    return {
        "fiche": fiche,
        "etape": fiche.etapes.filter(parent__isnull=True).order_by("ordre").first(),
        "entree": entree,
        "indicateur": indicateur,
        "instance_tenue": instance_tenue,
        "prochaine_instance": prochaine,
    }


@pytest.fixture(autouse=True)
def cache_vide():
    """Each test starts with an empty cache: cached reports and series never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
