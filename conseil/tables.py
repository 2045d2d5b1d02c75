import django_tables2 as tables
from django.utils.html import format_html

from mission_locale.formats import date_longue, pourcent


class FicheTable(tables.Table):
    """The fiches list; rows are FicheAction objects prepared by `filters.avec_sante` (sorted in Python)."""

    code = tables.Column(
        verbose_name="Fiche",
        linkify=True,
        order_by=("axe__numero", "numero"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    titre = tables.Column(verbose_name="Titre")
    axe = tables.Column(verbose_name="Axe", accessor="axe__numero")
    statut = tables.Column(verbose_name="Statut", accessor="get_statut_display", order_by=("statut",))
    sante = tables.Column(
        verbose_name="Santé", accessor="sante_calculee", order_by=("rang_sante", "axe__numero", "numero")
    )
    meteo = tables.Column(
        verbose_name="Météo", accessor="get_meteo_display", order_by=("meteo",), default="—"
    )
    avancement = tables.Column(verbose_name="Avancement", attrs={"td": {"class": "text-end text-nowrap"}})
    pilote = tables.Column(
        verbose_name="Pilote", order_by=("tri_pilote", "axe__numero", "numero"), default="Non désigné"
    )
    date_echeance = tables.Column(
        verbose_name="Échéance", default="Non fixée", attrs={"td": {"class": "text-nowrap"}}
    )

    class Meta:
        attrs = {"class": "table table-striped align-middle", "id": "liste-fiches"}
        order_by = ("code",)
        template_name = "conseil/includes/_table_triable.html"
        empty_text = "Aucune fiche-action ne correspond à ces filtres."

    def render_sante(self, value, record):
        return format_html('<span class="badge sante-{}">{}</span>', value, value.label)

    def render_avancement(self, value):
        return pourcent(value)

    def render_pilote(self, value):
        return value.nom_affiche

    def render_date_echeance(self, value):
        return date_longue(value)
