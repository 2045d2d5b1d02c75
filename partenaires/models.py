"""The partners of the Mission Locale (fiche 3.1), the events where it meets them, and the
communication materials it hands out (fiches 2.1, 2.2 and 3.2).

One named contact per partner lives on the partner itself, so "one contact each" needs no
constraint; every change of it leaves the previous one in `HistoriqueContact`. Other apps attach
their records to an event by a foreign key to `Evenement` (e.g. the ambassadors' interventions);
nothing here imports them.
"""

import calendar
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from mission_locale.requetes import compte
from mission_locale.tri import TriFrancais

from .normalisation import cle, siret_normalise, valider_siret


class ChampIntervention(models.Model):
    nom = models.CharField("nom", max_length=100, unique=True)

    class Meta:
        verbose_name = "champ d'intervention"
        verbose_name_plural = "champs d'intervention"
        ordering = [TriFrancais("nom")]

    def __str__(self):
        return self.nom


def en_cours_le(jour, prefixe=""):
    """Q for rows whose [date_debut, date_fin] (open ends allowed) contains `jour`."""
    debut, fin = f"{prefixe}date_debut", f"{prefixe}date_fin"
    return (Q(**{f"{debut}__isnull": True}) | Q(**{f"{debut}__lte": jour})) & (
        Q(**{f"{fin}__isnull": True}) | Q(**{f"{fin}__gte": jour})
    )


class PartenaireQuerySet(models.QuerySet):
    def avec_contact(self):
        return self.exclude(contact_nom="")

    def sans_contact(self):
        return self.filter(contact_nom="")

    def avec_convention_en_cours(self, jour=None):
        jour = jour or timezone.localdate()
        return self.annotate(
            convention_en_cours=Exists(
                Convention.objects.filter(en_cours_le(jour), partenaire=OuterRef("pk"))
            )
        )

    def pour_annuaire(self, jour=None):
        """What the directory and its exports show, in a fixed number of queries."""
        return (
            self.select_related("commune")
            .prefetch_related("champs", models.Prefetch("fiches", queryset=_fiches_courtes()))
            .avec_convention_en_cours(jour)
        )


def _fiches_courtes():
    from plan.models import FicheAction

    return FicheAction.objects.only("pk", "code", "axe_id", "numero").order_by("axe__numero", "numero")


