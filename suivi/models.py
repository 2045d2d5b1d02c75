"""The follow-up journal and the indicators of the fiches-actions.

The journal is append-only: every change of a step's statut or avancement, of a fiche's météo,
dates or pilote, every comment and every "Rien de nouveau" review is one `EntreeJournal`, with one
`Changement` row per field changed (before → after). Each entry also stores the fiche's avancement
and statut right after it, so that the progress of any fiche, axis or the plan at any past date is
the last snapshot before that date (see `conseil.etat.figures_au`).

Entries, their changes and measures are only ever added (`AjoutSeulQuerySet`, PROTECT foreign keys
and, on PostgreSQL, triggers): a mistake is corrected by a new entry or measure that says so.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from comptes.models import nom_de
from mission_locale.bornes import valider_date_raisonnable
from mission_locale.formats import date_courte, date_longue, nombre
from plan.models import FicheAction

# Every text invented by `charger_demo` starts with this, so nobody mistakes it for real follow-up.
PREFIXE_DEMO = "[Démo]"


def chemin_piece_jointe(instance, filename):
    # A random name: the original one may reveal personal data and must not be guessable.
    return f"preuves/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


_MOMENT_DES_ECRITURES = ContextVar("moment_des_ecritures", default=None)


def maintenant():
    """When a follow-up write happens: now, unless a history is being written at its own dates."""
    return _MOMENT_DES_ECRITURES.get() or timezone.now()


@contextmanager
def a_la_date(moment):
    """Date the follow-up writes made inside at `moment`: for histories written after the fact
    (the demonstration's two fictitious years, an import of dated records). Entries are dated when
    they are written, never moved afterwards, and code only can do this, not a request."""
    jeton = _MOMENT_DES_ECRITURES.set(moment)
    try:
        yield
    finally:
        _MOMENT_DES_ECRITURES.reset(jeton)


class LectureSeuleError(Exception):
    """A journal entry, one of its changes, a measure or a frozen report cannot be changed or erased."""


class AjoutSeulQuerySet(models.QuerySet):
    """Rows that are only ever added: bulk updates and deletions are refused before any SQL runs
    (PostgreSQL refuses them too, by trigger, for whatever bypasses the ORM)."""

    message = "Ces lignes ne se modifient ni ne s'effacent."

    def update(self, **kwargs):
        raise LectureSeuleError(self.message)

    def delete(self):
        raise LectureSeuleError(self.message)

    _raw_delete = delete


class AjoutSeulMixin:
    message_modification = "Cette ligne ne se modifie pas."

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LectureSeuleError(self.message_modification)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LectureSeuleError(self.message_modification)


class EntreeJournalQuerySet(AjoutSeulQuerySet):
    message = "Le journal ne se modifie ni ne s'efface : ajoutez une entrée qui corrige."

    def pour_timeline(self):
        return self.select_related("auteur", "etape", "fiche").prefetch_related("changements")

    def pour_journal(self):
        """The plan-wide journal: each entry with its fiche and axis for the headings."""
        return self.select_related("auteur", "etape", "fiche__axe").prefetch_related("changements")

    def entre(self, debut=None, fin=None):
        q = self
        if debut:
            q = q.filter(cree_le__gte=debut)
        if fin:
            q = q.filter(cree_le__lt=fin)
        return q

    def consigner(self, fiche, *, auteur, type, changements=(), origine=None, **champs):
        """The one way follow-up is recorded, whatever door it came through (app, back-office,
        command, import): roll the fiche up from its steps (FicheAction.recalculer), then write
        the entry with the fiche's figures right after the change, which is what replays read,
        and its changes field by field. Call inside the write's transaction."""
        fiche.recalculer()
        champs.setdefault("cree_le", maintenant())
        entree = EntreeJournal(
            fiche=fiche,
            auteur=auteur,
            type=type,
            origine=origine or EntreeJournal.Origine.APPLICATION,
            avancement_fiche=fiche.avancement,
            statut_fiche=fiche.statut,
            **champs,
        )
        entree.save()
        for changement in changements:
            changement.entree = entree
        Changement.objects.bulk_create(changements)
        return entree


class EntreeJournal(AjoutSeulMixin, models.Model):
    class Type(models.TextChoices):
        MODIFICATION = "modification", "Mise à jour"
        COMMENTAIRE = "commentaire", "Commentaire"
        REVUE = "revue", "Rien de nouveau"

    class Origine(models.TextChoices):
        APPLICATION = "application", "Application"
        BACK_OFFICE = "back_office", "Back-office"
        COMMANDE = "commande", "Commande (chargement, calcul, import)"

    message_modification = (
        "Une entrée du journal ne se modifie ni ne s'efface : ajoutez une entrée qui corrige."
    )

    # PROTECT everywhere: a fiche, a step or a person with a journal is archived, never deleted.
    fiche = models.ForeignKey(
        FicheAction, on_delete=models.PROTECT, related_name="journal", verbose_name="fiche-action"
    )
    etape = models.ForeignKey(
        "plan.Etape",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name="étape",
    )
    # Empty for what a command wrote (reloading the plan, computing indicators): see `origine`.
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entrees_journal",
        verbose_name="auteur",
    )
    origine = models.CharField(
        "origine",
        max_length=15,
        choices=Origine.choices,
        default=Origine.APPLICATION,
        db_default="application",
    )
    cree_le = models.DateTimeField("date", default=timezone.now, db_default=Now(), db_index=True)
    type = models.CharField("type", max_length=15, choices=Type.choices)
    commentaire = models.TextField("commentaire", blank=True)
    piece_jointe = models.FileField(
        "pièce justificative", upload_to=chemin_piece_jointe, blank=True, max_length=200
    )
    nom_piece_jointe = models.CharField("nom du fichier déposé", max_length=200, blank=True)
    lien = models.URLField("lien", blank=True, max_length=500)
    a_presenter_au_conseil = models.BooleanField("à présenter au conseil", default=False, db_default=False)
    avancement_fiche = models.DecimalField(
        "avancement de la fiche après l'entrée (%)", max_digits=5, decimal_places=2
    )
    statut_fiche = models.CharField(
        "statut de la fiche après l'entrée", max_length=10, choices=FicheAction.Statut.choices
    )
    # Which save of the step this entry records: tells a refused edit exactly what it missed.
    version_etape = models.PositiveIntegerField(
        "version de l'étape après l'entrée", null=True, blank=True, editable=False
    )

    objects = EntreeJournalQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "entrées du journal"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["fiche", "cree_le"], name="journal_fiche_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(avancement_fiche__gte=0) & Q(avancement_fiche__lte=100),
                name="journal_avancement_entre_0_et_100",
            ),
        ]

    def __str__(self):
        return f"{self.fiche.code} · {self.get_type_display()} · {date_longue(self.cree_le)}"

    def get_absolute_url(self):
        return reverse("suivi:fiche-detail", args=[self.fiche.code]) + f"#entree-{self.pk}"

    @property
    def nom_auteur(self):
        return nom_de_l_auteur(self.auteur if self.auteur_id else None, self.origine)

    @property
    def est_demonstration(self):
        return self.commentaire.startswith(PREFIXE_DEMO)


