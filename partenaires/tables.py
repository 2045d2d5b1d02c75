import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from mission_locale.formats import date_longue

from .models import Evenement, Partenaire

TEMPLATE = "conseil/includes/_table_triable.html"


class PartenaireTable(tables.Table):
    nom = tables.Column(verbose_name="Partenaire", linkify=True, order_by=("cle_nom",))
    type = tables.Column(verbose_name="Type")
    champs = tables.Column(verbose_name="Champs d'intervention", empty_values=(), orderable=False)
    commune = tables.Column(verbose_name="Commune", order_by=("commune__nom",), default="—")
    contact_nom = tables.Column(verbose_name="Personne contact", order_by=("contact_nom",), empty_values=())
    coordonnees = tables.Column(verbose_name="Coordonnées", empty_values=(), orderable=False)
    convention_en_cours = tables.BooleanColumn(verbose_name="Convention en cours", yesno="Oui,—")
    fiches = tables.Column(verbose_name="Fiches", empty_values=(), orderable=False)

    class Meta:
        model = Partenaire
        fields = []
        sequence = [
            "nom",
            "type",
            "champs",
            "commune",
            "contact_nom",
            "coordonnees",
            "convention_en_cours",
            "fiches",
        ]
        attrs = {"class": "table table-striped align-middle", "id": "annuaire"}
        order_by = ("nom",)
        template_name = TEMPLATE
        empty_text = "Aucun partenaire ne correspond à ces critères."

    def render_champs(self, record):
        return ", ".join(c.nom for c in record.champs.all()) or "—"

    def render_contact_nom(self, record):
        if not record.contact_nom:
            return mark_safe('<span class="badge text-bg-warning">Sans contact</span>')
        if record.contact_fonction:
            return format_html(
                '{}<br><span class="small">{}</span>', record.contact_nom, record.contact_fonction
            )
        return record.contact_nom

    def render_coordonnees(self, record):
        morceaux = []
        if record.contact_email:
            morceaux.append(format_html('<a href="mailto:{0}">{0}</a>', record.contact_email))
        if record.contact_telephone:
            morceaux.append(
                format_html(
                    '<a href="tel:{}">{}</a>',
                    record.contact_telephone.replace(" ", ""),
                    record.contact_telephone,
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((m,) for m in morceaux)) if morceaux else "—"

    def render_fiches(self, record):
        return ", ".join(f.code for f in record.fiches.all()) or "—"


class EvenementTable(tables.Table):
    # The pk breaks ties between events of the same day: without it, the database may order them
    # differently from one page of the list to the next.
    date = tables.Column(verbose_name="Date", order_by=("date", "pk"), attrs={"td": {"class": "text-nowrap"}})
    titre = tables.Column(verbose_name="Événement", linkify=True)
    type = tables.Column(verbose_name="Type")
    lieu = tables.Column(verbose_name="Lieu", empty_values=(), order_by=("lieu",))
    nb_invites = tables.Column(verbose_name="Invités", attrs={"td": {"class": "text-end"}})
    nb_presents = tables.Column(verbose_name="Présents", attrs={"td": {"class": "text-end"}})
    nb_suites_ouvertes = tables.Column(verbose_name="Suites à donner", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Evenement
        fields = []
        sequence = ["date", "titre", "type", "lieu", "nb_invites", "nb_presents", "nb_suites_ouvertes"]
        attrs = {"class": "table table-striped align-middle", "id": "evenements"}
        order_by = ("-date",)
        template_name = TEMPLATE
        empty_text = "Aucun événement ne correspond à ces critères."

    def render_date(self, value):
        return date_longue(value)

    def render_lieu(self, record):
        return ", ".join(filter(None, [record.lieu, record.commune.nom if record.commune_id else ""])) or "—"
