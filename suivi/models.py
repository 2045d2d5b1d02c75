"""The follow-up journal and the indicators of the fiches-actions.

The journal is append-only: every change of a step's statut or avancement, of a fiche's météo,
dates or pilote, every comment and every "Rien de nouveau" review is one `EntreeJournal`, with one
`Changement` row per field changed (before → after). Each entry also stores the fiche's avancement
and statut right after it, so that the progress of any fiche, axis or the plan at any past date is
the last snapshot before that date (see `EntreeJournalQuerySet.avancements_au`).
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import formats, timezone

from plan.models import FicheAction, moyenne_ponderee

# Every text invented by `charger_demo` starts with this, so nobody mistakes it for real follow-up.
PREFIXE_DEMO = "[Démo]"


def chemin_piece_jointe(instance, filename):
    # A random name: the original one may reveal personal data and must not be guessable.
    return f"preuves/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class EntreeJournalQuerySet(models.QuerySet):
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

    def avancements_au(self, moment, fiches):
        """{fiche_id: avancement} at `moment` (a datetime), replayed from the snapshots. One query.

        A fiche with no entry before `moment` had not started: 0.
        """
        derniers = {}
        lignes = (
            self.filter(fiche__in=fiches, cree_le__lt=moment)
            .order_by("fiche_id", "cree_le", "pk")
            .values_list("fiche_id", "avancement_fiche")
        )
        for fiche_id, avancement in lignes:
            derniers[fiche_id] = avancement
        return {f.pk: derniers.get(f.pk, Decimal(0)) for f in fiches}


class EntreeJournal(models.Model):
    class Type(models.TextChoices):
        MODIFICATION = "modification", "Mise à jour"
        COMMENTAIRE = "commentaire", "Commentaire"
        REVUE = "revue", "Rien de nouveau"

    fiche = models.ForeignKey(
        FicheAction, on_delete=models.CASCADE, related_name="journal", verbose_name="fiche-action"
    )
    etape = models.ForeignKey(
        "plan.Etape",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name="étape",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="entrees_journal",
        verbose_name="auteur",
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
        return f"{self.fiche.code} · {self.get_type_display()} · {self.cree_le:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Une entrée du journal ne se modifie pas.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plan:fiche-detail", args=[self.fiche.code]) + f"#entree-{self.pk}"

    @property
    def est_demonstration(self):
        return self.commentaire.startswith(PREFIXE_DEMO)


class Changement(models.Model):
    """One field changed by a journal entry, with its value before and after (as displayed)."""

    class Champ(models.TextChoices):
        STATUT = "statut", "Statut"
        AVANCEMENT = "avancement", "Avancement"
        METEO = "meteo", "Météo"
        DATE_DEBUT = "date_debut", "Date de début"
        DATE_ECHEANCE = "date_echeance", "Échéance"
        PILOTE = "pilote", "Pilote"
        CO_PILOTES = "co_pilotes", "Co-pilotes"
        RESPONSABLE = "responsable", "Responsable"

    entree = models.ForeignKey(
        EntreeJournal, on_delete=models.CASCADE, related_name="changements", verbose_name="entrée"
    )
    champ = models.CharField("champ", max_length=20, choices=Champ.choices)
    avant = models.CharField("valeur avant", max_length=200, blank=True)
    apres = models.CharField("valeur après", max_length=200, blank=True)
    # Raw values (codes, ISO dates, ids) for computations; avant/apres are what people read.
    avant_brut = models.CharField("valeur brute avant", max_length=100, blank=True)
    apres_brut = models.CharField("valeur brute après", max_length=100, blank=True)

    class Meta:
        verbose_name = "changement"
        verbose_name_plural = "changements"
        ordering = ["entree", "pk"]

    def __str__(self):
        return f"{self.get_champ_display()} : {self.avant or '—'} → {self.apres or '—'}"


class IndicateurQuerySet(models.QuerySet):
    def pour_fiche(self, fiche):
        """The fiche's indicators with their measures in date order (two queries)."""
        mesures = Mesure.objects.select_related("saisi_par").order_by("date")
        return self.filter(fiche=fiche).prefetch_related(models.Prefetch("mesures", queryset=mesures))


class Indicateur(models.Model):
    class Sens(models.TextChoices):
        AUGMENTER = "augmenter", "À augmenter"
        DIMINUER = "diminuer", "À diminuer"

    fiche = models.ForeignKey(
        FicheAction, on_delete=models.CASCADE, related_name="indicateurs", verbose_name="fiche-action"
    )
    libelle = models.CharField("libellé", max_length=200)
    unite = models.CharField("unité", max_length=50, blank=True)
    valeur_initiale = models.DecimalField("valeur initiale", max_digits=12, decimal_places=2)
    cible = models.DecimalField("cible", max_digits=12, decimal_places=2)
    date_cible = models.DateField("date cible", null=True, blank=True)
    sens = models.CharField("sens", max_length=10, choices=Sens.choices, default=Sens.AUGMENTER)

    objects = IndicateurQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["fiche", "libelle"]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "libelle"], name="indicateur_libelle_unique_par_fiche"),
            models.CheckConstraint(
                condition=~Q(valeur_initiale=models.F("cible")), name="indicateur_cible_differente"
            ),
        ]

    def __str__(self):
        return self.libelle

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
            "dates": [formats.date_format(m.date, "SHORT_DATE_FORMAT") for m in mesures],
            "valeurs": [float(m.valeur) for m in mesures],
            "cible": float(self.cible),
            "valeur_initiale": float(self.valeur_initiale),
        }


class Mesure(models.Model):
    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.CASCADE, related_name="mesures", verbose_name="indicateur"
    )
    date = models.DateField("date")
    valeur = models.DecimalField("valeur", max_digits=12, decimal_places=2)
    commentaire = models.TextField("commentaire", blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mesures",
        verbose_name="saisi par",
    )
    saisi_le = models.DateTimeField("saisi le", default=timezone.now, db_default=Now())

    class Meta:
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        ordering = ["indicateur", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "date"], name="mesure_unique_par_date"),
        ]

    def __str__(self):
        return f"{self.indicateur} au {self.date:%d/%m/%Y} : {self.valeur}"

    @property
    def part_atteinte(self):
        return self.indicateur.part_atteinte(self.valeur)


def avancement_agrege(avancements, fiches):
    """(per-axis dict, plan value) from {fiche_id: avancement}: axes are the mean of their fiches,
    the plan the mean of its axes, exactly as the live figures are computed."""
    par_axe = {}
    for fiche in fiches:
        par_axe.setdefault(fiche.axe_id, []).append((avancements.get(fiche.pk, Decimal(0)), 1))
    axes = {axe_id: moyenne_ponderee(paires) or Decimal(0) for axe_id, paires in par_axe.items()}
    plan = moyenne_ponderee((v, 1) for v in axes.values()) or Decimal(0)
    return axes, plan


def avancements_du_plan_au(plan, moment):
    """(per fiche, per axis, plan) progress at `moment`, replayed from the journal (two queries).

    This is what the board report shows for a past meeting date.
    """
    fiches = list(FicheAction.objects.du_plan(plan).only("pk", "axe_id"))
    par_fiche = EntreeJournal.objects.avancements_au(moment, fiches)
    par_axe, valeur_plan = avancement_agrege(par_fiche, fiches)
    return par_fiche, par_axe, valeur_plan


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
        return f"Rappel à {self.destinataire} le {self.date:%d/%m/%Y}"
