from django.db import models

from mission_locale.tri import TriFrancais


class ChampIntervention(models.Model):
    nom = models.CharField("nom", max_length=100, unique=True)

    class Meta:
        verbose_name = "champ d'intervention"
        verbose_name_plural = "champs d'intervention"
        ordering = [TriFrancais("nom")]

    def __str__(self):
        return self.nom


class Partenaire(models.Model):
    class Type(models.TextChoices):
        INSTITUTIONNEL = "institutionnel", "Institutionnel"
        ASSOCIATIF = "associatif", "Associatif"
        ECONOMIQUE = "economique", "Économique"
        ELU = "elu", "Élu, collectivité"
        EDUCATION = "education", "Éducation"
        FORMATION = "formation", "Organisme de formation"
        SANTE = "sante", "Santé"

    nom = models.CharField("nom", max_length=200, unique=True)
    type = models.CharField("type", max_length=20, choices=Type.choices)
    champs = models.ManyToManyField(
        ChampIntervention, related_name="partenaires", blank=True, verbose_name="champs d'intervention"
    )
    commune = models.ForeignKey(
        "antennes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partenaires",
        verbose_name="commune",
    )
    contact_nom = models.CharField("nom du contact", max_length=150, blank=True)
    contact_fonction = models.CharField("fonction du contact", max_length=150, blank=True)
    contact_email = models.EmailField("adresse électronique du contact", blank=True)
    contact_telephone = models.CharField("téléphone du contact", max_length=30, blank=True)
    interroge_diagnostic = models.BooleanField(
        "interrogé pour le diagnostic 2024",
        default=False,
        help_text="Fait partie des 9 partenaires interviewés (section 3.2 du projet).",
    )
    notes = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = [TriFrancais("nom")]

    def __str__(self):
        return self.nom
