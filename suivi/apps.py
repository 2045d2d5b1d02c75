from django.apps import AppConfig


class SuiviConfig(AppConfig):
    name = "suivi"
    verbose_name = "Suivi de l'avancement"

    def ready(self):
        from .indicateurs import decouvrir

        decouvrir()
