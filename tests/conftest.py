import functools
import gc
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.commands import flush
from django.db import connection, transaction
from django.template.base import PartialTemplate, Template
from django.test import Client
from django.test.utils import instrumented_test_render, override_settings

from comptes import roles
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Read before pytest-django's test environment replaces them (see `gabarits_sans_signal`).
RENDUS_D_ORIGINE = (Template._render, PartialTemplate._render)


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


@pytest.fixture(autouse=True, scope="session")
def gabarits_sans_signal(django_test_environment):
    """Django's test environment makes every template, include and inclusion tag send a signal as it
    renders, to which the test client answers by copying the whole context: a tenth of a page's time
    in the test client. Only the tests that read `reponse.context` or `reponse.templates` need that:
    they ask for `contexte_des_reponses`; without it both are empty and such a test fails."""
    Template._render, PartialTemplate._render = RENDUS_D_ORIGINE
    yield
    Template._render = PartialTemplate._render = instrumented_test_render


@pytest.fixture
def contexte_des_reponses():
    """The test client's responses carry the templates rendered and their context."""
    Template._render = PartialTemplate._render = instrumented_test_render
    yield
    Template._render, PartialTemplate._render = RENDUS_D_ORIGINE


# Reference data ------------------------------------------------------------------------------------
#
# `charger_plan` costs about half a second; run before each of the ~300 tests that want the real plan,
# it was half of the suite's time. It cannot simply be committed once for the whole session: the
# other database tests build their own plan with the factories (PlanFactory is the 2024-2029 plan,
# axe 1, fiche 1.1...) or check what a first `charger_plan` creates, and need the empty database they
# have always had.
#
# So each worker keeps the reference data in one transaction left open around the tests that ask for
# `plan_charge`: each test runs in its own savepoint inside it (pytest-django's TestCase atomics nest),
# so whatever a test changes, reloads or deletes is rolled back and the next one sees the loaded plan
# again. The open transaction is rolled back, leaving the freshly migrated database, before any
# other database test; the collection hook below puts the plan tests next to each other so that this
# happens about once per worker. Other costly data can stack on top the same way, in a savepoint of
# its own (`couche_partagee`, `couche_parametree`): the follow-up activity of the role tests
# (`activite`), a year of follow-up at 1× and 20× (`suivi_d_un_an`), the benchmark's demonstration,
# the permission matrix...
#
# Transactional tests (`live_server`, `transactional_db`) need committed data that another connection
# can read: for them `plan_charge` commits the reference data, and Django empties every table after
# each of them. That flush also takes the role groups that a data migration created, so they are
# recreated before the next test: every test starts from the migrated database, whatever ran before
# it on its worker. Those that want the activity (the browser tests) get the groups, the plan, the
# accounts and the activity copied back from the rows of their first build (`installer_le_site`).
#
# Either way, only the first load of a worker runs `charger_plan`; the next ones copy back the rows
# it wrote, which is what a reload on the migrated database would write again.


