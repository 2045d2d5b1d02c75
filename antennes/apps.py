from django.apps import AppConfig


class AntennesConfig(AppConfig):
    name = "antennes"
    verbose_name = "Territoire"

    def ready(self):
        from plan.chargement import enregistrer_chargeur

        from .chargement import charger

        enregistrer_chargeur(charger)
