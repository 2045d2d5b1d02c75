"""Continuity of service when a conseiller is absent (fiche 1.5)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncQuarter

from mission_locale.bornes import valider_date_raisonnable

from .territoire import Antenne, MembreEquipe


class AbsenceQuerySet(models.QuerySet):
    def par_trimestre(self):
        """Per antenne and quarter of the absence's start: absences, unplanned ones, appointments
        planned and covered. One query."""
        return (
            self.annotate(trimestre=TruncQuarter("debut"))
            .values("antenne", "trimestre")
            .annotate(
                absences=Count("pk"),
                imprevues=Count("pk", filter=Q(prevue=False)),
                rdv_prevus=Sum("rdv_prevus"),
                rdv_couverts=Sum("rdv_couverts"),
            )
            .order_by("-trimestre", "antenne")
        )


class AbsenceConseiller(models.Model):
    """A conseiller's (CISP) absence and what became of their appointments: counts only, never the
    young people concerned."""

    antenne = models.ForeignKey(
        Antenne, on_delete=models.CASCADE, related_name="absences", verbose_name="antenne"
    )
    membre = models.ForeignKey(
        MembreEquipe,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="absences",
        verbose_name="conseiller ou conseillère absent(e)",
    )
    debut = models.DateField("premier jour d'absence", validators=[valider_date_raisonnable])
    fin = models.DateField("dernier jour d'absence", validators=[valider_date_raisonnable])
    prevue = models.BooleanField("absence prévue", default=False)
    rdv_prevus = models.PositiveIntegerField(
        "rendez-vous prévus pendant l'absence", validators=[MaxValueValidator(5000)]
    )
    rdv_couverts = models.PositiveIntegerField(
        "rendez-vous assurés par un collègue ou reportés en accord avec le jeune"
    )

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = "absence d'un conseiller"
        verbose_name_plural = "absences des conseillers"
        ordering = ["-debut", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(debut__lte=models.F("fin")),
                name="absence_debut_avant_fin",
                violation_error_message="Le premier jour d'absence doit précéder le dernier.",
            ),
            models.CheckConstraint(
                condition=Q(rdv_couverts__lte=models.F("rdv_prevus")),
                name="absence_couverts_parmi_les_prevus",
                violation_error_message=(
                    "Les rendez-vous couverts ne peuvent dépasser les rendez-vous prévus."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.antenne} : {self.debut:%d/%m/%Y}–{self.fin:%d/%m/%Y}"

    @property
    def jours(self):
        return (self.fin - self.debut).days + 1