class Partenaire(models.Model):
    class Type(models.TextChoices):
        INSTITUTIONNEL = "institutionnel", "Institutionnel"
        FINANCEUR = "financeur", "Financeur"
        ASSOCIATIF = "associatif", "Associatif"
        ECONOMIQUE = "economique", "Économique"
        ELU = "elu", "Élu, collectivité"
        EDUCATION = "education", "Éducation"
        FORMATION = "formation", "Organisme de formation"
        SANTE = "sante", "Santé"
        AUTRE = "autre", "Autre"

    nom = models.CharField("nom", max_length=200)
    cle_nom = models.CharField("nom normalisé", max_length=200, default="", editable=False, db_index=True)
    type = models.CharField("type", max_length=20, choices=Type.choices)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        validators=[valider_siret],
        help_text="14 chiffres, espaces acceptés. Sert à reconnaître le partenaire à l'import.",
    )
    champs = models.ManyToManyField(
        ChampIntervention, related_name="partenaires", blank=True, verbose_name="champs d'intervention"
    )
    adresse = models.CharField(
        "adresse", max_length=250, blank=True, help_text="Numéro et rue ; la commune se choisit à part."
    )
    commune = models.ForeignKey(
        "antennes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partenaires",
        verbose_name="commune",
    )
    site_web = models.URLField("site web", blank=True)
    fiches = models.ManyToManyField(
        "plan.FicheAction",
        related_name="partenaires",
        blank=True,
        verbose_name="fiches-actions auxquelles il participe",
    )
    contact_nom = models.CharField("nom du contact", max_length=150, blank=True)
    contact_fonction = models.CharField("fonction du contact", max_length=150, blank=True)
    contact_email = models.EmailField("adresse électronique du contact", blank=True)
    contact_telephone = models.CharField("téléphone du contact", max_length=30, blank=True)
    contact_depuis = models.DateField("contact depuis le", null=True, blank=True, editable=False)
    interroge_diagnostic = models.BooleanField(
        "interrogé pour le diagnostic 2024",
        default=False,
        help_text="Fait partie des 9 partenaires interviewés (section 3.2 du projet).",
    )
    notes = models.TextField("notes", blank=True)
    mis_a_jour_le = models.DateTimeField("mis à jour le", auto_now=True)

    objects = PartenaireQuerySet.as_manager()

    CHAMPS_CONTACT = ["contact_nom", "contact_fonction", "contact_email", "contact_telephone"]

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = [TriFrancais("nom")]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="partenaire_siret_unique",
                violation_error_message="Un autre partenaire porte déjà ce SIRET.",
            ),
            models.UniqueConstraint(
                fields=["cle_nom", "commune"],
                condition=Q(commune__isnull=False),
                name="partenaire_nom_unique_par_commune",
                violation_error_message="Un partenaire de même nom existe déjà dans cette commune.",
            ),
            models.UniqueConstraint(
                fields=["cle_nom"],
                condition=Q(commune__isnull=True),
                name="partenaire_nom_unique_sans_commune",
                violation_error_message="Un partenaire de même nom existe déjà (sans commune).",
            ),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.cle_nom = cle(self.nom)
        self.siret = siret_normalise(self.siret)
        if kwargs.get("update_fields") is not None and "nom" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "cle_nom"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partenaires:detail", args=[self.pk])

    def clean(self):
        self.cle_nom = cle(self.nom)
        self.siret = siret_normalise(self.siret)

    @property
    def a_un_contact(self):
        return bool(self.contact_nom)

    def contact(self):
        return {champ.removeprefix("contact_"): getattr(self, champ) for champ in self.CHAMPS_CONTACT}

    def changer_contact(self, par=None, jour=None, **valeurs):
        """Set the contact's details (nom, fonction, email, telephone); the previous state goes to
        the history. Returns False when nothing changed. Every door (form, import) goes through it."""
        jour = jour or timezone.localdate()
        nouveau = {
            c: (valeurs.get(c.removeprefix("contact_"), getattr(self, c)) or "").strip()
            for c in self.CHAMPS_CONTACT
        }
        if all(nouveau[c] == getattr(self, c) for c in self.CHAMPS_CONTACT):
            return False
        nouvelle_personne = cle(nouveau["contact_nom"]) != cle(self.contact_nom)
        with transaction.atomic():
            if any(getattr(self, c) for c in self.CHAMPS_CONTACT):
                HistoriqueContact.objects.create(
                    partenaire=self,
                    nom=self.contact_nom,
                    fonction=self.contact_fonction,
                    email=self.contact_email,
                    telephone=self.contact_telephone,
                    debut=self.contact_depuis,
                    fin=jour,
                    motif=(
                        HistoriqueContact.Motif.REMPLACEMENT
                        if nouvelle_personne
                        else HistoriqueContact.Motif.MISE_A_JOUR
                    ),
                    par=par,
                )
            for champ, valeur in nouveau.items():
                setattr(self, champ, valeur)
            if nouvelle_personne or self.contact_depuis is None:
                self.contact_depuis = jour if nouveau["contact_nom"] else None
            if self.pk:
                self.save(update_fields=[*self.CHAMPS_CONTACT, "contact_depuis", "mis_a_jour_le"])
            else:
                self.save()
        return True

    def donnees_du_contact(self):
        """Everything held about the current contact person, for a request of access (JSON)."""
        personne = cle(self.contact_nom)
        historique = [
            h.en_dict()
            for h in self.historique_contacts.order_by("fin", "pk")
            if personne and cle(h.nom) == personne
        ]
        return {
            "partenaire": self.nom,
            "finalite": FINALITE_CONTACT,
            "contact_actuel": {**self.contact(), "depuis": _iso(self.contact_depuis)},
            "historique": historique,
            "exporte_le": timezone.now().isoformat(timespec="seconds"),
        }

    def effacer_contact(self, par=None):
        """Erase the current contact person on request: their details here and in this partner's
        history disappear; the partner, its events and an undetailed trace of the erasure stay."""
        personne, email = cle(self.contact_nom), self.contact_email.lower()
        with transaction.atomic():
            anciennes = self.historique_contacts.exclude(motif=HistoriqueContact.Motif.EFFACEMENT)
            a_effacer = [
                h.pk
                for h in anciennes
                if (personne and cle(h.nom) == personne) or (email and h.email.lower() == email)
            ]
            HistoriqueContact.objects.filter(pk__in=a_effacer).update(
                nom="", fonction="", email="", telephone="", efface=True
            )
            HistoriqueContact.objects.create(
                partenaire=self,
                debut=self.contact_depuis,
                fin=timezone.localdate(),
                motif=HistoriqueContact.Motif.EFFACEMENT,
                efface=True,
                par=par,
            )
            for champ in self.CHAMPS_CONTACT:
                setattr(self, champ, "")
            self.contact_depuis = None
            self.save(update_fields=[*self.CHAMPS_CONTACT, "contact_depuis", "mis_a_jour_le"])
        return len(a_effacer)


