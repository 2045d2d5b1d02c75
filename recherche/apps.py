from django.apps import AppConfig
from django.db.backends.signals import connection_created


class RechercheConfig(AppConfig):
    name = "recherche"
    verbose_name = "Recherche"

    def ready(self):
        from .texte import installer_sur_sqlite

        # PostgreSQL compares accent-free text with translate(); SQLite needs the same as a function.
        connection_created.connect(installer_sur_sqlite, dispatch_uid="recherche_sans_accents")
