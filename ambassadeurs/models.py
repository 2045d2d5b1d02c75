"""The young ambassadors programme of fiche 2.1: the young people who speak for the Mission Locale,
their path through the programme, and their interventions at meetings, forums and open days.

These are young people's personal data, some of them minors'. Each model says which of its fields
anonymisation empties (`CHAMPS_ANONYMISES`) and which it keeps because they say nothing about the
person once the others are gone (`CHAMPS_CONSERVES`); a test fails when a field is in neither. The
stage dates, the antenne and the interventions stay, so that the indicators count the same after
anonymisation.
"""

from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mission_locale.bornes import valider_date_raisonnable
from mission_locale.tri import TriFrancais

FINALITE = (
    "Faire vivre le programme de jeunes ambassadeurs de la fiche 2.1 : suivre le parcours de chaque "
    "jeune dans le programme, organiser ses interventions et le joindre à ce sujet. Base légale : "
    "le consentement du jeune (et, s'il est mineur, l'autorisation d'un représentant légal), "
    "retirable à tout moment. Données lues par l'équipe et la direction uniquement ; le conseil "
    "d'administration n'en voit que des totaux. Conservées tant que le jeune participe au programme, "
    "puis trois ans au plus après le dernier contact, avant d'être anonymisées. Le jeune peut en "
    "obtenir une copie ou leur effacement auprès de son conseiller référent ou de la direction."
)
# The notice the young person is shown when consenting; a new wording gets a new version.
VERSION_NOTICE = "2026-1"
DUREE_DE_CONSERVATION = timedelta(days=3 * 365)
MAJORITE = 18


class AmbassadeurQuerySet(models.QuerySet):
    def actifs_le(self, jour):
        """Active on `jour`, from the stage dates (so the indicators can be replayed on any day)."""
        return self.filter(date_actif__lte=jour).exclude(date_ancien__lte=jour)

    def a_anonymiser(self, jour=None):
        """Out of the programme (anything but active) with no contact for more than three years."""
        jour = jour or timezone.localdate()
        return (
            self.filter(anonymise_le__isnull=True, dernier_contact_le__lt=jour - DUREE_DE_CONSERVATION)
            .exclude(etape=Ambassadeur.Etape.ACTIF)
            .order_by("dernier_contact_le", "pk")
        )

    def pour_liste(self):
        return self.select_related("antenne", "referent").annotate(
            nb_interventions=Count("presences", distinct=True)
        )


