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