FINALITE_CONTACT = (
    "Joindre la personne désignée par le partenaire pour coordonner l'accompagnement des jeunes, "
    "l'inviter aux temps forts et rencontres de la Mission Locale et lui transmettre ses supports "
    "d'information (fiches 3.1 et 3.2 du projet stratégique). Données professionnelles, lues par "
    "l'équipe, la direction et le conseil d'administration ; jamais transmises hors de la Mission "
    "Locale. Conservées tant que la personne est le contact du partenaire, puis dans l'historique "
    "des contacts ; la personne peut en obtenir une copie ou leur effacement auprès de la direction."
)


def _iso(jour):
    return jour.isoformat() if jour else None


class HistoriqueContact(models.Model):
    """A previous state of a partner's contact, written whenever the contact changes."""

    class Motif(models.TextChoices):
        REMPLACEMENT = "remplacement", "Changement de personne"
        MISE_A_JOUR = "mise_a_jour", "Coordonnées mises à jour"
        EFFACEMENT = "effacement", "Contact effacé à sa demande"

    partenaire = models.ForeignKey(
        Partenaire, on_delete=models.CASCADE, related_name="historique_contacts", verbose_name="partenaire"
    )
    nom = models.CharField("nom", max_length=150, blank=True)
    fonction = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    debut = models.DateField("contact depuis le", null=True, blank=True)
    fin = models.DateField("jusqu'au")
    motif = models.CharField("motif", max_length=15, choices=Motif.choices)
    efface = models.BooleanField("effacé à la demande de la personne", default=False)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modifié par",
    )
    enregistre_le = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "ancien contact"
        verbose_name_plural = "historique des contacts"
        ordering = ["-fin", "-pk"]

    def __str__(self):
        return f"{self.partenaire} : {self.nom or 'contact effacé'} (jusqu'au {self.fin})"

    def en_dict(self):
        return {
            "nom": self.nom,
            "fonction": self.fonction,
            "email": self.email,
            "telephone": self.telephone,
            "debut": _iso(self.debut),
            "fin": _iso(self.fin),
            "motif": self.get_motif_display(),
        }