class Ambassadeur(models.Model):
    class Etape(models.TextChoices):
        SENSIBILISE = "sensibilise", "Sensibilisé"
        CANDIDAT = "candidat", "Candidat"
        SELECTIONNE = "selectionne", "Sélectionné"
        ACTIF = "actif", "Actif"
        ANCIEN = "ancien", "Ancien"

    # Stage → the field holding the date the person reached it, in the pipeline's order.
    DATES_DES_ETAPES = {
        Etape.SENSIBILISE: "date_sensibilise",
        Etape.CANDIDAT: "date_candidat",
        Etape.SELECTIONNE: "date_selectionne",
        Etape.ACTIF: "date_actif",
        Etape.ANCIEN: "date_ancien",
    }

    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    antenne = models.ForeignKey(
        "antennes.Antenne", on_delete=models.PROTECT, related_name="ambassadeurs", verbose_name="antenne"
    )
    referent = models.ForeignKey(
        "antennes.MembreEquipe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassadeurs_suivis",
        verbose_name="conseiller référent",
    )
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    annee_naissance = models.PositiveSmallIntegerField(
        "année de naissance",
        null=True,
        blank=True,
        help_text="L'année seule, pour savoir si une autorisation parentale est nécessaire.",
    )
    etape = models.CharField("étape du parcours", max_length=15, choices=Etape.choices, editable=False)
    date_sensibilise = models.DateField("sensibilisé le", validators=[valider_date_raisonnable])
    date_candidat = models.DateField(
        "candidat le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    date_selectionne = models.DateField(
        "sélectionné le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    date_actif = models.DateField(
        "actif depuis le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    date_ancien = models.DateField(
        "sorti du programme le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    version_kit = models.ForeignKey(
        "partenaires.VersionSupport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassadeurs",
        limit_choices_to={"support__nature": "kit_ambassadeur"},
        verbose_name="version du kit « Devenir ambassadeur » reçue",
    )
    kit_remis_le = models.DateField(
        "kit remis le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    consentement_le = models.DateField(
        "consentement recueilli le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    version_notice = models.CharField("version de la notice d'information", max_length=20, blank=True)
    droit_image = models.BooleanField("accepte l'utilisation de son image", default=False)
    droit_image_le = models.DateField(
        "droit à l'image accordé le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    autorisation_parentale_le = models.DateField(
        "autorisation parentale reçue le", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    dernier_contact_le = models.DateField("dernier contact le", validators=[valider_date_raisonnable])
    anonymise_le = models.DateField("anonymisé le", null=True, blank=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    mis_a_jour_le = models.DateTimeField("mis à jour le", auto_now=True)

    history = HistoricalRecords(verbose_name="historique de l'ambassadeur")
    objects = AmbassadeurQuerySet.as_manager()

    # What anonymisation empties, and why the rest may stay (see the module's docstring).
    CHAMPS_ANONYMISES = {
        "prenom": "",
        "nom": "",
        "email": "",
        "telephone": "",
        "annee_naissance": None,
        "version_notice": "",
        "consentement_le": None,
        "droit_image": False,
        "droit_image_le": None,
        "autorisation_parentale_le": None,
        "kit_remis_le": None,
    }
    CHAMPS_CONSERVES = {
        "id",
        "antenne",  # counts per antenne
        "referent",  # a staff member, not the young person
        "etape",
        "date_sensibilise",  # the stage dates feed the indicators (active, retention)
        "date_candidat",
        "date_selectionne",
        "date_actif",
        "date_ancien",
        "version_kit",  # which edition was handed out, counted per edition
        "dernier_contact_le",  # what made the row expire
        "anonymise_le",
        "cree_le",
        "mis_a_jour_le",
    }

    class Meta:
        verbose_name = "ambassadeur"
        verbose_name_plural = "ambassadeurs"
        ordering = [TriFrancais("nom"), TriFrancais("prenom"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_candidat__isnull=True) | Q(date_candidat__gte=models.F("date_sensibilise")),
                name="ambassadeur_candidat_apres_sensibilisation",
                violation_error_message="La candidature ne peut pas précéder la sensibilisation.",
            ),
            models.CheckConstraint(
                condition=Q(date_selectionne__isnull=True)
                | (Q(date_candidat__isnull=False) & Q(date_selectionne__gte=models.F("date_candidat"))),
                name="ambassadeur_selection_apres_candidature",
                violation_error_message="La sélection suit une candidature, à une date postérieure.",
            ),
            models.CheckConstraint(
                condition=Q(date_actif__isnull=True)
                | (Q(date_selectionne__isnull=False) & Q(date_actif__gte=models.F("date_selectionne"))),
                name="ambassadeur_actif_apres_selection",
                violation_error_message="Un ambassadeur devient actif après sa sélection.",
            ),
            models.CheckConstraint(
                condition=Q(date_ancien__isnull=True) | Q(date_ancien__gte=models.F("date_sensibilise")),
                name="ambassadeur_sortie_apres_sensibilisation",
                violation_error_message="La sortie du programme ne peut pas précéder la sensibilisation.",
            ),
        ]

    def __str__(self):
        if self.anonymise_le:
            return f"Ambassadeur anonymisé n°{self.pk}"
        return f"{self.prenom} {self.nom}"

    def save(self, *args, **kwargs):
        self.etape = self.etape_calculee()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "etape"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("ambassadeurs:detail", args=[self.pk])

    def etape_calculee(self):
        """The furthest stage reached, from the dates filled in."""
        atteintes = [e for e, champ in self.DATES_DES_ETAPES.items() if getattr(self, champ)]
        return atteintes[-1] if atteintes else self.Etape.SENSIBILISE

    def parcours(self):
        """[(stage label, date or None)] in the pipeline's order."""
        return [(e.label, getattr(self, champ)) for e, champ in self.DATES_DES_ETAPES.items()]

    def peut_etre_mineur(self, jour=None):
        """With the birth year only, someone born in year Y may be 17 until the end of Y + 18: when in
        doubt, the parental authorisation is required."""
        if self.annee_naissance is None:
            return False
        return (jour or timezone.localdate()).year - self.annee_naissance <= MAJORITE

    @property
    def autorisation_manquante(self):
        return self.peut_etre_mineur() and not self.autorisation_parentale_le and not self.anonymise_le

    @property
    def est_anonymise(self):
        return self.anonymise_le is not None

    def donnees_personnelles(self):
        """Everything held about the person, for a request of access (JSON and PDF)."""
        return {
            "finalite": FINALITE,
            "identite": {
                "prenom": self.prenom,
                "nom": self.nom,
                "annee_naissance": self.annee_naissance,
                "email": self.email,
                "telephone": self.telephone,
            },
            "antenne": str(self.antenne),
            "conseiller_referent": str(self.referent) if self.referent else None,
            "parcours": {e.label: _iso(getattr(self, c)) for e, c in self.DATES_DES_ETAPES.items()},
            "etape_actuelle": self.get_etape_display(),
            "kit": {
                "version": str(self.version_kit) if self.version_kit else None,
                "remis_le": _iso(self.kit_remis_le),
            },
            "consentement": {"le": _iso(self.consentement_le), "version_notice": self.version_notice},
            "droit_image": {"accorde": self.droit_image, "le": _iso(self.droit_image_le)},
            "autorisation_parentale_le": _iso(self.autorisation_parentale_le),
            "dernier_contact_le": _iso(self.dernier_contact_le),
            "interventions": [
                {
                    "date": _iso(p.intervention.date),
                    "type": p.intervention.get_type_display(),
                    "lieu": p.intervention.lieu,
                    "retour_du_jeune": p.retour,
                }
                for p in self.presences.select_related("intervention").order_by("intervention__date", "pk")
            ],
            "exporte_le": timezone.now().isoformat(timespec="seconds"),
        }

    def anonymiser(self, jour=None):
        """Empty what identifies the person here, in their feedback and in the history tables; keep
        the stage dates, the antenne and the presences, which the indicators count."""
        jour = jour or timezone.localdate()
        with transaction.atomic():
            for champ, vide in self.CHAMPS_ANONYMISES.items():
                setattr(self, champ, vide)
            self.anonymise_le = jour
            # No history row for this save: it would be one more copy to clean.
            self.skip_history_when_saving = True
            try:
                self.save()
            finally:
                del self.skip_history_when_saving
            self.history.model.objects.filter(id=self.pk).update(
                **self.CHAMPS_ANONYMISES, history_change_reason=None
            )
            Presence.objects.filter(ambassadeur=self).update(**Presence.CHAMPS_ANONYMISES)
            # The back-office's log names the object it changed.
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Ambassadeur), object_id=str(self.pk)
            ).update(object_repr=str(self))


