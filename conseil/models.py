"""The association's meetings (CA, bureau, AG) and the frozen figures of the reports presented there."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mission_locale.bornes import valider_date_raisonnable
from mission_locale.formats import date_longue
from suivi.models import AjoutSeulMixin, AjoutSeulQuerySet


class InstanceQuerySet(models.QuerySet):
    def pour_liste(self):
        # Exists rather than select_related: the frozen figures are a large JSON document.
        return self.annotate(est_figee=Exists(RapportFige.objects.filter(instance=OuterRef("pk"))))

    def prochaine(self, maintenant=None):
        """The next meeting still to be held, of any type."""
        maintenant = maintenant or timezone.now()
        return self.filter(statut=Instance.Statut.PREPAREE, date__gte=maintenant).order_by("date").first()


class Instance(models.Model):
    class Type(models.TextChoices):
        CA = "ca", "Conseil d'administration"
        BUREAU = "bureau", "Bureau"
        AG = "ag", "Assemblée générale"

    class Statut(models.TextChoices):
        PREPAREE = "preparee", "Préparée"
        TENUE = "tenue", "Tenue"

    type = models.CharField("type d'instance", max_length=10, choices=Type.choices, default=Type.CA)
    date = models.DateTimeField("date et heure", validators=[valider_date_raisonnable])
    lieu = models.CharField("lieu", max_length=200, blank=True)
    ordre_du_jour = models.TextField("ordre du jour", blank=True, help_text="Un point par ligne.")
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.PREPAREE, db_default="preparee"
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = InstanceQuerySet.as_manager()

    class Meta:
        verbose_name = "instance"
        verbose_name_plural = "instances"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "date"],
                name="instance_unique_par_type_et_date",
                violation_error_message="Une instance de ce type est déjà prévue à cette date et heure.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {date_longue(timezone.localtime(self.date).date())}"

    def get_absolute_url(self):
        return reverse("conseil:rapport", args=[self.pk])

    def clean(self):
        # Its figures are frozen as they stand at its date: a meeting cannot be held before it.
        if self.date and self.statut == self.Statut.TENUE and self.date > timezone.now():
            raise ValidationError({"statut": "Une instance ne peut pas être marquée tenue avant sa date."})

    @property
    def est_tenue(self):
        return self.statut == self.Statut.TENUE

    @property
    def peut_etre_tenue(self):
        """Only once its date has come: its figures are taken as they stand at that date."""
        return not self.est_tenue and self.date <= timezone.now()

    def precedente(self):
        """The previous meeting of the same type: what the report compares against."""
        return (
            Instance.objects.filter(type=self.type, date__lt=self.date)
            .select_related("rapport_fige")
            .order_by("-date")
            .first()
        )

    def suivante(self):
        return Instance.objects.filter(type=self.type, date__gt=self.date).order_by("date").first()

    def moment_arrete(self, maintenant=None):
        """When the report's figures are taken: the freeze, else the meeting itself or now if sooner."""
        fige = getattr(self, "rapport_fige", None) if self.pk else None
        if fige is not None:
            return fige.arrete_au
        return min(maintenant or timezone.now(), self.date)

    def rapport(self, maintenant=None):
        """The report to read: the frozen figures once the meeting is held, else today's."""
        from .rapport import Rapport, construire_donnees

        fige = getattr(self, "rapport_fige", None)
        if fige is not None:
            return Rapport(fige.donnees, fige=fige)
        if maintenant is not None:
            return Rapport(construire_donnees(self, maintenant))
        return Rapport.provisoire(self)

    def figer(self, par=None, maintenant=None):
        """Mark the meeting as held and store its report's figures, once and for all. Idempotent.

        The computed indicators are measured first, so the frozen figures hold their latest value;
        the PDF documents are prepared right after, outside the request (`preparer_rapports`).
        """
        from suivi.indicateurs import mesurer_les_indicateurs

        from .rapport import construire_donnees

        maintenant = maintenant or timezone.now()
        if self.date > maintenant:
            raise ValidationError("Une instance ne peut pas être marquée tenue avant sa date.")
        with transaction.atomic():
            # Two people holding the meeting at the same moment: the second waits, then finds it held.
            Instance.objects.select_for_update().filter(pk=self.pk).first()
            if RapportFige.objects.filter(instance=self).exists():
                return RapportFige.objects.get(instance=self)
            # Recorded just before the moment the figures are taken, so that they are part of them.
            arrete = self.moment_arrete(maintenant)
            mesurer_les_indicateurs(timezone.localdate(arrete), moment=arrete - timedelta(seconds=1))
            donnees = construire_donnees(self, maintenant)
            if self.statut != self.Statut.TENUE:
                self.statut = self.Statut.TENUE
                self.save(update_fields=["statut", "modifie_le"])
            self.rapport_fige = RapportFige.objects.create(
                instance=self, donnees=donnees, arrete_au=parse_datetime(donnees["arrete_au"]), fige_par=par
            )
        return self.rapport_fige