class Convention(models.Model):
    """A signed agreement with a partner; funders' ones carry an amount (plan §4: more than 20)."""

    class Nature(models.TextChoices):
        PARTENARIAT = "partenariat", "Convention de partenariat"
        FINANCEMENT = "financement", "Convention financière"

    partenaire = models.ForeignKey(
        Partenaire, on_delete=models.CASCADE, related_name="conventions", verbose_name="partenaire"
    )
    objet = models.CharField("objet", max_length=300)
    nature = models.CharField("nature", max_length=15, choices=Nature.choices, default=Nature.PARTENARIAT)
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin = models.DateField("fin", null=True, blank=True)
    montant = models.DecimalField(
        "montant (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Pour une convention financière : montant total accordé.",
    )
    notes = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-date_debut", "objet"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True)
                | Q(date_fin__isnull=True)
                | Q(date_debut__lte=models.F("date_fin")),
                name="convention_debut_avant_fin",
                violation_error_message="La date de début doit précéder la date de fin.",
            ),
            models.CheckConstraint(
                condition=Q(montant__isnull=True) | Q(montant__gte=0),
                name="convention_montant_positif",
                violation_error_message="Le montant ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(montant__isnull=True) | Q(nature="financement"),
                name="convention_montant_si_financement",
                violation_error_message="Seule une convention financière porte un montant.",
            ),
        ]

    def __str__(self):
        return f"{self.partenaire} : {self.objet}"

    def get_absolute_url(self):
        return self.partenaire.get_absolute_url() + "#conventions"

    def est_en_cours(self, jour=None):
        jour = jour or timezone.localdate()
        return (self.date_debut is None or self.date_debut <= jour) and (
            self.date_fin is None or self.date_fin >= jour
        )


# Events ----------------------------------------------------------------------------------------


class EvenementQuerySet(models.QuerySet):
    def pour_liste(self):
        return (
            self.select_related("commune")
            .prefetch_related("themes")
            .annotate(
                nb_invites=compte(
                    Participation.objects.filter(evenement=OuterRef("pk"), invite=True), "evenement"
                ),
                nb_presents=compte(
                    Participation.objects.filter(evenement=OuterRef("pk"), present=True), "evenement"
                ),
                nb_suites_ouvertes=compte(
                    SuiteEvenement.objects.filter(evenement=OuterRef("pk"), faite_le__isnull=True),
                    "evenement",
                ),
            )
        )

    def tenus_entre(self, debut, fin):
        return self.filter(date__gte=debut, date__lte=fin)


class Evenement(models.Model):
    """A temps fort or a thematic meeting with partners (fiche 3.1).

    Other apps attach their own records by a foreign key to this model (the ambassadors' interventions
    of fiche 2.1, for instance), and show them on the event's page through `extensions`.
    """

    class Type(models.TextChoices):
        TEMPS_FORT = "temps_fort", "Temps fort partenarial"
        RENCONTRE = "rencontre", "Rencontre thématique"
        FORUM = "forum", "Forum, salon"
        PORTES_OUVERTES = "portes_ouvertes", "Journée portes ouvertes"
        AUTRE = "autre", "Autre événement"

    type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.TEMPS_FORT)
    titre = models.CharField("titre", max_length=200)
    date = models.DateField("date")
    heure = models.TimeField("heure", null=True, blank=True)
    themes = models.ManyToManyField(
        "antennes.ThemeOffre", blank=True, related_name="evenements", verbose_name="thèmes de l'offre abordés"
    )
    sujet = models.CharField(
        "thème", max_length=200, blank=True, help_text="Le sujet de la rencontre, en quelques mots."
    )
    lieu = models.CharField("lieu", max_length=200, blank=True)
    commune = models.ForeignKey(
        "antennes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evenements_partenaires",
        verbose_name="commune",
    )
    compte_rendu = models.TextField("compte rendu", blank=True)
    partenaires = models.ManyToManyField(
        Partenaire, through="Participation", related_name="evenements", verbose_name="partenaires"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )

    objects = EvenementQuerySet.as_manager()

    class Meta:
        verbose_name = "événement partenarial"
        verbose_name_plural = "événements partenariaux"
        ordering = ["-date", "titre"]

    def __str__(self):
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("partenaires:evenement-detail", args=[self.pk])

    @property
    def est_passe(self):
        return self.date < timezone.localdate()


class Participation(models.Model):
    evenement = models.ForeignKey(
        Evenement, on_delete=models.CASCADE, related_name="participations", verbose_name="événement"
    )
    partenaire = models.ForeignKey(
        Partenaire, on_delete=models.CASCADE, related_name="participations", verbose_name="partenaire"
    )
    invite = models.BooleanField("invité", default=True)
    present = models.BooleanField("présent", default=False)

    class Meta:
        verbose_name = "participation"
        verbose_name_plural = "participations"
        ordering = ["partenaire__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["evenement", "partenaire"],
                name="participation_unique",
                violation_error_message="Ce partenaire figure déjà parmi les participants.",
            )
        ]

    def __str__(self):
        return f"{self.partenaire} à {self.evenement}"


