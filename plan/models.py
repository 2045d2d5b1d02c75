"""The strategic plan as adopted (reference text) and its follow-up state (who, when, how far).

Reference fields come from the fixtures and are reloaded by `charger_plan`; follow-up fields
(pilote, dates, statut, avancement, météo...) belong to staff and are never touched by a reload.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mission_locale.bornes import valider_date_raisonnable
from mission_locale.tri import cle_de_tri

CENT = Decimal(100)


def moyenne_ponderee(paires):
    """Weighted mean of (valeur, poids) pairs, or None when there is nothing to average."""
    paires = [(v, p) for v, p in paires if v is not None and p]
    total = sum(p for _, p in paires)
    if not total:
        return None
    return (sum(Decimal(v) * p for v, p in paires) / total).quantize(Decimal("0.01"))


def avancement_agrege(avancements, fiches):
    """(per-axis dict, plan value) from {fiche_id: avancement}: an axis is the mean of its fiches,
    the plan the mean of its axes. The one rule above the fiche, for live and replayed figures."""
    par_axe = {}
    for fiche in fiches:
        par_axe.setdefault(fiche.axe_id, []).append((avancements.get(fiche.pk, Decimal(0)), 1))
    axes = {axe_id: moyenne_ponderee(paires) or Decimal(0) for axe_id, paires in par_axe.items()}
    plan = moyenne_ponderee((v, 1) for v in axes.values()) or Decimal(0)
    return axes, plan


class Meteo(models.TextChoices):
    SOLEIL = "soleil", "Ensoleillé"
    NUAGE = "nuage", "Nuageux"
    ORAGE = "orage", "Orageux"

    @classmethod
    def gravite(cls, valeur):
        """Higher is worse; used to require a comment when the weather worsens."""
        return {"": 0, cls.SOLEIL: 1, cls.NUAGE: 2, cls.ORAGE: 3}.get(valeur or "", 0)


class Sante(models.TextChoices):
    DANS_LES_TEMPS = "dans_les_temps", "Dans les temps"
    A_SURVEILLER = "a_surveiller", "À surveiller"
    EN_RETARD = "en_retard", "En retard"
    NON_PLANIFIEE = "non_planifiee", "Non planifiée"


class PlanQuerySet(models.QuerySet):
    def en_vigueur(self):
        """The plan being carried out now (one at most, enforced by a constraint)."""
        return self.filter(est_en_vigueur=True).first() or self.order_by("-annee_debut").first()


class Plan(models.Model):
    titre = models.CharField("titre", max_length=200)
    annee_debut = models.PositiveSmallIntegerField("année de début")
    annee_fin = models.PositiveSmallIntegerField("année de fin")
    finalite = models.TextField("finalité", blank=True)
    introduction = models.TextField("introduction", blank=True)
    est_en_vigueur = models.BooleanField("en vigueur", default=False)
    history = HistoricalRecords(verbose_name="historique du plan")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "plan stratégique"
        verbose_name_plural = "plans stratégiques"
        ordering = ["-annee_debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["annee_debut", "annee_fin"],
                name="plan_periode_unique",
                violation_error_message="Un plan existe déjà pour ces années.",
            ),
            models.CheckConstraint(
                condition=Q(annee_debut__lte=models.F("annee_fin")),
                name="plan_debut_avant_fin",
                violation_error_message="L'année de début doit précéder l'année de fin.",
            ),
            models.UniqueConstraint(
                fields=["est_en_vigueur"],
                condition=Q(est_en_vigueur=True),
                name="plan_un_seul_en_vigueur",
                violation_error_message="Un autre plan est déjà en vigueur.",
            ),
        ]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("plan:index")

    @property
    def date_debut(self):
        return date(self.annee_debut, 1, 1)

    @property
    def date_fin(self):
        return date(self.annee_fin, 12, 31)

    def avancements(self):
        """({axe_id: avancement}, plan avancement) from the fiches' cached figures. One query."""
        fiches = list(FicheAction.objects.du_plan(self).only("pk", "axe_id", "avancement"))
        return avancement_agrege({f.pk: f.avancement for f in fiches}, fiches)

    def avancement(self):
        return self.avancements()[1]