class RapportFigeQuerySet(AjoutSeulQuerySet):
    message = "Un rapport figé ne se modifie ni ne s'efface."


class RapportFige(AjoutSeulMixin, models.Model):
    """The figures of a held meeting's report, stored so that the report reads the same forever."""

    message_modification = RapportFigeQuerySet.message

    instance = models.OneToOneField(
        Instance, on_delete=models.PROTECT, related_name="rapport_fige", verbose_name="instance"
    )
    donnees = models.JSONField("chiffres du rapport", encoder=DjangoJSONEncoder)
    arrete_au = models.DateTimeField("chiffres arrêtés au")
    fige_le = models.DateTimeField("figé le", auto_now_add=True)
    fige_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="figé par",
    )

    objects = RapportFigeQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport figé"
        verbose_name_plural = "rapports figés"
        ordering = ["-arrete_au"]

    def __str__(self):
        return f"Rapport figé · {self.instance}"


def chemin_document(document, filename):
    return f"rapports/{timezone.now():%Y/%m}/{filename}"


class DocumentRapport(models.Model):
    """A report's PDF, generated once for one state of its figures and kept in the storage backend,
    so that every server serves the same file and nobody waits twice for the same document.

    `cle` says what the document depends on: a held meeting's frozen figures (such a document is
    never regenerated), or, for a report still in preparation, the follow-up fingerprint and the
    rendering code. One row per key: the row is the lock that keeps
    a second request from generating the same PDF at the same time.
    """

    class Etat(models.TextChoices):
        EN_ATTENTE = "attente", "En attente"
        EN_PREPARATION = "preparation", "En préparation"
        PRET = "pret", "Prêt"
        ECHEC = "echec", "Échec"

    instance = models.ForeignKey(
        Instance, on_delete=models.PROTECT, related_name="documents", verbose_name="instance"
    )
    cle = models.CharField("clé", max_length=200, unique=True)
    fige = models.BooleanField("document de l'instance tenue", default=False)
    etat = models.CharField("état", max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE)
    fichier = models.FileField("fichier PDF", upload_to=chemin_document, blank=True, max_length=200)
    demande_le = models.DateTimeField("demandé le", default=timezone.now)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    duree = models.FloatField("durée de préparation (s)", null=True, blank=True)
    nb_pages = models.PositiveIntegerField("nombre de pages", null=True, blank=True)

    class Meta:
        verbose_name = "document de rapport"
        verbose_name_plural = "documents de rapport"
        ordering = ["-demande_le"]

    def __str__(self):
        return f"PDF · {self.instance} · {self.get_etat_display()}"


class EmplacementPDF(models.Model):
    """One of the PDF_SIMULTANES slots of PDF preparation shared by all processes: a document is
    prepared only by whoever holds a slot, claimed by a conditional update (atomic in the database,
    so a burst of requests can never occupy more slots than there are)."""

    rang = models.PositiveSmallIntegerField("rang", unique=True)
    document = models.ForeignKey(
        DocumentRapport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="document",
    )
    depuis = models.DateTimeField("occupé depuis", null=True, blank=True)

    class Meta:
        verbose_name = "emplacement de préparation de PDF"
        verbose_name_plural = "emplacements de préparation de PDF"
        ordering = ["rang"]

    def __str__(self):
        return f"Emplacement {self.rang}"
