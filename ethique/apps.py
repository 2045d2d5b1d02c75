from django.apps import AppConfig


class EthiqueConfig(AppConfig):
    name = "ethique"
    verbose_name = "Éthique : charte, valeurs et sensibilisation"

    def ready(self):
        from plan.chargement import enregistrer_chargeur
        from suivi.rappels import enregistrer_rappel

        from .chargement import charger
        from .rappels import rappels_charte

        enregistrer_chargeur(charger)
        enregistrer_rappel(rappels_charte)
