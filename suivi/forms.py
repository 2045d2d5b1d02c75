"""Forms of the follow-up screens. Each one only validates and hands clean values to suivi.services."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from comptes import roles
from mission_locale.bornes import valider_date_raisonnable
from mission_locale.widgets import CasesRapides, SelectRapide
from plan.models import Etape, Meteo

from .models import Indicateur, Mesure
from .validators import EXTENSIONS_ACCEPTEES, valider_piece_jointe

AIDE_PIECE = (
    "PDF, image (PNG, JPEG) ou document bureautique (docx, xlsx, pptx, odt, ods, odp), 10 Mo au plus."
)
ACCEPT = ",".join(f".{ext}" for ext in EXTENSIONS_ACCEPTEES)


class SaisieDate(forms.DateInput):
    """The browser's date picker, which only reads ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def choix_personnes():
    """(id, name) of the active staff who can pilot or be responsible: one query, shared by forms."""
    User = get_user_model()
    # A subquery rather than a join and DISTINCT: PostgreSQL orders a DISTINCT only by selected
    # columns, and the French order is an expression.
    personnes = User.objects.par_nom().filter(
        is_active=True,
        pk__in=User.objects.filter(
            groups__name__in=[roles.ADMINISTRATION, roles.DIRECTION, roles.EQUIPE]
        ).values("pk"),
    )
    return [(u.pk, u.nom_affiche) for u in personnes]


class BootstrapMixin:
    """Rendered by crispy-forms (Bootstrap 5 classes, errors next to each field); after validation
    the first field in error takes the focus, since the page may reload at its top without
    JavaScript."""

    def appliquer_classes(self):
        premiere_erreur = next((nom for nom in self.fields if self._errors and nom in self._errors), None)
        if premiere_erreur:
            self.fields[premiere_erreur].widget.attrs["autofocus"] = True

    def full_clean(self):
        super().full_clean()
        self.appliquer_classes()