class SuiteEvenement(models.Model):
    """A follow-up decided at an event: what, who, by when, and when it was done."""

    evenement = models.ForeignKey(
        Evenement, on_delete=models.CASCADE, related_name="suites", verbose_name="événement"
    )
    action = models.CharField("suite à donner", max_length=300)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suites_evenements",
        verbose_name="responsable",
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    faite_le = models.DateField("faite le", null=True, blank=True)

    class Meta:
        verbose_name = "suite d'un événement"
        verbose_name_plural = "suites des événements"
        ordering = ["faite_le", "echeance", "pk"]

    def __str__(self):
        return self.action

    @property
    def est_en_retard(self):
        return self.faite_le is None and self.echeance is not None and self.echeance < timezone.localdate()


# Communication materials -----------------------------------------------------------------------


def ajouter_mois(jour, mois):
    annee, rang = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    return jour.replace(
        year=annee, month=rang + 1, day=min(jour.day, calendar.monthrange(annee, rang + 1)[1])
    )


class SupportQuerySet(models.QuerySet):
    def a_revoir(self, jour=None):
        return self.filter(revue_prevue_le__lt=jour or timezone.localdate())

    def pour_liste(self):
        return (
            self.select_related("fiche")
            .prefetch_related("themes", "versions")
            .annotate(
                exemplaires=Sum("diffusions__quantite", default=0),
                nb_diffusions=Count("diffusions", distinct=True),
            )
        )


class Support(models.Model):
    """A communication material: the partners' booklet (3.2), the young people's guide (2.2), the
    ambassadors' kit (2.1) or any other, with a review period that flags it when overdue."""

    class Nature(models.TextChoices):
        LIVRET_PARTENAIRES = "livret_partenaires", "Livret d'information des partenaires"
        GUIDE_JEUNES = "guide_jeunes", "Guide de l'offre pour les jeunes"
        KIT_AMBASSADEUR = "kit_ambassadeur", "Kit « Devenir ambassadeur »"
        AUTRE = "autre", "Autre support"

    # The fiche each kind of material serves, by default.
    FICHE_PAR_NATURE = {"livret_partenaires": "3.2", "guide_jeunes": "2.2", "kit_ambassadeur": "2.1"}

    titre = models.CharField("titre", max_length=200)
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    fiche = models.ForeignKey(
        "plan.FicheAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supports",
        verbose_name="fiche-action",
    )
    description = models.TextField("description", blank=True)
    themes = models.ManyToManyField(
        "antennes.ThemeOffre", blank=True, related_name="supports", verbose_name="thèmes de l'offre couverts"
    )
    date_mise_a_jour = models.DateField("dernière mise à jour du contenu")
    periodicite_revue_mois = models.PositiveSmallIntegerField(
        "à revoir tous les (mois)",
        default=12,
        validators=[MinValueValidator(1)],
        help_text="Au-delà, le support est signalé « à revoir ».",
    )
    revue_prevue_le = models.DateField("prochaine revue", editable=False)

    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = "support de communication"
        verbose_name_plural = "supports de communication"
        ordering = ["nature", "titre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(periodicite_revue_mois__gte=1),
                name="support_periodicite_positive",
                violation_error_message="La périodicité de revue est d'au moins un mois.",
            )
        ]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        self.revue_prevue_le = ajouter_mois(self.date_mise_a_jour, self.periodicite_revue_mois)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revue_prevue_le"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("supports:detail", args=[self.pk])

    def est_a_revoir(self, jour=None):
        return self.revue_prevue_le < (jour or timezone.localdate())


