"""Axis 4 of the plan: the charte d'engagement (fiche 4.1), the promotion of the values through
awareness sessions (fiche 4.2), and what links each value to the work (charter articles, procedures,
fiches, sessions).

Staff are the register of the territory app (`antennes.MembreEquipe`); young people are only ever
counted, per antenne and month, never named.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mission_locale.formats import date_longue, mois_court
from mission_locale.requetes import compte

ANNEE = timedelta(days=365)


def membres_presents(jour=None):
    """Staff on the register on `jour` (arrived by then, not yet gone): who the charter and the
    awareness plan are for. A queryset of antennes.MembreEquipe."""
    from antennes.models import MembreEquipe

    jour = jour or timezone.localdate()
    return MembreEquipe.objects.filter(
        Q(date_arrivee__isnull=True) | Q(date_arrivee__lte=jour),
        Q(date_depart__isnull=True) | Q(date_depart__gte=jour),
    )


# The charter -----------------------------------------------------------------------------------


class CharteQuerySet(models.QuerySet):
    def adoptees(self):
        return self.filter(statut=Charte.Statut.ADOPTEE)

    def en_vigueur(self, jour=None):
        """The version in force on `jour` (today by default): the last one adopted by then."""
        jour = jour or timezone.localdate()
        return (
            self.adoptees()
            .filter(adoptee_le__lte=jour)
            .select_related("instance")
            .order_by("-adoptee_le", "-numero")
            .first()
        )

    def brouillon(self):
        return self.filter(statut=Charte.Statut.BROUILLON).first()

    def pour_historique(self):
        return (
            self.select_related("instance").annotate(nb_articles=models.Count("articles")).order_by("-numero")
        )


class Charte(models.Model):
    """One version of the charte d'engagement: written as a draft, then adopted by a CA and frozen.
    A new version starts as a copy of the one in force."""

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        ADOPTEE = "adoptee", "Adoptée"

    numero = models.PositiveSmallIntegerField("version", unique=True, validators=[MinValueValidator(1)])
    titre = models.CharField("titre", max_length=200, default="Charte d'engagement")
    preambule = models.TextField("préambule", blank=True)
    valeurs = models.ManyToManyField(
        "plan.Valeur",
        blank=True,
        related_name="chartes",
        verbose_name="valeurs sur lesquelles elle s'appuie",
    )
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.BROUILLON, db_default="brouillon"
    )
    adoptee_le = models.DateField("adoptée le", null=True, blank=True)
    instance = models.ForeignKey(
        "conseil.Instance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chartes_adoptees",
        verbose_name="conseil d'administration qui l'a adoptée",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = CharteQuerySet.as_manager()

    class Meta:
        verbose_name = "version de la charte d'engagement"
        verbose_name_plural = "versions de la charte d'engagement"
        ordering = ["-numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["statut"],
                condition=Q(statut="brouillon"),
                name="charte_un_seul_brouillon",
                violation_error_message="Une version de la charte est déjà en cours de rédaction.",
            ),
            models.CheckConstraint(
                condition=Q(statut="brouillon", adoptee_le__isnull=True, instance__isnull=True)
                | Q(statut="adoptee", adoptee_le__isnull=False, instance__isnull=False),
                name="charte_adoptee_par_un_conseil_date",
                violation_error_message=(
                    "Une version adoptée porte sa date d'adoption et le conseil qui l'a adoptée ; "
                    "un brouillon n'en porte pas."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.titre}, version {self.numero}"

    def get_absolute_url(self):
        return reverse("ethique:version", args=[self.numero])

    @property
    def est_brouillon(self):
        return self.statut == self.Statut.BROUILLON

    @property
    def est_adoptee(self):
        return self.statut == self.Statut.ADOPTEE

    @classmethod
    @transaction.atomic
    def nouvelle_version(cls, par=None):
        """A new draft, a copy of the version in force (or of the last version) when there is one:
        a revision starts from the adopted text, never from a blank page."""
        modele = cls.objects.en_vigueur() or cls.objects.order_by("-numero").first()
        dernier = cls.objects.aggregate(m=models.Max("numero"))["m"] or 0
        brouillon = cls.objects.create(
            numero=dernier + 1,
            titre=modele.titre if modele else cls._meta.get_field("titre").default,
            preambule=modele.preambule if modele else "",
            cree_par=par,
        )
        if modele is not None:
            brouillon.valeurs.set(modele.valeurs.all())
            for article in modele.articles.prefetch_related("valeurs"):
                copie = Article.objects.create(
                    charte=brouillon,
                    numero=article.numero,
                    titre=article.titre,
                    texte=article.texte,
                    destinataires=article.destinataires,
                )
                copie.valeurs.set(article.valeurs.all())
        return brouillon

    def erreurs_adoption(self, instance):
        """French reasons why this draft cannot be adopted by `instance`, or []."""
        from conseil.models import Instance

        erreurs = []
        if not self.est_brouillon:
            erreurs.append("Cette version est déjà adoptée.")
        if not self.articles.exists():
            erreurs.append("Écrivez au moins un article avant de soumettre la charte à l'adoption.")
        if instance is None:
            return erreurs + ["Choisissez le conseil d'administration qui a adopté la charte."]
        if instance.type != Instance.Type.CA:
            erreurs.append("Seul un conseil d'administration adopte la charte.")
        if instance.date > timezone.now():
            erreurs.append(
                "Ce conseil d'administration n'a pas encore eu lieu : enregistrez l'adoption après la séance."
            )
        en_vigueur = Charte.objects.en_vigueur()
        if en_vigueur and timezone.localdate(instance.date) < en_vigueur.adoptee_le:
            erreurs.append(
                f"La version {en_vigueur.numero} est en vigueur depuis le "
                f"{date_longue(en_vigueur.adoptee_le)} : une nouvelle version ne peut pas avoir été "
                "adoptée avant."
            )
        return erreurs

    def adopter(self, instance):
        """Record the adoption by the CA `instance`, on its date. Raises ValidationError."""
        erreurs = self.erreurs_adoption(instance)
        if erreurs:
            raise ValidationError(erreurs)
        self.statut = self.Statut.ADOPTEE
        self.instance = instance
        self.adoptee_le = timezone.localdate(instance.date)
        self.save(update_fields=["statut", "instance", "adoptee_le", "modifie_le"])


class Article(models.Model):
    class Destinataires(models.TextChoices):
        TOUS = "tous", "Tous les acteurs"
        PROFESSIONNELS = "professionnels", "Les professionnels"
        JEUNES = "jeunes", "Les jeunes"

    charte = models.ForeignKey(
        Charte, on_delete=models.CASCADE, related_name="articles", verbose_name="version"
    )
    numero = models.PositiveSmallIntegerField("numéro", validators=[MinValueValidator(1)])
    titre = models.CharField("titre", max_length=200)
    texte = models.TextField("texte")
    destinataires = models.CharField(
        "s'adresse à", max_length=15, choices=Destinataires.choices, default=Destinataires.TOUS
    )
    valeurs = models.ManyToManyField(
        "plan.Valeur", blank=True, related_name="articles_charte", verbose_name="valeurs dont il procède"
    )

    class Meta:
        verbose_name = "article de la charte"
        verbose_name_plural = "articles de la charte"
        ordering = ["charte", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["charte", "numero"],
                name="article_numero_unique_par_charte",
                violation_error_message="Cette version de la charte a déjà un article portant ce numéro.",
            ),
        ]

    def __str__(self):
        return f"Article {self.numero} : {self.titre}"

    def get_absolute_url(self):
        return self.charte.get_absolute_url() + f"#article-{self.numero}"

    def clean(self):
        # An adopted text is what the board voted: it changes only through a new version.
        if self.charte_id and not self.charte.est_brouillon:
            raise ValidationError("Cette version est adoptée : son texte ne se modifie plus.")


class PriseDeConnaissance(models.Model):
    """A staff member has read a version of the charter and committed to it."""

    charte = models.ForeignKey(
        Charte, on_delete=models.PROTECT, related_name="prises_de_connaissance", verbose_name="version"
    )
    membre = models.ForeignKey(
        "antennes.MembreEquipe",
        on_delete=models.CASCADE,
        related_name="prises_de_connaissance_charte",
        verbose_name="membre de l'équipe",
    )
    date = models.DateField("date")
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enregistrée par",
    )
    enregistree_le = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "prise de connaissance de la charte"
        verbose_name_plural = "prises de connaissance de la charte"
        ordering = ["-date", "membre"]
        constraints = [
            models.UniqueConstraint(
                fields=["charte", "membre"],
                name="prise_de_connaissance_unique",
                violation_error_message="Cette personne a déjà pris connaissance de cette version.",
            ),
        ]

    def __str__(self):
        return f"{self.membre} : {self.charte} ({date_longue(self.date)})"

    @property
    def par_la_personne(self):
        """Confirmed by the staff member from their own account, rather than recorded by Direction.
        Reads `membre` (select it with the row)."""
        return self.enregistree_par_id is not None and self.enregistree_par_id == self.membre.utilisateur_id


class EngagementsJeunes(models.Model):
    """How many young people committed to the charter in an antenne in a month: a count, no names."""

    charte = models.ForeignKey(
        Charte, on_delete=models.PROTECT, related_name="engagements_jeunes", verbose_name="version"
    )
    antenne = models.ForeignKey(
        "antennes.Antenne",
        on_delete=models.PROTECT,
        related_name="engagements_jeunes",
        verbose_name="antenne",
    )
    mois = models.DateField("mois", help_text="Le premier jour du mois.")
    nombre = models.PositiveIntegerField("nombre de jeunes")
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par",
    )
    saisi_le = models.DateTimeField("saisi le", auto_now=True)

    class Meta:
        verbose_name = "engagements de jeunes"
        verbose_name_plural = "engagements de jeunes"
        ordering = ["-mois", "antenne"]
        constraints = [
            models.UniqueConstraint(
                fields=["charte", "antenne", "mois"],
                name="engagements_un_compte_par_antenne_et_mois",
                violation_error_message="Ce mois est déjà saisi pour cette antenne : corrigez le nombre.",
            ),
        ]

    def __str__(self):
        return f"{self.antenne} · {mois_court(self.mois)} : {self.nombre}"

    def save(self, *args, **kwargs):
        # A month is stored as its first day, so that two entries of the same month collide.
        self.mois = self.mois.replace(day=1)
        super().save(*args, **kwargs)


# Awareness sessions --------------------------------------------------------------------------------


class SensibilisationQuerySet(models.QuerySet):
    def passees(self, jour=None):
        return self.filter(date__lte=jour or timezone.localdate())

    def a_venir(self, jour=None):
        return self.filter(date__gt=jour or timezone.localdate())

    def des_douze_mois(self, jour=None):
        """Held in the 12 months up to `jour`: what counts as "sensibilisé" for fiche 4.2."""
        jour = jour or timezone.localdate()
        return self.filter(date__gt=jour - ANNEE, date__lte=jour)

    def pour_liste(self):
        """With how many staff members and partners attended, each counted by a subquery on its own
        list: joining both lists to count them multiplied the rows and grouped every session before
        the page's fifty were kept (half a second at twenty times the data)."""
        presents = Sensibilisation.participants.through.objects.filter(sensibilisation=models.OuterRef("pk"))
        partenaires = Sensibilisation.partenaires.through.objects.filter(
            sensibilisation=models.OuterRef("pk")
        )
        return self.select_related("antenne").annotate(
            nb_participants=compte(presents, "sensibilisation"),
            nb_partenaires=compte(partenaires, "sensibilisation"),
        )