def champ_piece_jointe():
    return forms.FileField(
        label="Pièce justificative",
        required=False,
        help_text=AIDE_PIECE,
        validators=[valider_piece_jointe],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


def champ_lien():
    return forms.URLField(
        label="Lien",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Adresse d'un document partagé, d'un article…",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class ChampTexte(forms.CharField):
    """A text whose line breaks count as the browser counts them: one character each. Browsers
    send "\r\n" for every line break of a <textarea>, which Django would count twice against
    `max_length` while the page's `maxlength` counted once."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def champ_commentaire(requis=False, **kwargs):
    return ChampTexte(
        label="Commentaire",
        required=requis,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        **kwargs,
    )


class EtapeForm(BootstrapMixin, forms.Form):
    """Statut and avancement of a leaf step, with an optional comment, evidence or link."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    statut = forms.ChoiceField(label="Statut", choices=Etape.Statut.choices)
    avancement = forms.IntegerField(
        label="Avancement (%)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="0 pour « À venir », 100 pour « Réalisé ».",
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
        error_messages={
            # %% because Django fills these messages with the limit as a %-format parameter.
            "min_value": "L'avancement est compris entre 0 et 100 %%.",
            "max_value": "L'avancement est compris entre 0 et 100 %%.",
            "invalid": "Indiquez un nombre entier entre 0 et 100.",
        },
    )
    commentaire = champ_commentaire()
    piece_jointe = champ_piece_jointe()
    lien = champ_lien()
    responsable = forms.TypedChoiceField(label="Responsable", required=False, coerce=int, empty_value=None)
    date_echeance = forms.DateField(
        label="Échéance de l'étape",
        required=False,
        widget=SaisieDate(),
        validators=[valider_date_raisonnable],
    )
    a_presenter_au_conseil = forms.BooleanField(
        label="À présenter au conseil d'administration",
        required=False,
        help_text="Le commentaire figurera dans le rapport de la prochaine instance.",
    )
    poids = forms.IntegerField(
        label="Poids dans l'avancement de la fiche",
        required=False,
        min_value=1,
        max_value=10,
        help_text="De 1 à 10 : l'importance relative de l'étape (1 par défaut).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": "Le poids est compris entre 1 et 10.",
            "max_value": "Le poids est compris entre 1 et 10.",
            "invalid": "Indiquez un nombre entier entre 1 et 10.",
        },
    )

    def __init__(self, *args, etape, personnes, direction=False, **kwargs):
        kwargs["initial"] = {
            "version": etape.version,
            "statut": etape.statut,
            "avancement": etape.avancement,
            "responsable": etape.responsable_id,
            "date_echeance": etape.date_echeance,
            "poids": etape.poids,
        } | kwargs.get("initial", {})
        super().__init__(*args, prefix=f"etape-{etape.pk}", **kwargs)
        self.etape = etape
        if not direction:
            # The weight shapes the fiche's figures: Direction's call, not each pilot's.
            del self.fields["poids"]
        choix = (("", "Aucun"), *personnes)
        if etape.responsable and etape.responsable_id not in {pk for pk, _ in personnes}:
            nom = etape.responsable.nom_affiche
            choix += ((etape.responsable_id, nom),)
        self.fields["responsable"].choices = choix
        self.fields["statut"].widget.attrs["data-statut"] = ""
        self.fields["avancement"].widget.attrs["data-avancement"] = ""
        self.appliquer_classes()

    def clean_date_echeance(self):
        echeance = self.cleaned_data["date_echeance"]
        plan = self.etape.fiche.axe.plan
        if echeance and not plan.date_debut <= echeance <= plan.date_fin:
            raise ValidationError(
                f"Choisissez une date comprise entre {plan.annee_debut} et {plan.annee_fin} (années du plan)."
            )
        return echeance

    def clean(self):
        donnees = super().clean()
        statut = donnees.get("statut")
        if statut == Etape.Statut.A_VENIR:
            donnees["avancement"] = 0
        elif statut == Etape.Statut.REALISE:
            donnees["avancement"] = 100
        elif statut and donnees.get("avancement") is None and "avancement" not in self.errors:
            self.add_error("avancement", "Indiquez l'avancement en pourcentage (de 0 à 100).")
        return donnees

    def valeurs(self):
        """The step fields to save, as suivi.services.mettre_a_jour_etape expects them."""
        donnees = self.cleaned_data
        valeurs = {"statut": donnees["statut"], "avancement": donnees["avancement"]}
        valeurs["date_echeance"] = donnees["date_echeance"]
        if "poids" in self.fields and donnees.get("poids"):
            valeurs["poids"] = donnees["poids"]
        if "responsable" in self.changed_data:
            valeurs["responsable"] = (
                get_user_model().objects.get(pk=donnees["responsable"]) if donnees["responsable"] else None
            )
        return valeurs


class FicheForm(BootstrapMixin, forms.Form):
    """Météo for pilots; dates, pilote and co-pilotes too for Direction.

    Each fiche field carries the value displayed (`show_hidden_initial`), so that the service can
    refuse a change when someone else changed the same field in the meantime.
    """

    meteo = forms.ChoiceField(
        label="Météo",
        required=False,
        choices=[("", "Non renseignée")] + Meteo.choices,
        widget=forms.RadioSelect,
        show_hidden_initial=True,
        help_text="Votre ressenti sur la fiche : un commentaire est demandé si elle se dégrade.",
    )
    date_debut = forms.DateField(
        label="Date de début",
        required=False,
        widget=SaisieDate(),
        validators=[valider_date_raisonnable],
        show_hidden_initial=True,
    )
    date_echeance = forms.DateField(
        label="Échéance",
        required=False,
        widget=SaisieDate(),
        validators=[valider_date_raisonnable],
        show_hidden_initial=True,
    )
    pilote = forms.TypedChoiceField(
        label="Pilote",
        required=False,
        coerce=int,
        empty_value=None,
        widget=SelectRapide,
        show_hidden_initial=True,
    )
    co_pilotes = forms.TypedMultipleChoiceField(
        label="Co-pilotes",
        required=False,
        coerce=int,
        widget=CasesRapides,
        show_hidden_initial=True,
    )
    frequence_revue_jours = forms.IntegerField(
        label="Fréquence de mise à jour attendue (jours)",
        required=False,
        min_value=1,
        max_value=365,
        show_hidden_initial=True,
        help_text="Au-delà, la fiche est signalée « mise à jour en attente » et son pilote reçoit un rappel.",
        error_messages={
            "min_value": "Indiquez un nombre de jours entre 1 et 365.",
            "max_value": "Indiquez un nombre de jours entre 1 et 365.",
            "invalid": "Indiquez un nombre de jours entre 1 et 365.",
        },
    )
    decision_attendue = ChampTexte(
        label="Décision attendue du conseil",
        required=False,
        max_length=2000,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="À inscrire à l'ordre du jour de la prochaine instance ; laissez vide s'il n'y en a pas.",
    )
    commentaire = champ_commentaire()
    piece_jointe = champ_piece_jointe()
    lien = champ_lien()

    CHAMPS_DIRECTION = [
        "date_debut",
        "date_echeance",
        "pilote",
        "co_pilotes",
        "frequence_revue_jours",
        "decision_attendue",
    ]
    CHAMPS_FICHE = ["meteo", *CHAMPS_DIRECTION]

    def __init__(self, *args, fiche, personnes, direction, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "meteo": fiche.meteo,
                "date_debut": fiche.date_debut,
                "date_echeance": fiche.date_echeance,
                "pilote": fiche.pilote_id,
                "co_pilotes": [u.pk for u in fiche.co_pilotes.all()],
                "frequence_revue_jours": fiche.frequence_revue_jours,
                "decision_attendue": fiche.decision_attendue,
            },
        )
        super().__init__(*args, prefix="fiche", **kwargs)
        self.fiche = fiche
        if direction:
            # People who left the staff groups stay selectable while they hold the role.
            actuels = [fiche.pilote, *fiche.co_pilotes.all()]
            connus = {pk for pk, _ in personnes}
            personnes = personnes + [(u.pk, u.nom_affiche) for u in actuels if u and u.pk not in connus]
            self.fields["pilote"].choices = [("", "Non désigné")] + personnes
            self.fields["co_pilotes"].choices = personnes
        else:
            for nom in self.CHAMPS_DIRECTION:
                del self.fields[nom]
        self.appliquer_classes()

    def clean(self):
        donnees = super().clean()
        if (
            "meteo" in self.changed_data
            and self.fiche.meteo_se_degrade(donnees.get("meteo"))
            and not donnees.get("commentaire", "").strip()
        ):
            self.add_error("commentaire", "La météo se dégrade : expliquez pourquoi en quelques mots.")
        dates = {"date_debut", "date_echeance"} & set(self.fields)
        if dates:
            erreurs = self.fiche.erreurs_dates(donnees.get("date_debut"), donnees.get("date_echeance"))
            for champ, message in erreurs.items():
                if champ not in self.errors:
                    self.add_error(champ, message)
        return donnees

    def _vu(self, nom):
        """The value the person saw, read back from the hidden initial input."""
        champ = self.fields[nom]
        brut = champ.hidden_widget().value_from_datadict(self.data, self.files, self.add_initial_prefix(nom))
        try:
            if nom == "pilote":
                return int(brut) if brut else None
            if nom == "co_pilotes":
                return [int(pk) for pk in brut or []]
            if nom == "decision_attendue":
                return brut or ""
            return champ.to_python(brut)
        except (TypeError, ValueError, ValidationError):
            # A tampered value: as if nothing had been seen, which the service reports as a conflict.
            return [] if nom == "co_pilotes" else None

    def changements(self):
        """(valeurs, vues) for suivi.services.mettre_a_jour_fiche: new and displayed values."""
        Utilisateur = get_user_model()
        changes = [nom for nom in self.CHAMPS_FICHE if nom in self.fields and nom in self.changed_data]
        ids = set()
        for nom in ("pilote", "co_pilotes"):
            if nom in changes:
                for valeur in (self.cleaned_data[nom], self._vu(nom)):
                    ids |= set(valeur) if isinstance(valeur, list) else {valeur}
        personnes = Utilisateur.objects.in_bulk(ids - {None}) if ids - {None} else {}

        def objet(nom, valeur):
            if nom == "pilote":
                return personnes.get(valeur)
            if nom == "co_pilotes":
                return [personnes[pk] for pk in valeur if pk in personnes]
            return valeur

        valeurs = {nom: objet(nom, self.cleaned_data[nom]) for nom in changes}
        if valeurs.get("frequence_revue_jours", 0) is None:
            del valeurs["frequence_revue_jours"]
        vues = {nom: objet(nom, self._vu(nom)) for nom in changes}
        return valeurs, vues