class Enjeu(models.Model):
    """One of the six fixed categories of the fiches' "Enjeux" checkbox grid."""

    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=200, unique=True)
    ordre = models.PositiveSmallIntegerField("ordre", unique=True)

    class Meta:
        verbose_name = "enjeu"
        verbose_name_plural = "enjeux"
        ordering = ["ordre"]

    def __str__(self):
        return self.libelle


class Axe(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes", verbose_name="plan")
    numero = models.PositiveSmallIntegerField("numéro", validators=[MinValueValidator(1)])
    titre = models.CharField("titre", max_length=300)
    sous_titre = models.CharField("sous-titre", max_length=300, blank=True)
    description = models.TextField("description", blank=True)
    resume_simple = models.CharField(
        "résumé en langage simple",
        max_length=300,
        blank=True,
        help_text="Une phrase pour les membres du conseil d'administration.",
    )
    history = HistoricalRecords(verbose_name="historique de l'axe")

    class Meta:
        verbose_name = "axe"
        verbose_name_plural = "axes"
        ordering = ["plan", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "numero"],
                name="axe_numero_unique_par_plan",
                violation_error_message="Ce plan a déjà un axe portant ce numéro.",
            ),
        ]

    def __str__(self):
        return f"Axe {self.numero} : {self.titre}"

    def get_absolute_url(self):
        return reverse("plan:index") + f"#axe-{self.numero}"


class FicheActionQuerySet(models.QuerySet):
    def du_plan(self, plan):
        """The plan's fiches being carried out: an archived fiche keeps its journal, not its place."""
        return self.filter(axe__plan=plan, archivee_le__isnull=True)

    def pour_liste(self):
        return self.pour_tableau().prefetch_related("enjeux")

    def pour_tableau(self):
        """The fiches list's columns: the enjeux are left out, the whole plan is read to sort by
        santé and the table does not show them (the export that does loads them itself)."""
        return self.select_related("axe", "pilote")

    def pour_pilote(self, user):
        return self.filter(Q(pilote=user) | Q(co_pilotes=user)).distinct()

    def pour_detail(self):
        """Everything the fiche page shows about the fiche itself, in one query per relation."""
        return self.select_related("axe__plan", "pilote").prefetch_related(
            "enjeux",
            "co_pilotes",
            "objectifs",
            Prefetch("etapes", queryset=Etape.objects.select_related("responsable")),
        )

    def par_echeance(self):
        # Fiches without an échéance last: they cannot be late, only unplanned.
        return self.order_by(F("date_echeance").asc(nulls_last=True), "axe__numero", "numero")

    def pour_mes_actions(self, user):
        return (
            self.pour_pilote(user)
            .select_related("axe", "pilote")
            .prefetch_related("co_pilotes")
            .par_echeance()
        )

    def pour_rappels(self):
        """Fiches that may need a reminder, with the people to remind; finished ones never do."""
        return (
            self.exclude(statut=FicheAction.Statut.REALISEE)
            .filter(Q(pilote__isnull=False) | Q(co_pilotes__isnull=False))
            .distinct()
            .select_related("axe", "pilote")
            .prefetch_related("co_pilotes")
            .par_echeance()
        )