class Sensibilisation(models.Model):
    """A workshop or training that promotes the values (fiche 4.2), with who attended."""

    class Format(models.TextChoices):
        ATELIER = "atelier", "Atelier"
        FORMATION = "formation", "Formation"
        ECHANGE = "echange", "Temps d'échange"

    class Thematique(models.TextChoices):
        # The words of fiches 4.1 and 4.2.
        DIVERSITE = "diversite", "Diversité"
        EGALITE_CHANCES = "egalite_chances", "Égalité des chances"
        DISCRIMINATIONS = "discriminations", "Lutte contre les discriminations"
        INCLUSION = "inclusion", "Inclusion"
        EGALITE_TRAITEMENT = "egalite_traitement", "Égalité de traitement"
        ETHIQUE = "ethique", "Éthique professionnelle et charte d'engagement"
        VALEURS = "valeurs", "Valeurs de la Mission Locale"

    class Public(models.TextChoices):
        EQUIPE = "equipe", "L'équipe"
        PARTENAIRES = "partenaires", "Les partenaires"
        EQUIPE_ET_PARTENAIRES = "equipe_partenaires", "L'équipe et les partenaires"

    titre = models.CharField("titre", max_length=200)
    format = models.CharField("format", max_length=10, choices=Format.choices, default=Format.ATELIER)
    thematique = models.CharField("thématique", max_length=20, choices=Thematique.choices)
    public = models.CharField("public", max_length=20, choices=Public.choices, default=Public.EQUIPE)
    date = models.DateField("date")
    duree_heures = models.DecimalField(
        "durée (heures)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    antenne = models.ForeignKey(
        "antennes.Antenne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sensibilisations",
        verbose_name="antenne où elle a lieu",
    )
    lieu = models.CharField("lieu", max_length=200, blank=True)
    intervenant = models.CharField("intervenant ou intervenante", max_length=200, blank=True)
    description = models.TextField("contenu", blank=True)
    valeurs = models.ManyToManyField(
        "plan.Valeur", blank=True, related_name="sensibilisations", verbose_name="valeurs promues"
    )
    participants = models.ManyToManyField(
        "antennes.MembreEquipe",
        blank=True,
        related_name="sensibilisations_suivies",
        verbose_name="membres de l'équipe présents",
    )
    partenaires = models.ManyToManyField(
        "partenaires.Partenaire",
        blank=True,
        related_name="sensibilisations",
        verbose_name="partenaires présents",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = SensibilisationQuerySet.as_manager()

    class Meta:
        verbose_name = "action de sensibilisation"
        verbose_name_plural = "actions de sensibilisation"
        ordering = ["-date", "titre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_heures__isnull=True) | Q(duree_heures__gt=0),
                name="sensibilisation_duree_positive",
                violation_error_message="La durée doit être positive.",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="sensibilisation_date")]

    def __str__(self):
        return f"{self.titre} ({date_longue(self.date)})"

    def get_absolute_url(self):
        return reverse("ethique:session-detail", args=[self.pk])

    @property
    def est_passee(self):
        return self.date <= timezone.localdate()

    @property
    def pour_equipe(self):
        return self.public in (self.Public.EQUIPE, self.Public.EQUIPE_ET_PARTENAIRES)

    @property
    def pour_partenaires(self):
        return self.public in (self.Public.PARTENAIRES, self.Public.EQUIPE_ET_PARTENAIRES)