def nom_de_l_auteur(auteur, origine):
    """The journal's author as people read it: the person's display name, or, for an entry nobody
    wrote (a command, an import...), where it came from."""
    if auteur is not None:
        return nom_de(auteur)
    return EntreeJournal.Origine(origine).label if origine in EntreeJournal.Origine.values else origine


class ChangementQuerySet(AjoutSeulQuerySet):
    message = "Le journal ne se modifie ni ne s'efface : ajoutez une entrée qui corrige."


class Changement(AjoutSeulMixin, models.Model):
    """One field changed by a journal entry, with its value before and after (as displayed)."""

    message_modification = EntreeJournal.message_modification

    class Champ(models.TextChoices):
        STATUT = "statut", "Statut"
        AVANCEMENT = "avancement", "Avancement"
        METEO = "meteo", "Météo"
        DATE_DEBUT = "date_debut", "Date de début"
        DATE_ECHEANCE = "date_echeance", "Échéance"
        PILOTE = "pilote", "Pilote"
        CO_PILOTES = "co_pilotes", "Co-pilotes"
        RESPONSABLE = "responsable", "Responsable"
        POIDS = "poids", "Poids"
        FREQUENCE = "frequence", "Fréquence de mise à jour"
        DECISION = "decision", "Décision attendue du conseil"

    entree = models.ForeignKey(
        EntreeJournal, on_delete=models.PROTECT, related_name="changements", verbose_name="entrée"
    )
    champ = models.CharField("champ", max_length=20, choices=Champ.choices)
    avant = models.CharField("valeur avant", max_length=200, blank=True)
    apres = models.CharField("valeur après", max_length=200, blank=True)
    # Raw values (codes, ISO dates, ids) for computations; avant/apres are what people read.
    avant_brut = models.CharField("valeur brute avant", max_length=100, blank=True)
    apres_brut = models.CharField("valeur brute après", max_length=100, blank=True)

    objects = ChangementQuerySet.as_manager()

    class Meta:
        verbose_name = "changement"
        verbose_name_plural = "changements"
        ordering = ["entree", "pk"]

    def __str__(self):
        return f"{self.get_champ_display()} : {self.avant or '—'} → {self.apres or '—'}"