class _Base:
    """Per-process state of the test database (each xdist worker is its own process)."""

    couches = []  # [(fixture name, open atomic block)]: the shared data in place, bottom first
    videe = False  # a transactional test has flushed the database since the groups were restored
    copie = None  # {table: (columns, rows)} as the first `charger_plan` of this process wrote them
    site = None  # ({table: (columns, rows)}, {key: (model, pk)}): `installer_le_site`'s first build
    site_installe = False  # the running transactional test got the site data from `installer_le_site`
    activite_en_couche = None  # {key: (model, pk)}: the objects of the `activite` layer in place
    tables = None  # the database's tables, as the flush lists them (migrations ran once, before)

    @classmethod
    def ouverte(cls, nom):
        return any(ouverte == nom for ouverte, _ in cls.couches)

    @classmethod
    def preparer(cls, voulues):
        """Roll back the layers in place that the next test does not want, then load the missing
        ones, each in a savepoint of its own."""
        gardees = 0
        while gardees < min(len(cls.couches), len(voulues)) and cls.couches[gardees][0] == voulues[gardees]:
            gardees += 1
        while len(cls.couches) > gardees:
            _, bloc = cls.couches.pop()
            transaction.set_rollback(True)
            bloc.__exit__(None, None, None)
        for nom in voulues[gardees:]:
            bloc = transaction.atomic()
            bloc.__enter__()
            cls.couches.append((nom, bloc))
            COUCHES[nom]()
            # At the end of each test, Django checks the deferred foreign keys (SET CONSTRAINTS ALL
            # IMMEDIATE); those of the layer's rows, written in the open transaction, were checked
            # again after every test, since rolling back a test's savepoint puts them back in the
            # queue: checked once here, the layer's rows cost nothing more (5 s of PostgreSQL).
            connection.check_constraints()

    @classmethod
    def charger_le_plan(cls):
        """Load the reference data: through `charger_plan` the first time, then by copying the rows
        it wrote back into the tables (twenty milliseconds instead of half a second)."""
        modeles = _modeles_de_reference()
        if any(modele._default_manager.exists() for modele in modeles):
            # Not the migrated database (a fixture wrote first): merge, as `charger_plan` does.
            call_command("charger_plan", stdout=io.StringIO())
        elif cls.copie is None:
            call_command("charger_plan", stdout=io.StringIO())
            cls.copie = _lire_les_tables(modele._meta.db_table for modele in modeles)
        else:
            _ecrire_les_tables(cls.copie, modeles)

    @classmethod
    def installer_le_site(cls):
        """For a transactional test that wants the follow-up activity (`activite`, the browser
        tests' `site`): the role groups, the plan, one account per role and the activity, committed.
        Built through the services the first time (a second or so: freezing a report measures every
        computed indicator), then copied back from the rows that first build wrote."""
        if cls.site is None:
            cls.restaurer_les_groupes()
            cls.charger_le_plan()
            activite = creer_l_activite(creer_les_comptes_par_role())
            cls.site = (
                _lire_les_tables(_tables_videes()),
                {cle: (type(objet), objet.pk) for cle, objet in activite.items()},
            )
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                # Empty as after a flush whatever ran before (the migrated database holds the groups).
                for sql in connection.ops.sql_flush(no_style(), _tables_videes()):
                    cursor.execute(sql)
            _ecrire_les_tables(cls.site[0], django_apps.get_models(include_auto_created=True))
        cls.videe = False
        cls.site_installe = True

    @classmethod
    def restaurer_les_groupes(cls):
        if cls.videe:
            _creer_les_groupes_de_roles()
            cls.videe = False


# Fixtures whose data consecutive tests share, in the order the layers stack, and their loaders.
COUCHES = {"plan_charge": _Base.charger_le_plan}


def couche_partagee(nom):
    """Decorator: `charger` writes the data of the fixture `nom`, which then loads like the reference
    data: once for the consecutive tests that request it, each of them in its own savepoint. The
    fixture itself calls `charger_la_couche(nom)`, which loads only when the layer is not in place
    (a transactional test, or a request through request.getfixturevalue)."""

    def enregistrer(charger):
        COUCHES[nom] = charger
        return charger

    return enregistrer


def couche_parametree(fixture, parametres):
    """Decorator: `charger(parametre)` writes the data of the fixture `fixture`, indirectly
    parametrized with `parametres`: one layer per parameter, `fixture[parametre]`, shared like the
    others by the consecutive tests on that parameter."""

    def enregistrer(charger):
        for parametre in parametres:
            COUCHES[f"{fixture}[{parametre}]"] = functools.partial(charger, parametre)
        return charger

    return enregistrer


def charger_la_couche(nom):
    if not _Base.ouverte(nom):
        COUCHES[nom]()


def _modeles_de_reference():
    """What `charger_plan` writes: the models of these apps, with their history and M2M tables (the
    ethics app's are the values' presentation and the fiches that name a value)."""
    return [
        modele
        for app in ("plan", "antennes", "partenaires", "ethique")
        for modele in django_apps.get_app_config(app).get_models(include_auto_created=True)
    ]