class FicheAction(models.Model):
    class Statut(models.TextChoices):
        A_VENIR = "a_venir", "À venir"
        EN_COURS = "en_cours", "En cours"
        REALISEE = "realisee", "Réalisée"
        BLOQUEE = "bloquee", "Bloquée"

    axe = models.ForeignKey(Axe, on_delete=models.CASCADE, related_name="fiches", verbose_name="axe")
    numero = models.PositiveSmallIntegerField("numéro", validators=[MinValueValidator(1)])
    code = models.CharField("code", max_length=10, editable=False, help_text="Par exemple 1.2")
    titre = models.CharField("titre", max_length=300)
    libelle_court = models.CharField("libellé court", max_length=300, blank=True)
    resume = models.TextField("résumé", blank=True)
    enjeux = models.ManyToManyField(Enjeu, related_name="fiches", blank=True, verbose_name="enjeux")

    # Follow-up, owned by staff: never overwritten by a fixtures reload.
    pilote = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiches_pilotees",
        verbose_name="pilote",
    )
    co_pilotes = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="fiches_copilotees",
        verbose_name="co-pilotes",
    )
    date_debut = models.DateField(
        "date de début", null=True, blank=True, validators=[valider_date_raisonnable]
    )
    date_echeance = models.DateField("échéance", null=True, blank=True, validators=[valider_date_raisonnable])
    meteo = models.CharField("météo", max_length=10, choices=Meteo.choices, blank=True)
    frequence_revue_jours = models.PositiveSmallIntegerField(
        "fréquence de mise à jour (jours)",
        default=30,
        db_default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    derniere_revue = models.DateTimeField("dernière mise à jour", null=True, blank=True)
    decision_attendue = models.TextField(
        "décision attendue du conseil",
        blank=True,
        help_text="À inscrire à l'ordre du jour de la prochaine instance.",
    )
    # Cache of the steps' progress, recomputed by recalculer() in the same transaction as any change.
    avancement = models.DecimalField(
        "avancement (%)", max_digits=5, decimal_places=2, default=0, db_default=0
    )
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.A_VENIR, db_default="a_venir"
    )
    # A fiche whose follow-up has been journaled is archived rather than deleted: its journal stays.
    archivee_le = models.DateTimeField("archivée le", null=True, blank=True, editable=False)
    history = HistoricalRecords(verbose_name="historique de la fiche", excluded_fields=["avancement"])

    objects = FicheActionQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche-action"
        verbose_name_plural = "fiches-actions"
        ordering = ["axe__plan", "axe__numero", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["axe", "numero"],
                name="fiche_numero_unique_par_axe",
                violation_error_message="Cet axe a déjà une fiche-action portant ce numéro.",
            ),
            models.CheckConstraint(
                condition=Q(avancement__gte=0) & Q(avancement__lte=100),
                name="fiche_avancement_entre_0_et_100",
                violation_error_message="L'avancement doit être compris entre 0 et 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True)
                | Q(date_echeance__isnull=True)
                | Q(date_debut__lte=models.F("date_echeance")),
                name="fiche_debut_avant_echeance",
                violation_error_message="La date de début doit précéder l'échéance.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.titre}"

    def save(self, *args, **kwargs):
        self.code = f"{self.axe.numero}.{self.numero}"
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "code"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("suivi:fiche-detail", args=[self.code])

    def clean(self):
        if self.axe_id:
            erreurs = self.erreurs_dates(self.date_debut, self.date_echeance)
            if erreurs:
                raise ValidationError(erreurs)

    def erreurs_dates(self, debut, echeance):
        """{champ: message} for dates outside the plan's years or in the wrong order."""
        plan = self.axe.plan
        hors_plan = (
            f"Choisissez une date comprise entre {plan.annee_debut} et {plan.annee_fin} (années du plan)."
        )
        erreurs = {}
        if debut and not plan.date_debut <= debut <= plan.date_fin:
            erreurs["date_debut"] = hors_plan
        if echeance and not plan.date_debut <= echeance <= plan.date_fin:
            erreurs["date_echeance"] = hors_plan
        if debut and echeance and debut > echeance and not erreurs:
            erreurs["date_echeance"] = "L'échéance doit être postérieure à la date de début."
        return erreurs

    def meteo_se_degrade(self, nouvelle):
        """A first météo is not a worsening; clearing it is not either."""
        return bool(self.meteo) and Meteo.gravite(nouvelle) > Meteo.gravite(self.meteo)

    def avancement_attendu(self, jour=None):
        """Linear expected progress between début and échéance, or None when not planned."""
        if not (self.date_debut and self.date_echeance):
            return None
        jour = jour or timezone.localdate()
        duree = (self.date_echeance - self.date_debut).days
        if jour <= self.date_debut:
            return Decimal(0)
        if jour >= self.date_echeance or duree <= 0:
            return CENT
        return (CENT * (jour - self.date_debut).days / duree).quantize(Decimal("0.01"))

    def get_sante(self, jour=None):
        jour = jour or timezone.localdate()
        attendu = self.avancement_attendu(jour)
        if attendu is None:
            return Sante.NON_PLANIFIEE
        if self.avancement >= CENT:
            return Sante.DANS_LES_TEMPS
        if jour > self.date_echeance:
            return Sante.EN_RETARD
        if attendu == 0 or self.avancement >= attendu * Decimal("0.95"):
            return Sante.DANS_LES_TEMPS
        if self.avancement >= attendu * Decimal("0.85"):
            return Sante.A_SURVEILLER
        return Sante.EN_RETARD

    @property
    def sante(self):
        return self.get_sante()

    @property
    def tri_pilote(self):
        """Sort key by the pilot's name in French order, fiches without a pilot after the others."""
        if self.pilote is None:
            return (1,)
        return (0, cle_de_tri(self.pilote.last_name), cle_de_tri(self.pilote.first_name))

    @property
    def est_en_retard(self):
        return self.sante == Sante.EN_RETARD

    def revue_attendue_le(self):
        if self.derniere_revue is None:
            return None
        return timezone.localdate(self.derniere_revue) + timezone.timedelta(days=self.frequence_revue_jours)

    @property
    def est_a_revoir(self):
        """Not reviewed within its update frequency (never reviewed counts as overdue)."""
        attendue = self.revue_attendue_le()
        return attendue is None or attendue < timezone.localdate()

    @property
    def attend_une_mise_a_jour(self):
        """Not reviewed in time while still running: a finished fiche needs no more updates."""
        return self.statut != self.Statut.REALISEE and self.est_a_revoir

    @property
    def a_relancer(self):
        """Late or waiting for an update: what reminders are about."""
        return self.est_en_retard or self.attend_une_mise_a_jour

    def calculer(self, etapes):
        """(avancement, statut) of this fiche from its steps (an iterable of Etape rows).

        The weighted mean of its active top-level steps, a step with sub-steps counting for the
        exact mean of its own (see Etape.agreger); the statut follows the leaves' statuts.
        """
        etapes = list(etapes)
        enfants = {}
        for etape in etapes:
            if etape.parent_id:
                enfants.setdefault(etape.parent_id, []).append(etape)
        feuilles, paires = [], []
        for etape in etapes:
            if etape.parent_id or etape.statut == Etape.Statut.ABANDONNE:
                continue
            if etape.pk in enfants:
                actives = [e for e in enfants[etape.pk] if e.statut != Etape.Statut.ABANDONNE]
                feuilles.extend(actives)
                valeur, _ = Etape.agreger(actives)
            else:
                feuilles.append(etape)
                valeur = etape.avancement
            paires.append((valeur, etape.poids))
        avancement = moyenne_ponderee(paires) or Decimal("0.00")
        if not feuilles:
            return avancement, self.Statut.A_VENIR
        derive = Etape.statut_derive({e.statut for e in feuilles})
        return avancement, self.STATUT_SELON_ETAPES.get(derive, self.Statut.EN_COURS)

    STATUT_SELON_ETAPES = {
        "a_venir": Statut.A_VENIR,
        "realise": Statut.REALISEE,
        "bloque": Statut.BLOQUEE,
    }

    def arbre_etapes(self):
        """Top-level steps, each with `.enfants` set to its sub-steps (uses prefetched `etapes`)."""
        etapes = sorted(self.etapes.all(), key=lambda e: e.ordre)
        for etape in etapes:
            etape.enfants = [e for e in etapes if e.parent_id == etape.pk]
        return [e for e in etapes if e.parent_id is None]

    def recalculer(self):
        """The roll-up, in the write's transaction: each step with sub-steps from them, then the
        fiche from its steps. Returns True when the fiche's avancement or statut moved.

        Only `suivi`'s journal writes call this (EntreeJournal.objects.consigner), so that every
        change of the figures is followed by the snapshot that lets them be replayed.
        """
        etapes = list(Etape.objects.filter(fiche=self).order_by("parent_id", "ordre"))
        enfants = {}
        for etape in etapes:
            if etape.parent_id:
                enfants.setdefault(etape.parent_id, []).append(etape)
        for etape in etapes:
            if etape.pk not in enfants:
                continue
            avancement, statut = Etape.calculer_parent(enfants[etape.pk])
            avancement = etape.avancement if avancement is None else avancement
            if (avancement, statut) != (etape.avancement, etape.statut):
                etape.avancement, etape.statut = avancement, statut
                Etape.objects.filter(pk=etape.pk).update(avancement=avancement, statut=statut)
        avant = (self.avancement, self.statut)
        self.avancement, self.statut = self.calculer(etapes)
        FicheAction.objects.filter(pk=self.pk).update(avancement=self.avancement, statut=self.statut)
        return (Decimal(avant[0]), avant[1]) != (self.avancement, self.statut)


class Objectif(models.Model):
    fiche = models.ForeignKey(
        FicheAction, on_delete=models.CASCADE, related_name="objectifs", verbose_name="fiche-action"
    )
    ordre = models.PositiveSmallIntegerField("ordre")
    texte = models.TextField("texte")
    history = HistoricalRecords(verbose_name="historique de l'objectif")

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["fiche", "ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiche", "ordre"],
                name="objectif_ordre_unique_par_fiche",
                violation_error_message="Cette fiche a déjà un objectif à cette position.",
            ),
        ]

    def __str__(self):
        return self.texte


