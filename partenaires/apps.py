from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "partenaires"
    verbose_name = "Partenaires"

    def ready(self):
        from antennes.carte import enregistrer_couche
        from plan.chargement import enregistrer_chargeur

        from . import carte
        from .chargement import charger

        enregistrer_chargeur(charger)
        enregistrer_couche("partenaires", "Partenaires", carte.points)
