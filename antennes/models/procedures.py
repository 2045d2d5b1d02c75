"""Shared procedures (fiche 1.4): versions, deployment per antenne, the satisfaction survey."""

import uuid
from pathlib import Path

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from mission_locale.bornes import valider_date_raisonnable
from suivi.validators import valider_piece_jointe

from .territoire import Antenne, Procedure


def chemin_procedure(instance, filename):
    return f"procedures/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class VersionProcedure(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name="procédure"
    )
    numero = models.PositiveSmallIntegerField("version n°", validators=[MinValueValidator(1)])
    date = models.DateField("date de validation", validators=[valider_date_raisonnable])
    changements = models.TextField("ce qui change", blank=True)
    fichier = models.FileField(
        "document", upload_to=chemin_procedure, blank=True, max_length=200, validators=[valider_piece_jointe]
    )

    class Meta:
        verbose_name = "version d'une procédure"
        verbose_name_plural = "versions des procédures"
        ordering = ["procedure", "-numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "numero"],
                name="version_procedure_numero_unique",
                violation_error_message="Cette procédure a déjà une version portant ce numéro.",
            ),
        ]

    def __str__(self):
        return f"{self.procedure} – version {self.numero}"


class DeploiementProcedure(models.Model):
    """A version rolled out in an antenne: when, and how many people were trained."""

    version = models.ForeignKey(
        VersionProcedure, on_delete=models.CASCADE, related_name="deploiements", verbose_name="version"
    )
    antenne = models.ForeignKey(
        Antenne, on_delete=models.CASCADE, related_name="deploiements", verbose_name="antenne"
    )
    date = models.DateField("date du déploiement", validators=[valider_date_raisonnable])
    personnes_formees = models.PositiveSmallIntegerField(
        "personnes formées", default=0, validators=[MaxValueValidator(500)]
    )

    class Meta:
        verbose_name = "déploiement d'une procédure"
        verbose_name_plural = "déploiements des procédures"
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "antenne"],
                name="deploiement_une_fois_par_version_et_antenne",
                violation_error_message="Cette version est déjà déployée dans cette antenne.",
            ),
        ]

    def __str__(self):
        return f"{self.version} – {self.antenne}"


class EnqueteSatisfaction(models.Model):
    """The young people's satisfaction survey for a period, per antenne (or for the whole Mission
    Locale when no antenne is given): counts of answers only, never the answers themselves."""

    antenne = models.ForeignKey(
        Antenne,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="enquetes",
        verbose_name="antenne (vide : toute la Mission Locale)",
    )
    debut = models.DateField("début de la période", validators=[valider_date_raisonnable])
    fin = models.DateField("fin de la période", validators=[valider_date_raisonnable])
    reponses = models.PositiveIntegerField("réponses", validators=[MaxValueValidator(100000)])
    satisfaits = models.PositiveIntegerField("jeunes satisfaits ou très satisfaits")

    class Meta:
        verbose_name = "résultat de l'enquête de satisfaction"
        verbose_name_plural = "résultats de l'enquête de satisfaction"
        ordering = ["-fin", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(debut__lte=models.F("fin")),
                name="enquete_debut_avant_fin",
                violation_error_message="Le début de la période doit précéder sa fin.",
            ),
            models.CheckConstraint(
                condition=Q(satisfaits__lte=models.F("reponses")),
                name="enquete_satisfaits_parmi_les_reponses",
                violation_error_message="Il ne peut y avoir plus de jeunes satisfaits que de réponses.",
            ),
        ]

    def __str__(self):
        return f"{self.antenne or 'Mission Locale'} {self.debut:%m/%Y}-{self.fin:%m/%Y}"

    @property
    def taux(self):
        return self.satisfaits * 100 / self.reponses if self.reponses else None
