import django_tables2 as tables

from mission_locale.formats import date_longue


class SensibilisationTable(tables.Table):
    date = tables.Column(verbose_name="Date", attrs={"td": {"class": "text-nowrap"}})
    titre = tables.Column(verbose_name="Session", linkify=True)
    format = tables.Column(verbose_name="Format", accessor="get_format_display", order_by=("format",))
    thematique = tables.Column(
        verbose_name="Thématique", accessor="get_thematique_display", order_by=("thematique",)
    )
    public = tables.Column(verbose_name="Public", accessor="get_public_display", order_by=("public",))
    antenne = tables.Column(verbose_name="Antenne", default="—", order_by=("antenne__nom",))
    nb_participants = tables.Column(verbose_name="Équipe présente", attrs={"td": {"class": "text-end"}})
    nb_partenaires = tables.Column(verbose_name="Partenaires présents", attrs={"td": {"class": "text-end"}})

    class Meta:
        attrs = {"class": "table table-striped align-middle", "id": "liste-sensibilisations"}
        order_by = ("-date",)
        template_name = "conseil/includes/_table_triable.html"
        empty_text = "Aucune session ne correspond à ces filtres."

    def render_date(self, value):
        return date_longue(value)
