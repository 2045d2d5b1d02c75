from axes import apps as axes_apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from .permissions import synchroniser_permissions

        # Permissions only exist once every app has migrated, hence post_migrate and not a migration.
        post_migrate.connect(synchroniser_permissions, dispatch_uid="comptes_permissions")


class TentativesDeConnexionConfig(axes_apps.AppConfig):
    """django-axes, named in the back-office so that nobody mistakes it for the plan's « Axes »."""

    # Not the comptes app's own configuration, only listed by its dotted path in INSTALLED_APPS.
    default = False
    verbose_name = "Tentatives de connexion (sécurité)"