def _iso(jour):
    return jour.isoformat() if jour else None


class InterventionQuerySet(models.QuerySet):
    def pour_liste(self):
        return self.select_related("evenement").annotate(nb_ambassadeurs=Count("presences", distinct=True))

    def entre(self, debut, fin):
        return self.filter(date__gte=debut, date__lte=fin)

    def totaux(self):
        return self.aggregate(nombre=Count("pk"), public=Sum("public_touche", default=0))


class Intervention(models.Model):
    class Type(models.TextChoices):
        REUNION = "reunion", "Réunion"
        FORUM = "forum", "Forum"
        EVENEMENT = "evenement", "Événement"
        PORTES_OUVERTES = "portes_ouvertes", "Journée portes ouvertes"
        TEMOIGNAGE = "temoignage", "Témoignage"

    type = models.CharField("type", max_length=20, choices=Type.choices)
    date = models.DateField("date", validators=[valider_date_raisonnable])
    lieu = models.CharField("lieu", max_length=200)
    antenne = models.ForeignKey(
        "antennes.Antenne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions_ambassadeurs",
        verbose_name="antenne organisatrice",
    )
    ambassadeurs = models.ManyToManyField(
        Ambassadeur, through="Presence", related_name="interventions", verbose_name="ambassadeurs présents"
    )
    public_touche = models.PositiveIntegerField(
        "jeunes touchés", default=0, help_text="Nombre de personnes du public, estimé au besoin."
    )
    partenaires = models.ManyToManyField(
        "partenaires.Partenaire",
        blank=True,
        related_name="interventions_ambassadeurs",
        verbose_name="partenaires associés",
    )
    evenement = models.ForeignKey(
        "partenaires.Evenement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions_ambassadeurs",
        verbose_name="événement partenarial",
    )
    retour_referent = models.TextField(
        "retour du conseiller référent",
        blank=True,
        help_text="Sans nommer de jeune : ce retour est conservé quand les ambassadeurs sont anonymisés.",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = InterventionQuerySet.as_manager()

    CHAMPS_ANONYMISES = {}
    CHAMPS_CONSERVES = {
        "id",
        "type",
        "date",
        "lieu",
        "antenne",
        "ambassadeurs",
        "public_touche",
        "partenaires",
        "evenement",
        "retour_referent",  # written by staff without names (see its help text)
        "cree_le",
    }

    class Meta:
        verbose_name = "intervention"
        verbose_name_plural = "interventions"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}, {self.lieu}"

    def get_absolute_url(self):
        return reverse("ambassadeurs:intervention-detail", args=[self.pk])

    def noter_le_contact(self):
        """Taking part in an intervention is a contact: it moves the retention period of those present
        (one save each, so that the history records it)."""
        presents = self.ambassadeurs.filter(anonymise_le__isnull=True, dernier_contact_le__lt=self.date)
        for ambassadeur in presents:
            ambassadeur.dernier_contact_le = self.date
            ambassadeur.save(update_fields=["dernier_contact_le", "mis_a_jour_le"])


