from django.apps import AppConfig


class AmbassadeursConfig(AppConfig):
    name = "ambassadeurs"
    verbose_name = "Jeunes ambassadeurs"

    def ready(self):
        from partenaires.extensions import enregistrer_bloc_evenement

        from .models import interventions_de_l_evenement

        enregistrer_bloc_evenement("Interventions des ambassadeurs", interventions_de_l_evenement)