class CommentaireForm(BootstrapMixin, forms.Form):
    commentaire = champ_commentaire(requis=True, error_messages={"required": "Écrivez votre commentaire."})
    etape = forms.TypedChoiceField(
        label="Étape concernée",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Facultatif.",
    )
    piece_jointe = champ_piece_jointe()
    lien = champ_lien()
    a_presenter_au_conseil = forms.BooleanField(
        label="À présenter au conseil d'administration", required=False
    )

    def __init__(self, *args, etapes, **kwargs):
        super().__init__(*args, prefix="commentaire", **kwargs)
        self.etapes = {e.pk: e for e in etapes}
        self.fields["etape"].choices = [("", "La fiche en général")] + [
            (e.pk, e.intitule[:90]) for e in etapes
        ]
        self.fields["commentaire"].widget.attrs["rows"] = 3
        self.appliquer_classes()

    def etape_choisie(self):
        return self.etapes.get(self.cleaned_data.get("etape"))


def saisir_en_francais(champ):
    """Accept "15,5" as people type it, and show numbers the French way."""
    champ.localize = True
    champ.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    champ.widget.is_localized = True


class IndicateurForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Indicateur
        fields = ["libelle", "unite", "sens", "valeur_initiale", "cible", "date_cible"]
        widgets = {"date_cible": SaisieDate()}
        help_texts = {
            "unite": "Par exemple « jeunes », « % », « partenaires ».",
            "valeur_initiale": "La valeur au moment où l'on commence à suivre l'indicateur.",
        }

    def __init__(self, *args, fiche, **kwargs):
        super().__init__(*args, prefix="indicateur", **kwargs)
        self.fiche = self.instance.fiche = fiche
        for nom in ("valeur_initiale", "cible"):
            saisir_en_francais(self.fields[nom])
        self.appliquer_classes()

    def clean_libelle(self):
        libelle = self.cleaned_data["libelle"].strip()
        if Indicateur.objects.filter(fiche=self.fiche, libelle__iexact=libelle).exists():
            raise ValidationError("Cette fiche a déjà un indicateur de ce nom.")
        return libelle

    def clean(self):
        donnees = super().clean()
        initiale, cible, sens = donnees.get("valeur_initiale"), donnees.get("cible"), donnees.get("sens")
        if initiale is not None and cible is not None:
            if initiale == cible:
                self.add_error("cible", "La cible doit être différente de la valeur initiale.")
            elif sens == Indicateur.Sens.AUGMENTER and cible < initiale:
                self.add_error(
                    "cible", "Pour un indicateur à augmenter, la cible doit dépasser la valeur initiale."
                )
            elif sens == Indicateur.Sens.DIMINUER and cible > initiale:
                self.add_error(
                    "cible", "Pour un indicateur à diminuer, la cible doit être sous la valeur initiale."
                )
        return donnees

    def validate_constraints(self):
        # Checked with French messages above; the database constraints stay as the last guard.
        pass


class MesureForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Mesure
        fields = ["date", "valeur", "commentaire"]
        widgets = {
            "date": SaisieDate(),
            "commentaire": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"date": "Date de la mesure"}

    def __init__(self, *args, indicateur, **kwargs):
        super().__init__(*args, prefix=f"mesure-{indicateur.pk}", **kwargs)
        self.indicateur = indicateur
        saisir_en_francais(self.fields["valeur"])
        self.fields["commentaire"].required = False
        self.appliquer_classes()

    def clean_date(self):
        jour = self.cleaned_data["date"]
        if jour > timezone.localdate():
            raise ValidationError("La date de la mesure ne peut pas être dans le futur.")
        if Mesure.objects.filter(indicateur=self.indicateur, date=jour).exists():
            raise ValidationError("Une mesure est déjà saisie à cette date pour cet indicateur.")
        return jour


class CorrectionMesureForm(BootstrapMixin, forms.Form):
    """A wrong measure is corrected by a new one that says why: the first one stays on record."""

    valeur = forms.DecimalField(label="Valeur corrigée", max_digits=12, decimal_places=2)
    motif = ChampTexte(
        label="Motif de la correction",
        max_length=500,
        error_messages={"required": "Indiquez pourquoi la mesure est corrigée."},
    )

    def __init__(self, *args, mesure, **kwargs):
        super().__init__(*args, prefix=f"correction-{mesure.pk}", **kwargs)
        self.mesure = mesure
        saisir_en_francais(self.fields["valeur"])
        self.appliquer_classes()

    def clean_valeur(self):
        valeur = self.cleaned_data["valeur"]
        if valeur == self.mesure.valeur:
            raise ValidationError("C'est déjà la valeur enregistrée : indiquez la valeur corrigée.")
        return valeur