class EtapeQuerySet(models.QuerySet):
    def pour_responsable(self, user):
        """Steps `user` is responsible for, by échéance, with their fiche for the links."""
        return (
            self.filter(responsable=user)
            .select_related("fiche__axe", "parent")
            .order_by(F("date_echeance").asc(nulls_last=True), "fiche__axe__numero", "fiche__numero", "ordre")
        )


class Etape(models.Model):
    class Statut(models.TextChoices):
        A_VENIR = "a_venir", "À venir"
        EN_COURS = "en_cours", "En cours"
        REALISE = "realise", "Réalisé"
        EN_PAUSE = "en_pause", "En pause"
        BLOQUE = "bloque", "Bloqué"
        ABANDONNE = "abandonne", "Abandonné"

    fiche = models.ForeignKey(
        FicheAction, on_delete=models.CASCADE, related_name="etapes", verbose_name="fiche-action"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sous_etapes",
        verbose_name="étape parente",
    )
    ordre = models.PositiveSmallIntegerField("ordre")
    # Stable identifier from the fixtures: reloading the plan matches steps on it, never on position.
    cle = models.SlugField(
        "identifiant", max_length=60, help_text="Identifiant stable de l'étape dans la fiche."
    )
    libelle = models.CharField("libellé", max_length=200, blank=True)
    texte = models.TextField("texte", blank=True)

    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.A_VENIR, db_default="a_venir"
    )
    avancement = models.PositiveSmallIntegerField(
        "avancement (%)", default=0, db_default=0, validators=[MaxValueValidator(100)]
    )
    poids = models.PositiveSmallIntegerField(
        "poids",
        default=1,
        db_default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Importance relative de l'étape dans l'avancement de la fiche.",
    )
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="etapes_responsable",
        verbose_name="responsable",
    )
    date_echeance = models.DateField("échéance", null=True, blank=True, validators=[valider_date_raisonnable])
    # Optimistic lock: a save must carry the version it was based on.
    version = models.PositiveIntegerField("version", default=1, db_default=1, editable=False)
    history = HistoricalRecords(verbose_name="historique de l'étape")

    objects = EtapeQuerySet.as_manager()

    class Meta:
        verbose_name = "étape"
        verbose_name_plural = "étapes"
        ordering = ["fiche", "parent_id", "ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiche", "ordre"],
                condition=Q(parent__isnull=True),
                name="etape_ordre_unique_par_fiche",
                violation_error_message="Cette fiche a déjà une étape à cette position.",
            ),
            models.UniqueConstraint(
                fields=["parent", "ordre"],
                condition=Q(parent__isnull=False),
                name="sous_etape_ordre_unique_par_etape",
                violation_error_message="Cette étape a déjà une sous-étape à cette position.",
            ),
            models.UniqueConstraint(
                fields=["fiche", "cle"],
                name="etape_cle_unique_par_fiche",
                violation_error_message="Cette fiche a déjà une étape portant cet identifiant.",
            ),
            models.CheckConstraint(
                condition=Q(avancement__gte=0) & Q(avancement__lte=100),
                name="etape_avancement_entre_0_et_100",
                violation_error_message="L'avancement doit être compris entre 0 et 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(poids__gte=1),
                name="etape_poids_positif",
                violation_error_message="Le poids doit être au moins égal à 1.",
            ),
            models.CheckConstraint(
                condition=~Q(statut="realise") | Q(avancement=100),
                name="etape_realisee_a_100",
                violation_error_message="Une étape réalisée est avancée à 100 %.",
            ),
            models.CheckConstraint(
                condition=~Q(statut="a_venir") | Q(avancement=0),
                name="etape_a_venir_a_0",
                violation_error_message="Une étape à venir est avancée à 0 %.",
            ),
        ]

    def __str__(self):
        if self.libelle:
            return f"{self.libelle} : {self.texte}" if self.texte else self.libelle
        return self.texte

    def save(self, *args, **kwargs):
        self.avancement = self.avancement_selon_statut(self.statut, self.avancement)
        super().save(*args, **kwargs)

    def clean(self):
        """Steps are a two-level tree within one fiche, as in the adopted plan."""
        parent = self.parent
        if parent is None:
            return
        if self.pk and parent.pk == self.pk:
            message = "Une étape ne peut pas être sa propre étape parente."
        elif parent.parent_id:
            message = "Choisissez une étape de premier niveau : une sous-étape n'a pas de sous-étapes."
        elif self.fiche_id and parent.fiche_id != self.fiche_id:
            message = "L'étape parente doit appartenir à la même fiche-action."
        elif self.pk and self.sous_etapes.exists():
            message = "Cette étape a des sous-étapes : elle ne peut pas devenir elle-même une sous-étape."
        else:
            return
        raise ValidationError({"parent": message})

    @classmethod
    def avancement_selon_statut(cls, statut, avancement):
        """À venir means nothing done yet and Réalisé all of it: the percentage follows the statut."""
        if statut == cls.Statut.A_VENIR:
            return 0
        if statut == cls.Statut.REALISE:
            return 100
        return avancement

    @property
    def intitule(self):
        return self.libelle or self.texte

    @property
    def est_terminee(self):
        return self.statut in (self.Statut.REALISE, self.Statut.ABANDONNE)

    @property
    def est_en_retard(self):
        if not self.date_echeance or self.est_terminee:
            return False
        return self.date_echeance < timezone.localdate()

    @classmethod
    def statut_derive(cls, statuts):
        """The statut of a whole from its active parts' statuts (a step from its sub-steps, a fiche
        from its leaves): nothing active is abandoned, all alike is that, any blocked is blocked."""
        if not statuts:
            return cls.Statut.ABANDONNE
        if len(statuts) == 1:
            return next(iter(statuts))
        if cls.Statut.BLOQUE in statuts:
            return cls.Statut.BLOQUE
        return cls.Statut.EN_COURS

    @classmethod
    def agreger(cls, sous_etapes):
        """(exact weighted avancement or None, statut) of a step from its active sub-steps."""
        statut = cls.statut_derive({e.statut for e in sous_etapes})
        if not sous_etapes:
            return None, statut
        moyenne = moyenne_ponderee((e.avancement, e.poids) for e in sous_etapes) or Decimal(0)
        return Decimal(cls.avancement_selon_statut(statut, moyenne)), statut

    @classmethod
    def calculer_parent(cls, sous_etapes):
        """(avancement as stored, a whole percentage or None, statut) of a step from its sub-steps;
        abandoned ones do not count. The fiche counts the exact value (see FicheAction.calculer)."""
        exact, statut = cls.agreger([e for e in sous_etapes if e.statut != cls.Statut.ABANDONNE])
        return (None if exact is None else int(exact.quantize(Decimal(1)))), statut


