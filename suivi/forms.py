"""Forms of the follow-up screens. Each one only validates and hands clean values to suivi.services."""

import html
from functools import lru_cache

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe

from comptes import roles
from mission_locale.bornes import valider_date_raisonnable
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


def echapper(valeur):
    """Django's conditional_escape (same stdlib escaping) without its lazy-text wrapper, which cost
    more than the escaping itself in the loops writing hundreds of options and attributes."""
    if hasattr(valeur, "__html__"):
        return valeur.__html__()
    return html.escape(str(valeur))


def attributs_html(attrs):
    """HTML attributes exactly as Django's "django/forms/widgets/attrs.html" writes them."""
    return "".join(
        f" {nom}" if valeur is True else f' {nom}="{echapper(valeur)}"'
        for nom, valeur in attrs.items()
        if valeur is not False
    )


def nom_et_attributs(widget):
    return f' name="{echapper(widget["name"])}"{attributs_html(widget["attrs"])}'


def ecrire_input(widget):
    valeur = "" if widget["value"] is None else f' value="{echapper(widget["value"])}"'
    name, attributs = f' name="{echapper(widget["name"])}"', attributs_html(widget["attrs"])
    return f'<input type="{widget["type"]}"{name}{valeur}{attributs}>'


def ecrire_textarea(widget):
    valeur = echapper(widget["value"]) if widget["value"] else ""
    return f"<textarea{nom_et_attributs(widget)}>\n{valeur}</textarea>"


def ecrire_fichier(widget):
    # A file already attached (link and "clear" box) is rare here: left to Django's template.
    if widget["is_initial"]:
        return None
    return f'<input type="{widget["type"]}"{nom_et_attributs(widget)}>'


ECRITURES = {
    **{
        f"django/forms/widgets/{nom}.html": ecrire_input
        for nom in ("input", "text", "number", "url", "email", "date", "hidden")
    },
    "django/forms/widgets/textarea.html": ecrire_textarea,
    "django/forms/widgets/clearable_file_input.html": ecrire_fichier,
}


class RenduRapide(DjangoTemplates):
    """Django's form renderer, except that the plain widgets (inputs, textareas) are written in
    Python, with the markup of Django's templates: the fiche page has seven fields in each of its
    dozens of step forms, and one template per field was most of its rendering time."""

    def render(self, template_name, context, request=None):
        ecrire = ECRITURES.get(template_name)
        html = ecrire(context["widget"]) if ecrire else None
        return super().render(template_name, context, request) if html is None else html


class ChoixPartages(BaseChoiceIterator):
    """Choices prepared once and shared by the many forms of a page (the staff in each step's
    "Responsable"): Django normalises a plain list again in every form, a third of the fiche
    page's time with dozens of steps."""

    def __init__(self, choix):
        self.choix = choix
        self.textes = tuple((str(valeur), str(libelle)) for valeur, libelle in choix)

    def __iter__(self):
        return iter(self.choix)


@lru_cache(maxsize=16)
def choix_partages(choix):
    """The shared choices of a `choix` tuple: the same object for every form built from it."""
    return ChoixPartages(choix)


@lru_cache(maxsize=64)
def options_html(choix):
    """The <option> list of a `choix` tuple, none selected: built once for the many forms of a page
    that share the same list (the staff in each step's "Responsable")."""
    return "".join(
        f'\n  <option value="{echapper(valeur)}">{echapper(libelle)}</option>' for valeur, libelle in choix
    )


class Selection(forms.Select):
    """Django's <select>, same markup, written in Python: the stock widget renders one template per
    option, and the fiche page has a list of the whole staff in every step's form."""

    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(self.choices, ChoixPartages):
            choix = self.choices.textes
        elif self.allow_multiple_selected or any(
            isinstance(libelle, (list, tuple)) for _, libelle in self.choices
        ):
            return super().render(name, value, attrs, renderer)
        else:
            choix = tuple((str(valeur), str(libelle)) for valeur, libelle in self.choices)
        options = options_html(choix)
        valeurs = self.format_value(value)
        choisie = next((valeur for valeur, _ in choix if valeur in valeurs), None)
        if choisie is not None:
            balise = f'<option value="{echapper(choisie)}"'
            options = options.replace(f"{balise}>", f"{balise} selected>", 1)
        attributs = attributs_html(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{echapper(name)}"{attributs}>{options}\n</select>')  # noqa: S308 — all escaped above


def choix_personnes():
    """(id, name) of the active staff who can pilot or be responsible: one query, shared by forms."""
    personnes = (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name__in=[roles.ADMINISTRATION, roles.DIRECTION, roles.EQUIPE]
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [(u.pk, u.nom_affiche) for u in personnes]


class BootstrapMixin:
    """Bootstrap classes on widgets; after validation, is-invalid on fields with errors and the
    focus on the first of them."""

    default_renderer = RenduRapide

    def appliquer_classes(self):
        premiere_erreur = next((nom for nom in self.fields if self._errors and nom in self._errors), None)
        for nom, champ in self.fields.items():
            widget = champ.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
                classe = "form-check-input"
            elif isinstance(widget, forms.Select):
                classe = "form-select"
            else:
                classe = "form-control"
            if self._errors and nom in self._errors:
                classe += " is-invalid"
            widget.attrs["class"] = classe
            # The page may reload at its top (no JavaScript): the first error takes the focus.
            if nom == premiere_erreur:
                widget.attrs["autofocus"] = True

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


def champ_commentaire(requis=False, **kwargs):
    return forms.CharField(
        label="Commentaire",
        required=requis,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        **kwargs,
    )


class EtapeForm(BootstrapMixin, forms.Form):
    """Statut and avancement of a leaf step, with an optional comment, evidence or link."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    statut = forms.ChoiceField(label="Statut", choices=Etape.Statut.choices, widget=Selection)
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
    responsable = forms.TypedChoiceField(
        label="Responsable", required=False, coerce=int, empty_value=None, widget=Selection
    )
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
        self.fields["responsable"].choices = choix_partages(choix)
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
        widget=Selection,
        show_hidden_initial=True,
    )
    co_pilotes = forms.TypedMultipleChoiceField(
        label="Co-pilotes",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
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
    decision_attendue = forms.CharField(
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
        widget=Selection,
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
        self.fiche = fiche
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
    motif = forms.CharField(
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
