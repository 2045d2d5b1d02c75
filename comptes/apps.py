from axes import apps as axes_apps
from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from mission_locale.tri import installer_sur_sqlite

        from .permissions import synchroniser_permissions

        # Permissions only exist once every app has migrated, hence post_migrate and not a migration.
        post_migrate.connect(synchroniser_permissions, dispatch_uid="comptes_permissions")
        # Names sort the French way on SQLite too (PostgreSQL has its ICU collation): comptes is the
        # lowest app, ready before anything opens a connection.
        connection_created.connect(installer_sur_sqlite, dispatch_uid="tri_francais_sqlite")


class TentativesDeConnexionConfig(axes_apps.AppConfig):
    """django-axes, named in the back-office so that nobody mistakes it for the plan's « Axes »."""

    # Not the comptes app's own configuration, only listed by its dotted path in INSTALLED_APPS.
    default = False
    verbose_name = "Tentatives de connexion (sécurité)"