class Valeur(models.Model):
    ordre = models.PositiveSmallIntegerField("ordre", unique=True)
    nom = models.CharField("nom", max_length=100, unique=True)
    description = models.TextField("description", blank=True)
    history = HistoricalRecords(verbose_name="historique de la valeur")

    class Meta:
        verbose_name = "valeur"
        verbose_name_plural = "valeurs"
        ordering = ["ordre"]

    def __str__(self):
        return self.nom


class Pratique(models.Model):
    """How a value shows in daily work (the bullets under each value)."""

    valeur = models.ForeignKey(
        Valeur, on_delete=models.CASCADE, related_name="pratiques", verbose_name="valeur"
    )
    ordre = models.PositiveSmallIntegerField("ordre")
    texte = models.TextField("texte")

    class Meta:
        verbose_name = "pratique"
        verbose_name_plural = "pratiques"
        ordering = ["valeur", "ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["valeur", "ordre"],
                name="pratique_ordre_unique_par_valeur",
                violation_error_message="Cette valeur a déjà une pratique à cette position.",
            ),
        ]

    def __str__(self):
        return self.texte


class Organisation(models.Model):
    """The association's key facts (one row), as stated in the adopted plan document."""

    nom = models.CharField("nom", max_length=200)
    date_creation = models.DateField("date de création")
    siege_adresse = models.CharField("adresse du siège", max_length=200)
    nb_communes = models.PositiveIntegerField("nombre de communes")
    nb_habitants = models.PositiveIntegerField("nombre d'habitants")
    nb_qpv = models.PositiveIntegerField("quartiers prioritaires (QPV)")
    nb_communes_qpv = models.PositiveIntegerField("communes ayant un QPV")
    nb_antennes = models.PositiveIntegerField("nombre d'antennes")
    nb_permanences = models.PositiveIntegerField("nombre de permanences")
    nb_salaries = models.PositiveIntegerField("nombre de salariés")
    annee_effectifs = models.PositiveSmallIntegerField("année des effectifs")
    etp = models.DecimalField("équivalents temps plein", max_digits=6, decimal_places=2)
    nb_partenaires = models.PositiveIntegerField("nombre de partenaires")
    nb_membres_ca = models.PositiveIntegerField("membres du conseil d'administration")
    nb_membres_bureau = models.PositiveIntegerField("membres du bureau")
    reunions_ca_min_par_an = models.PositiveSmallIntegerField("réunions du CA par an (minimum)")
    reunions_bureau_min_par_an = models.PositiveSmallIntegerField("réunions du bureau par an (minimum)")
    ag_par_an = models.PositiveSmallIntegerField("assemblées générales par an")
    objet_statuts = models.TextField("objet des statuts")
    buts = models.JSONField("buts de l'association", default=list)
    date_statuts = models.DateField("statuts mis à jour le", null=True, blank=True)
    presidente = models.CharField("présidente", max_length=100, blank=True)
    directrice = models.CharField("directrice", max_length=100, blank=True)
    colleges_ca = models.JSONField("collèges du conseil d'administration", default=list)
    nb_reponses_enquetes = models.PositiveIntegerField("réponses aux enquêtes", default=0)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisation"

    def __str__(self):
        return self.nom


