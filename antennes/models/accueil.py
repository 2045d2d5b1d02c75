"""Reception spaces (fiche 1.3): the checklist, dated assessments, photos, improvement actions."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from mission_locale.bornes import valider_date_raisonnable
from mission_locale.tri import TriFrancais
from suivi.validators import valider_piece_jointe

from .territoire import Antenne

NOTE_MAX = 4


class CritereAccueil(models.Model):
    """One item of the reception checklist, which Direction keeps (confort, confidentialité...)."""

    libelle = models.CharField("critère", max_length=150, unique=True)
    description = models.TextField("ce que l'on regarde", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("utilisé dans les nouvelles évaluations", default=True)

    class Meta:
        verbose_name = "critère de l'espace d'accueil"
        verbose_name_plural = "critères de l'espace d'accueil"
        ordering = ["ordre", TriFrancais("libelle")]

    def __str__(self):
        return self.libelle


class EvaluationQuerySet(models.QuerySet):
    def avec_score(self):
        """The score out of 100: the mean of the marks (0 to 4) scaled, computed in the database."""
        # An aggregate query drops Meta.ordering: the latest first is said again.
        return self.annotate(
            score=models.Avg("notes__note", output_field=models.FloatField()) * (100 / NOTE_MAX),
            nb_notes=Count("notes", distinct=True),
        ).order_by(*(self.query.order_by or self.model._meta.ordering))

    def dernieres(self):
        """The latest assessment of each antenne."""
        plus_recente = EvaluationAccueil.objects.filter(antenne=models.OuterRef("antenne")).order_by(
            "-date", "-pk"
        )
        return self.filter(pk=models.Subquery(plus_recente.values("pk")[:1]))


class EvaluationAccueil(models.Model):
    """A dated assessment of an antenne's reception space against the checklist."""

    antenne = models.ForeignKey(
        Antenne, on_delete=models.CASCADE, related_name="evaluations_accueil", verbose_name="antenne"
    )
    date = models.DateField("date de l'évaluation", validators=[valider_date_raisonnable])
    auteur = models.CharField("évaluation faite par", max_length=150)
    commentaire = models.TextField("constat général", blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "évaluation de l'espace d'accueil"
        verbose_name_plural = "évaluations des espaces d'accueil"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.antenne} – {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("antennes:evaluation-detail", args=[self.pk])


class NoteCritere(models.Model):
    evaluation = models.ForeignKey(
        EvaluationAccueil, on_delete=models.CASCADE, related_name="notes", verbose_name="évaluation"
    )
    critere = models.ForeignKey(
        CritereAccueil, on_delete=models.PROTECT, related_name="notes", verbose_name="critère"
    )
    note = models.PositiveSmallIntegerField(
        "note (0 à 4)", validators=[MinValueValidator(0), MaxValueValidator(NOTE_MAX)]
    )
    remarque = models.CharField("remarque", max_length=300, blank=True)

    class Meta:
        verbose_name = "note d'un critère"
        verbose_name_plural = "notes des critères"
        ordering = ["critere__ordre", "critere__libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "critere"],
                name="note_une_par_critere_et_evaluation",
                violation_error_message="Ce critère est déjà noté dans cette évaluation.",
            ),
            models.CheckConstraint(
                condition=Q(note__gte=0, note__lte=NOTE_MAX),
                name="note_entre_0_et_4",
                violation_error_message="La note doit être comprise entre 0 et 4.",
            ),
        ]

    def __str__(self):
        return f"{self.critere} : {self.note}/{NOTE_MAX}"


def valider_photo(fichier):
    """A photo is evidence too: the same checks on size and content, and only PNG or JPEG."""
    if Path(fichier.name).suffix.lower() not in {".png", ".jpg", ".jpeg"}:
        raise ValidationError("Déposez une photo au format JPEG ou PNG.", code="extension")
    valider_piece_jointe(fichier)


def chemin_photo(instance, filename):
    # A random name: the original one may reveal who took it, and must not be guessable.
    return f"accueil/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class PhotoAccueil(models.Model):
    evaluation = models.ForeignKey(
        EvaluationAccueil, on_delete=models.CASCADE, related_name="photos", verbose_name="évaluation"
    )
    fichier = models.FileField("photo", upload_to=chemin_photo, max_length=200, validators=[valider_photo])
    legende = models.CharField(
        "description de la photo",
        max_length=200,
        help_text="Ce que montre la photo, lu par les lecteurs d'écran.",
    )

    class Meta:
        verbose_name = "photo de l'espace d'accueil"
        verbose_name_plural = "photos des espaces d'accueil"
        ordering = ["pk"]

    def __str__(self):
        return self.legende


class ActionAmelioration(models.Model):
    class Statut(models.TextChoices):
        A_FAIRE = "a_faire", "À faire"
        EN_COURS = "en_cours", "En cours"
        REALISEE = "realisee", "Réalisée"
        ABANDONNEE = "abandonnee", "Abandonnée"

    antenne = models.ForeignKey(
        Antenne, on_delete=models.CASCADE, related_name="actions_accueil", verbose_name="antenne"
    )
    evaluation = models.ForeignKey(
        EvaluationAccueil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="évaluation d'origine",
    )
    libelle = models.CharField("action d'amélioration", max_length=250)
    cout_estime = models.DecimalField(
        "coût estimé (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
    )
    statut = models.CharField("statut", max_length=10, choices=Statut.choices, default=Statut.A_FAIRE)
    echeance = models.DateField("échéance", null=True, blank=True, validators=[valider_date_raisonnable])

    class Meta:
        verbose_name = "action d'amélioration de l'accueil"
        verbose_name_plural = "actions d'amélioration de l'accueil"
        ordering = ["statut", "echeance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cout_estime__isnull=True) | Q(cout_estime__gte=0),
                name="action_cout_positif",
                violation_error_message="Le coût estimé ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return self.libelle