class Presence(models.Model):
    """An ambassador at an intervention, with what they said about it."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="presences", verbose_name="intervention"
    )
    ambassadeur = models.ForeignKey(
        Ambassadeur, on_delete=models.CASCADE, related_name="presences", verbose_name="ambassadeur"
    )
    retour = models.TextField("retour du jeune", blank=True)

    CHAMPS_ANONYMISES = {"retour": ""}
    CHAMPS_CONSERVES = {"id", "intervention", "ambassadeur"}

    class Meta:
        verbose_name = "présence d'un ambassadeur"
        verbose_name_plural = "présences des ambassadeurs"
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "ambassadeur"],
                name="presence_unique",
                violation_error_message="Cet ambassadeur est déjà compté à cette intervention.",
            )
        ]

    def __str__(self):
        # No name: the back-office's log keeps this text when it lists an intervention's changes.
        return f"Présence n°{self.pk} à l'intervention n°{self.intervention_id}"


def interventions_de_l_evenement(evenement):
    """For the partner event's page, which the board reads: no names, only counts."""
    return [
        (
            f"{i.get_type_display()} à {i.lieu} : {i.nb_ambassadeurs} ambassadeur(s), "
            f"{i.public_touche} jeune(s) touché(s)",
            i.get_absolute_url(),
        )
        for i in Intervention.objects.filter(evenement=evenement).pour_liste()
    ]