def exporter_plan(plan):
    """The plan as a plain dict, in the shape shared and archived by `export_plan` (6 queries)."""
    fiches = FicheAction.objects.order_by("numero").prefetch_related(
        "enjeux",
        models.Prefetch("objectifs", queryset=Objectif.objects.order_by("ordre")),
        models.Prefetch("etapes", queryset=Etape.objects.order_by("ordre")),
    )
    # From the axes, so that an axis still without fiches (a plan being drafted) is exported too.
    axes = (
        Axe.objects.filter(plan=plan)
        .order_by("numero")
        .prefetch_related(models.Prefetch("fiches", queryset=fiches))
    )

    def etape_dict(etape):
        return {"libelle": etape.libelle, "texte": etape.texte}

    def fiche_dict(fiche):
        etapes = list(fiche.etapes.all())
        racines = [e for e in etapes if e.parent_id is None]
        return {
            "code": fiche.code,
            "numero": fiche.numero,
            "titre": fiche.titre,
            "resume": fiche.resume,
            "enjeux": [e.libelle for e in sorted(fiche.enjeux.all(), key=lambda e: e.ordre)],
            "objectifs": [o.texte for o in fiche.objectifs.all()],
            "etapes": [
                etape_dict(r) | {"sous_etapes": [etape_dict(e) for e in etapes if e.parent_id == r.pk]}
                for r in racines
            ],
        }

    return {
        "plan": {"titre": plan.titre, "annee_debut": plan.annee_debut, "annee_fin": plan.annee_fin},
        "enjeux": [{"code": e.code, "libelle": e.libelle, "ordre": e.ordre} for e in Enjeu.objects.all()],
        "axes": [
            {
                "numero": axe.numero,
                "titre": axe.titre,
                "description": axe.description,
                "fiches": [fiche_dict(f) for f in axe.fiches.all()],
            }
            for axe in axes
        ],
    }