# Values and the work -----------------------------------------------------------------------------


class ValeurFiche(models.Model):
    """A fiche-action that puts a value into practice. Those the adopted plan states in so many
    words come from the fixtures (`citation`: the fiche's own words); Direction adds others."""

    class Origine(models.TextChoices):
        PROJET = "projet", "Texte du projet"
        EQUIPE = "equipe", "Ajoutée par l'équipe"

    valeur = models.ForeignKey(
        "plan.Valeur", on_delete=models.CASCADE, related_name="liens_fiches", verbose_name="valeur"
    )
    fiche = models.ForeignKey(
        "plan.FicheAction",
        on_delete=models.CASCADE,
        related_name="liens_valeurs",
        verbose_name="fiche-action",
    )
    origine = models.CharField("origine", max_length=10, choices=Origine.choices, default=Origine.EQUIPE)
    citation = models.TextField(
        "ce qui la rattache à la valeur", help_text="Les mots de la fiche, ou une courte explication."
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ajoutée par",
    )

    class Meta:
        verbose_name = "fiche-action qui incarne une valeur"
        verbose_name_plural = "fiches-actions qui incarnent une valeur"
        ordering = ["valeur", "fiche__axe__numero", "fiche__numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["valeur", "fiche"],
                name="valeur_fiche_unique",
                violation_error_message="Cette fiche-action est déjà rattachée à cette valeur.",
            ),
        ]

    def __str__(self):
        return f"{self.valeur} · fiche {self.fiche.code}"


class PresentationValeurs(models.Model):
    """The adopted plan's introduction to its values (section 2.1), loaded by `charger_plan` from
    `fixtures/valeurs.json`: reference text, word for word, never edited here."""

    titre = models.CharField("titre", max_length=200)
    paragraphes = models.JSONField("paragraphes", default=list)
    annonce = models.CharField("annonce", max_length=200, blank=True)
    points = models.JSONField("points annoncés", default=list)
    titre_finalite = models.CharField("titre de la finalité", max_length=100)
    finalite = models.TextField("finalité")
    titre_valeurs = models.CharField("titre de la liste des valeurs", max_length=100)
    texte_valeurs = models.TextField("présentation de la liste des valeurs")
    note = models.CharField("note", max_length=200, blank=True)

    class Meta:
        verbose_name = "présentation des valeurs"
        verbose_name_plural = "présentation des valeurs"

    def __str__(self):
        return self.titre