def _tables_videes():
    """The tables the flush after a transactional test empties: all but TABLES_GARDEES."""
    if _Base.tables is None:
        _Base.tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return [table for table in _Base.tables if table not in TABLES_GARDEES]


def _executer(cursor, instructions):
    """Run SQL statements without parameters: in one round trip on PostgreSQL, which accepts several
    statements in one query (a hundred round trips otherwise, a tenth of a second)."""
    if connection.vendor == "postgresql":
        cursor.execute("\n".join(instructions))
    else:
        for instruction in instructions:
            cursor.execute(instruction)


def _lire_les_tables(tables):
    """{table: (columns, rows)} of the non-empty tables among `tables`."""
    copie = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            lignes = cursor.fetchall()
            if lignes:
                copie[table] = ([colonne[0] for colonne in cursor.description], lignes)
    return copie


def _ecrire_les_tables(copie, modeles):
    """Write back the rows `_lire_les_tables` read, then put the sequences of `modeles` past them
    (the identifiers were copied, not drawn). On PostgreSQL through COPY: half the time of one
    INSERT per row for the few thousand rows of the reference data."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (colonnes, lignes) in copie.items():
            table = connection.ops.quote_name(table)
            noms = ", ".join(connection.ops.quote_name(colonne) for colonne in colonnes)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({noms}) FROM STDIN") as flux:
                    for ligne in lignes:
                        flux.write_row(ligne)
            else:
                valeurs = ", ".join(["%s"] * len(colonnes))
                cursor.executemany(f"INSERT INTO {table} ({noms}) VALUES ({valeurs})", lignes)
        _executer(cursor, connection.ops.sequence_reset_sql(no_style(), modeles))


def _creer_les_groupes_de_roles():
    from comptes.permissions import synchroniser_permissions

    for nom in roles.GROUPES:
        Group.objects.get_or_create(name=nom)
    synchroniser_permissions()


def _est_transactionnel(item):
    """As pytest-django decides between TransactionTestCase and TestCase."""
    marker = item.get_closest_marker("django_db")
    if marker:
        arguments = dict(zip(["transaction", "reset_sequences"], marker.args, strict=False)) | marker.kwargs
        if arguments.get("transaction") or arguments.get("reset_sequences"):
            return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


def _couches_voulues(item):
    """The shared layers a test runs on: none for a transactional test, which commits its own."""
    if _est_transactionnel(item):
        return []
    parametres = item.callspec.params if hasattr(item, "callspec") else {}
    voulues = []
    for nom in COUCHES:
        # "fixture[parameter]": the layer of an indirectly parametrized fixture, for that parameter.
        fixture, _, parametre = nom.partition("[")
        if fixture in item.fixturenames and (not parametre or parametre == f"{parametres.get(fixture)}]"):
            voulues.append(nom)
    return voulues


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After pytest-django's ordering (database tests, then transactional ones, then the rest), move
    the tests that share layers to the front, grouped by layers; the sort is stable, so every worker
    computes the same order, as pytest-xdist requires. Under pytest-xdist, the workers tell the
    scheduler below which tests run on a layer of COUCHES_D_UN_SEUL_PROCESSUS."""
    items.sort(key=lambda item: (not _couches_voulues(item), _couches_voulues(item)))
    fichier = getattr(config, "workerinput", {}).get(FICHIER_DES_COUCHES)
    if fichier:
        couches = {
            item.nodeid: couche
            for item in items
            for couche in _couches_voulues(item)
            if couche in COUCHES_D_UN_SEUL_PROCESSUS
        }
        # Every worker collects the same tests and writes the same file, each through a copy of its own.
        copie = f"{fichier}.{config.workerinput['workerid']}"
        Path(copie).write_text(json.dumps(couches))
        os.replace(copie, fichier)