class VersionSupport(models.Model):
    class Format(models.TextChoices):
        PAPIER = "papier", "Papier"
        E_PLAQUETTE = "e_plaquette", "E-plaquette (PDF à partager)"
        WEB = "web", "Version web"
        VIDEO = "video", "Vidéo"

    support = models.ForeignKey(
        Support, on_delete=models.CASCADE, related_name="versions", verbose_name="support"
    )
    format = models.CharField("format", max_length=15, choices=Format.choices)
    libelle = models.CharField("édition", max_length=100, help_text="Par exemple « Édition 2026 » ou « v2 ».")
    url = models.URLField(
        "adresse (URL)",
        blank=True,
        help_text="Là où mène le QR code de cette version (la version web, l'e-plaquette en ligne...).",
    )
    date = models.DateField("date de l'édition")
    tirage = models.PositiveIntegerField("tirage (exemplaires imprimés)", null=True, blank=True)

    class Meta:
        verbose_name = "version d'un support"
        verbose_name_plural = "versions des supports"
        ordering = ["-date", "format"]

    def __str__(self):
        return f"{self.support} : {self.libelle} ({self.get_format_display()})"


class Diffusion(models.Model):
    """A distribution of a material: to whom (a partner, an élu, a funder), when, how many."""

    class Destinataire(models.TextChoices):
        PARTENAIRE = "partenaire", "Partenaire"
        ELU = "elu", "Élu"
        FINANCEUR = "financeur", "Financeur"
        JEUNES = "jeunes", "Jeunes"
        AUTRE = "autre", "Autre"

    support = models.ForeignKey(
        Support, on_delete=models.CASCADE, related_name="diffusions", verbose_name="support"
    )
    version = models.ForeignKey(
        VersionSupport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diffusions",
        verbose_name="version",
    )
    type_destinataire = models.CharField(
        "destinataire", max_length=12, choices=Destinataire.choices, default=Destinataire.PARTENAIRE
    )
    partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diffusions",
        verbose_name="partenaire destinataire",
    )
    destinataire = models.CharField(
        "autre destinataire",
        max_length=200,
        blank=True,
        help_text="Quand le destinataire n'est pas un partenaire de l'annuaire (un élu, un public...).",
    )
    evenement = models.ForeignKey(
        Evenement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diffusions",
        verbose_name="remis lors de l'événement",
    )
    date = models.DateField("date")
    quantite = models.PositiveIntegerField(
        "nombre d'exemplaires", default=1, validators=[MinValueValidator(1)]
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par",
    )

    class Meta:
        verbose_name = "diffusion"
        verbose_name_plural = "diffusions"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantite__gte=1),
                name="diffusion_quantite_positive",
                violation_error_message="Indiquez au moins un exemplaire.",
            ),
            models.CheckConstraint(
                condition=Q(partenaire__isnull=False) | ~Q(destinataire=""),
                name="diffusion_a_un_destinataire",
                violation_error_message="Choisissez un partenaire ou nommez le destinataire.",
            ),
        ]

    def __str__(self):
        return f"{self.support} → {self.nom_destinataire} ({self.quantite})"

    @property
    def nom_destinataire(self):
        return self.partenaire.nom if self.partenaire_id else self.destinataire


# Imports ---------------------------------------------------------------------------------------


class ImportPartenaires(models.Model):
    """An uploaded spreadsheet between its dry run and its application. The file is kept only until
    it is applied (it holds contacts' details); the report stays as a trace."""

    nom_fichier = models.CharField("fichier", max_length=255)
    contenu = models.BinaryField("contenu", editable=False)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, editable=False)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposé par",
    )
    depose_le = models.DateTimeField("déposé le", auto_now_add=True)
    applique_le = models.DateTimeField("appliqué le", null=True, blank=True)
    resume = models.JSONField("résumé", default=dict)

    class Meta:
        verbose_name = "import de partenaires"
        verbose_name_plural = "imports de partenaires"
        ordering = ["-depose_le"]

    def __str__(self):
        return f"{self.nom_fichier} ({self.depose_le:%d/%m/%Y %H:%M})"

    @classmethod
    def purger_les_anciens(cls):
        """Dry runs never applied are dropped after a day: their files hold personal data."""
        cls.objects.filter(
            applique_le__isnull=True, depose_le__lt=timezone.now() - timedelta(days=1)
        ).delete()
