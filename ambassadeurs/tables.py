import django_tables2 as tables

from mission_locale.formats import date_longue

from .models import Ambassadeur, Intervention

TEMPLATE = "conseil/includes/_table_triable.html"


class AmbassadeurTable(tables.Table):
    nom = tables.Column(verbose_name="Ambassadeur", linkify=True, order_by=("nom", "prenom"), empty_values=())
    antenne = tables.Column(verbose_name="Antenne", order_by=("antenne__nom",))
    referent = tables.Column(
        verbose_name="Conseiller référent", order_by=("referent__nom",), default="À désigner"
    )
    etape = tables.Column(verbose_name="Étape")
    nb_interventions = tables.Column(verbose_name="Interventions")
    dernier_contact_le = tables.Column(verbose_name="Dernier contact")

    class Meta:
        model = Ambassadeur
        fields = []
        sequence = ["nom", "antenne", "referent", "etape", "nb_interventions", "dernier_contact_le"]
        attrs = {"class": "table table-striped align-middle", "id": "ambassadeurs"}
        order_by = ("nom",)
        template_name = TEMPLATE
        empty_text = "Aucun ambassadeur ne correspond à ces critères."

    def render_nom(self, record):
        return str(record)

    def render_dernier_contact_le(self, value):
        return date_longue(value)


class InterventionTable(tables.Table):
    date = tables.Column(verbose_name="Date", linkify=True)
    type = tables.Column(verbose_name="Type")
    lieu = tables.Column(verbose_name="Lieu")
    nb_ambassadeurs = tables.Column(verbose_name="Ambassadeurs")
    public_touche = tables.Column(verbose_name="Jeunes touchés")
    evenement = tables.Column(
        verbose_name="Événement partenarial", default="—", order_by=("evenement__date",)
    )

    class Meta:
        model = Intervention
        fields = []
        sequence = ["date", "type", "lieu", "nb_ambassadeurs", "public_touche", "evenement"]
        attrs = {"class": "table table-striped align-middle", "id": "interventions"}
        order_by = ("-date",)
        template_name = TEMPLATE
        empty_text = "Aucune intervention ne correspond à ces critères."

    def render_date(self, value):
        return date_longue(value)