class IndicateurQuerySet(models.QuerySet):
    def pour_fiche(self, fiche):
        """The fiche's indicators with their valid measures in date order (two queries)."""
        mesures = Mesure.objects.en_vigueur().select_related("saisi_par", "corrige").order_by("date")
        return self.filter(fiche=fiche).prefetch_related(models.Prefetch("mesures", queryset=mesures))

    def calcules(self):
        return self.exclude(code="")


class Indicateur(models.Model):
    class Sens(models.TextChoices):
        AUGMENTER = "augmenter", "À augmenter"
        DIMINUER = "diminuer", "À diminuer"

    fiche = models.ForeignKey(
        FicheAction, on_delete=models.PROTECT, related_name="indicateurs", verbose_name="fiche-action"
    )
    # Set for an indicator computed from the application's data (see suivi.indicateurs): its
    # measures are recorded by `mesurer_indicateurs` and when a meeting is held, never typed.
    code = models.SlugField("code du calcul", max_length=80, blank=True, editable=False)
    libelle = models.CharField("libellé", max_length=200)
    unite = models.CharField("unité", max_length=50, blank=True)
    valeur_initiale = models.DecimalField("valeur initiale", max_digits=12, decimal_places=2)
    cible = models.DecimalField("cible", max_digits=12, decimal_places=2)
    date_cible = models.DateField("date cible", null=True, blank=True, validators=[valider_date_raisonnable])
    sens = models.CharField("sens", max_length=10, choices=Sens.choices, default=Sens.AUGMENTER)

    objects = IndicateurQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["fiche", "libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiche", "libelle"],
                name="indicateur_libelle_unique_par_fiche",
                violation_error_message="Cette fiche a déjà un indicateur de ce nom.",
            ),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="indicateur_calcule_unique"),
            models.CheckConstraint(
                condition=~Q(valeur_initiale=models.F("cible")), name="indicateur_cible_differente"
            ),
        ]

    def __str__(self):
        return self.libelle

    def clean(self):
        # A name an app declared for a computed indicator of this fiche stays free for it: typed
        # first, it would stop that indicator from being created, and the next meeting from being held.
        if self.code or not self.fiche_id or not self.libelle:
            return
        from .indicateurs import pour_fiche

        reserves = {
            declaration.libelle.casefold(): declaration.libelle for declaration in pour_fiche(self.fiche.code)
        }
        if nom := reserves.get(self.libelle.strip().casefold()):
            raise ValidationError(
                {
                    "libelle": f"« {nom} » est le nom d'un indicateur que l'application calcule "
                    "pour cette fiche : choisissez-en un autre."
                }
            )

    @property
    def est_calcule(self):
        return bool(self.code)

    def part_atteinte(self, valeur):
        """Share of the way from the initial value to the target, in %, clamped to 0-100."""
        if valeur is None:
            return None
        ecart = self.cible - self.valeur_initiale
        part = (Decimal(valeur) - self.valeur_initiale) / ecart * 100
        return max(Decimal(0), min(Decimal(100), part)).quantize(Decimal("0.1"))

    # The three helpers below read the prefetched `mesures` (see IndicateurQuerySet.pour_fiche).
    @property
    def derniere_mesure(self):
        mesures = list(self.mesures.all())
        return max(mesures, key=lambda m: m.date) if mesures else None

    @property
    def part_atteinte_actuelle(self):
        derniere = self.derniere_mesure
        return self.part_atteinte(derniere.valeur if derniere else None)

    def donnees_graphique(self):
        """What static/js/graphiques.js draws: the measures against the target, French dates."""
        mesures = sorted(self.mesures.all(), key=lambda m: m.date)
        return {
            "libelle": self.libelle,
            "unite": self.unite,
            "dates": [date_courte(m.date) for m in mesures],
            "valeurs": [float(m.valeur) for m in mesures],
            "cible": float(self.cible),
            "valeur_initiale": float(self.valeur_initiale),
        }