# The question of `a_des_actions_en_cours`, the names filled in from the models' metadata.
SQL_A_DES_ACTIONS = (
    "SELECT EXISTS (SELECT 1 FROM {fiches} WHERE {archivee} IS NULL AND {pilote} = %s)"
    " OR EXISTS (SELECT 1 FROM {co_pilotes} c INNER JOIN {fiches} f ON f.{id} = c.{co_pilotes_fiche}"
    " WHERE c.{co_pilotes_personne} = %s AND f.{archivee} IS NULL)"
    " OR EXISTS (SELECT 1 FROM {etapes} e INNER JOIN {fiches} f ON f.{id} = e.{etapes_fiche}"
    " WHERE e.{responsable} = %s AND f.{archivee} IS NULL)"
)


def a_des_actions_en_cours(personne_pk):
    """Whether the person pilots, co-pilots or is responsible for a step of a fiche that is not
    archived: the menu asks it on every page. One query written in SQL: the same question through
    the ORM, two EXISTS subqueries, took 2.5 ms to compile on every page, ten times what the query
    itself costs."""
    fiche, etape = FicheAction._meta, Etape._meta
    lien = FicheAction.co_pilotes.through._meta
    nom = connection.ops.quote_name

    def colonne(meta, champ):
        return nom(meta.get_field(champ).column)

    noms = {
        "fiches": nom(fiche.db_table),
        "id": colonne(fiche, "id"),
        "archivee": colonne(fiche, "archivee_le"),
        "pilote": colonne(fiche, "pilote"),
        "co_pilotes": nom(lien.db_table),
        "co_pilotes_fiche": colonne(lien, "ficheaction"),
        "co_pilotes_personne": colonne(lien, "utilisateur"),
        "etapes": nom(etape.db_table),
        "etapes_fiche": colonne(etape, "fiche"),
        "responsable": colonne(etape, "responsable"),
    }
    # Only quoted names from the models go into the text; the person's id is a parameter.
    sql = SQL_A_DES_ACTIONS.format(**noms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [personne_pk] * 3)
        return bool(cursor.fetchone()[0])
