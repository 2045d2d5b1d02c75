from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from .permissions import synchroniser_permissions

        # Permissions only exist once every app has migrated, hence post_migrate and not a migration.
        post_migrate.connect(synchroniser_permissions, dispatch_uid="comptes_permissions")