class MesureQuerySet(AjoutSeulQuerySet):
    message = "Une mesure ne se modifie ni ne s'efface : saisissez une correction."

    def en_vigueur(self, moment=None):
        """Measures not corrected since; at `moment`, when given, as they were known then
        (recorded before it, and not corrected before it)."""
        corrections = Mesure.objects.filter(corrige=OuterRef("pk"))
        if moment is None:
            return self.exclude(Exists(corrections))
        return self.filter(saisi_le__lt=moment).exclude(Exists(corrections.filter(saisi_le__lt=moment)))


class Mesure(AjoutSeulMixin, models.Model):
    """A dated value of an indicator. Never changed: a wrong one is corrected by a new measure that
    points to it (`corrige`) and says why; the corrected one stays, for the record and replays."""

    message_modification = MesureQuerySet.message

    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.PROTECT, related_name="mesures", verbose_name="indicateur"
    )
    date = models.DateField("date", validators=[valider_date_raisonnable])
    valeur = models.DecimalField("valeur", max_digits=12, decimal_places=2)
    commentaire = models.TextField("commentaire", blank=True)
    # Empty for a computed indicator's measures.
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mesures",
        verbose_name="saisi par",
    )
    saisi_le = models.DateTimeField("saisi le", default=timezone.now, db_default=Now())
    corrige = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name="corrige la mesure",
    )

    objects = MesureQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        ordering = ["indicateur", "date", "saisi_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "date"],
                condition=Q(corrige__isnull=True),
                name="mesure_unique_par_date",
                violation_error_message="Une mesure est déjà saisie à cette date pour cet indicateur.",
            ),
        ]

    def __str__(self):
        return f"{self.indicateur} au {date_longue(self.date)} : {nombre(self.valeur)}"

    @property
    def part_atteinte(self):
        return self.indicateur.part_atteinte(self.valeur)

    @property
    def nom_saisi_par(self):
        return nom_de(self.saisi_par) if self.saisi_par_id else "Calcul automatique"


class RappelEnvoye(models.Model):
    """One reminder e-mail sent to a person on a day: `envoyer_rappels` never sends two."""

    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rappels_recus",
        verbose_name="destinataire",
    )
    date = models.DateField("date d'envoi")
    nb_fiches = models.PositiveSmallIntegerField("nombre de fiches signalées")

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        ordering = ["-date", "destinataire"]
        constraints = [
            models.UniqueConstraint(fields=["destinataire", "date"], name="rappel_un_par_jour"),
        ]

    def __str__(self):
        return f"Rappel à {self.destinataire} le {date_longue(self.date)}"