def pytest_collection_finish(session):
    """Python's cycle collector walked, every few thousand allocations, through everything imported
    and collected, which lives as long as the process: 5 % of a test process's time. What exists now
    is set aside for good (`gc.freeze`), and the collector runs ten times less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A transactional test wants no shared layer: roll them back before any of its fixtures starts.
    `_base_prete` would, but only after the session fixtures, among which Playwright's, started by
    the first browser test: it runs an event loop in this thread, and from then on Django hands out
    another connection (asgiref's context-local storage), on which the layers opened on the first
    one cannot be rolled back; that connection would stay in its transaction and the test database
    could not be dropped at the end of the session."""
    if _Base.couches and _est_transactionnel(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _Base.preparer([])


# Modules whose tests share data written once per worker (a layer of their own, the benchmark's
# demonstration, the pages the CSP tests read): each goes whole to one worker, instead of being split
# over two that would each write the data. Every other test is scheduled on its own, as `--dist load`
# does.
MODULES_D_UN_SEUL_PROCESSUS = {
    "tests/exploitation/test_seed_demo.py",
    "tests/securite/test_matrice_permissions.py",
    "tests/partenaires/test_requetes.py",
    "tests/ambassadeurs/test_requetes.py",
    "tests/suivi/test_demo.py",
    "tests/securite/test_csp.py",
}


# Layers that tests of several modules share and that take seconds to write: all their tests go to
# one worker, which writes the layer once. Only the workers know which tests these are (the fixtures
# a test asks for are known once collected, and the scheduler sees test ids only): they write it to
# a file, read when the work is shared out, after every worker has collected.
COUCHES_D_UN_SEUL_PROCESSUS = {"suivi_d_un_an[20]"}
FICHIER_DES_COUCHES = "fichier_des_couches"


_FICHIER_DES_COUCHES = pytest.StashKey[Path]()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    if _FICHIER_DES_COUCHES not in node.config.stash:
        node.config.stash[_FICHIER_DES_COUCHES] = Path(tempfile.mkdtemp(prefix="couches-")) / "couches.json"
    node.workerinput[FICHIER_DES_COUCHES] = str(node.config.stash[_FICHIER_DES_COUCHES])


def pytest_unconfigure(config):
    if _FICHIER_DES_COUCHES in config.stash:
        shutil.rmtree(config.stash[_FICHIER_DES_COUCHES].parent, ignore_errors=True)


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ParModuleQuandIlPartageSesDonnees(LoadScopeScheduling):
        couches = None

        def _split_scope(self, nodeid):
            module = nodeid.split("::", 1)[0]
            if module in MODULES_D_UN_SEUL_PROCESSUS:
                return module
            if self.couches is None:
                fichier = config.stash[_FICHIER_DES_COUCHES]
                self.couches = json.loads(fichier.read_text()) if fichier.exists() else {}
            return self.couches.get(nodeid, nodeid)

    return ParModuleQuandIlPartageSesDonnees(config, log)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test database is thrown away: PostgreSQL may acknowledge its commits without waiting for
    the disk (`synchronous_commit`). Measured here: 0.8 → 0.3 ms a commit, over the twelve hundred
    of the transactional and browser tests; more where the disk is slower to flush."""
    from django.conf import settings

    base = settings.DATABASES["default"]
    if base["ENGINE"] == "django.db.backends.postgresql":
        options = base.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    _vider_sans_les_tables_de_reference(connection.ops)
    yield
    # Dropping the test database needs this connection out of its transaction.
    with django_db_blocker.unblock():
        _Base.preparer([])


# What `migrate` creates and no test changes: kept by the flush that follows each transactional test,
# which then need not run `post_migrate` to create them again (half a second each time).
TABLES_GARDEES = {"django_content_type", "auth_permission"}


def _vider_sans_les_tables_de_reference(ops):
    """After each transactional test Django empties every table, then sends `post_migrate`, which
    recreates the content types and permissions that the flush took, and the role groups'
    permissions (comptes.apps). Here the flush keeps the first two (TABLES_GARDEES), and the groups
    are recreated with their permissions before the next test (`_Base.restaurer_les_groupes`).

    On PostgreSQL, Django empties the tables with one TRUNCATE, which PostgreSQL pays by creating new
    files for each table and index: one to two seconds each time. A DELETE of these few rows empties
    them as well in a few milliseconds (the foreign keys Django creates are deferred to the commit,
    so the order does not matter). The journal and the frozen reports refuse DELETE by a trigger
    (they are append-only): the DELETE runs with triggers off for its transaction, which only a
    superuser may do, as the tests' account is here and in CI; any other account keeps TRUNCATE.

    Patched on the class, not on this connection: a browser test flushes through the connection of
    another thread (Playwright runs the test in a greenlet of its own)."""
    classe = type(ops)
    sql_flush = classe.sql_flush
    superutilisateur = []

    def sans_les_tables_gardees(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = [table for table in tables if table not in TABLES_GARDEES]
        if self.connection.vendor == "postgresql" and not superutilisateur:
            with self.connection.cursor() as curseur:
                curseur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                superutilisateur.append(curseur.fetchone()[0])
        if (
            self.connection.vendor != "postgresql"
            or reset_sequences
            or allow_cascade
            or not superutilisateur[0]
        ):
            return sql_flush(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # One query for all: PostgreSQL accepts several statements without parameters.
        return [
            "SET LOCAL session_replication_role = replica; "
            + " ".join(
                f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables
            )
        ]

    def sur_les_tables_connues(style, connexion, reset_sequences=True, allow_cascade=False):
        # Django lists the tables by introspection before each flush (a fifth of a second on
        # PostgreSQL); no test creates or drops a table, so the list is read once.
        return connexion.ops.sql_flush(
            style, _tables_videes(), reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    classe.sql_flush = sans_les_tables_gardees
    flush.sql_flush = sur_les_tables_connues
    flush.emit_post_migrate_signal = lambda *args, **kwargs: None


@pytest.fixture
def _base_prete(request, django_db_setup, django_db_blocker):
    """Puts the database in the state the test expects before pytest-django opens its transaction
    (or, for a transactional test, lets it run in autocommit)."""
    voulues = _couches_voulues(request.node)
    transactionnel = _est_transactionnel(request.node)
    with django_db_blocker.unblock():
        if transactionnel and "activite" in request.node.fixturenames:
            _Base.preparer([])
            _Base.installer_le_site()
        else:
            # Only after a transactional test, which left no layer in place: committed, as migrated.
            _Base.restaurer_les_groupes()
            _Base.preparer(voulues)
    yield
    if transactionnel:
        _Base.videe = True
        _Base.site_installe = False


@pytest.fixture
def _django_db_helper(_base_prete, _django_db_helper):
    # pytest-django's per-test fixture behind `db`, `transactional_db`, `live_server` and the
    # `django_db` marker: overridden only to run `_base_prete` first, whichever door the test used.
    yield


@pytest.fixture
def plan_charge(db):
    """The real plan and reference data, loaded as in production (see « Reference data » above)."""
    if not _Base.site_installe:
        charger_la_couche("plan_charge")


def _demo_du_banc_1():
    with override_settings(DEBUG=True):
        call_command("seed_demo", scale=1, stdout=io.StringIO())


COUCHES["demo_du_banc_1"] = _demo_du_banc_1


@pytest.fixture
def demo_du_banc_1(db, settings):
    """`seed_demo --scale 1` (the benchmark's fictitious data, five seconds to write), shared by
    the consecutive tests that read it, as the reference data are."""
    settings.DEBUG = True
    charger_la_couche("demo_du_banc_1")


@couche_parametree("suivi_d_un_an", [1, 20])
def _suivi_d_un_an(fois):
    from tests.conseil.donnees import plan_suivi

    plan_suivi(nb_fiches=11 * fois, annees=1)


@pytest.fixture
def suivi_d_un_an(request, db):
    """A plan of 11 × `fois` fiches with a year of weekly journal entries (tests/conseil/donnees.py),
    for the pages whose query count must not grow with the data: parametrize it indirectly with
    `fois` (1 or 20). Shared by the tests that read it; the 20× one takes five seconds to write."""
    fois = request.param
    charger_la_couche(f"suivi_d_un_an[{fois}]")
    return fois


# Fixed names: Faker's would now and then collide with a name a test searches for ("Camille").
PRENOMS = {
    "admin": "Adrien",
    "direction": "Dominique",
    "pilote": "Pauline",
    "equipe": "Émile",
    "ca": "Claire",
}


def _compte(username, groupe, **kwargs):
    user = UserFactory(username=username, first_name=PRENOMS[username], last_name="Essai", **kwargs)
    if groupe:
        user.groups.add(Group.objects.get(name=groupe))
    return user


def _compte_du_test(username, groupe, **kwargs):
    """The account of a `compte_*` fixture: already written when the test runs on the shared
    activity (the `activite` layer, or a transactional test's `installer_le_site`)."""
    if _Base.site_installe or _Base.ouverte("activite"):
        return UserFactory._meta.model.objects.get(username=username)
    return _compte(username, groupe, **kwargs)


@pytest.fixture
def compte_admin(db):
    return _compte_du_test("admin", roles.ADMINISTRATION, is_staff=True, is_superuser=True)


@pytest.fixture
def compte_direction(db):
    return _compte_du_test("direction", roles.DIRECTION)


@pytest.fixture
def compte_pilote(db):
    return _compte_du_test("pilote", roles.EQUIPE)


@pytest.fixture
def compte_equipe(db):
    return _compte_du_test("equipe", roles.EQUIPE)


@pytest.fixture
def compte_ca(db):
    return _compte_du_test("ca", roles.CONSEIL)


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
    """The role groups with their permissions, which the test relies on: the migrated database has
    them, as the data migration and `post_migrate` leave them, and `_base_prete` writes them again
    after a transactional test's flush."""


@pytest.fixture
def comptes_par_role(
    groupes_de_roles, plan_charge, compte_admin, compte_direction, compte_pilote, compte_equipe, compte_ca
):
    """One account per role, anonymous included; `pilote` is an Équipe member who pilots fiche 1.1."""
    return _comptes_par_role(compte_admin, compte_direction, compte_pilote, compte_equipe, compte_ca)


def _comptes_par_role(admin, direction, pilote, equipe, ca):
    from plan.models import FicheAction

    FicheAction.objects.filter(code="1.1").update(pilote=pilote)
    return {
        "anonyme": None,
        "equipe": equipe,
        "pilote": pilote,
        "direction": direction,
        "ca": ca,
        "admin": admin,
    }


def creer_les_comptes_par_role():
    """`comptes_par_role` outside a fixture, for a shared layer (`couche_partagee`)."""
    return _comptes_par_role(
        _compte("admin", roles.ADMINISTRATION, is_staff=True, is_superuser=True),
        _compte("direction", roles.DIRECTION),
        _compte("pilote", roles.EQUIPE),
        _compte("equipe", roles.EQUIPE),
        _compte("ca", roles.CONSEIL),
    )


def _charger_l_activite():
    activite = creer_l_activite(creer_les_comptes_par_role())
    _Base.activite_en_couche = {cle: (type(objet), objet.pk) for cle, objet in activite.items()}


# Freezing a report measures every computed indicator: a second per test that wants the activity.
COUCHES["activite"] = _charger_l_activite


@pytest.fixture
def activite(comptes_par_role):
    """The follow-up of `creer_l_activite`: shared by consecutive tests as a layer (each in its own
    savepoint), copied back for a transactional test (`installer_le_site`)."""
    if _Base.site_installe:
        return _relire(_Base.site[1])
    if _Base.ouverte("activite"):
        return _relire(_Base.activite_en_couche)
    return creer_l_activite(comptes_par_role)


def _relire(references):
    return {cle: modele._default_manager.get(pk=pk) for cle, (modele, pk) in references.items()}


def creer_l_activite(comptes_par_role):
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
