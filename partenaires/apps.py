from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "partenaires"
    verbose_name = "Partenaires"

    def ready(self):
        from plan.chargement import enregistrer_chargeur

        from .chargement import charger

        enregistrer_chargeur(charger)
