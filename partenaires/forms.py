import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from antennes.models import ThemeOffre
from plan.models import FicheAction, Plan

from .importation import TAILLE_MAX
from .models import Convention, Diffusion, Evenement, Partenaire, SuiteEvenement, Support, VersionSupport
from .normalisation import cle, siret_normalise


class ChampDate(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChampHeure(forms.TimeInput):
    input_type = "time"

    def __init__(self):
        super().__init__(format="%H:%M")


def libelle_de_fiche(code, libelle_court, titre):
    """How a fiche is named in the partners' choice lists: its code and short label."""
    return f"{code} {libelle_court or titre}"


def fiches_du_plan():
    return FicheAction.objects.du_plan(Plan.objects.en_vigueur()).order_by("axe__numero", "numero")


class FormulaireAvecBouton:
    bouton = "Enregistrer"

    def preparer(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("enregistrer", self.bouton))


class PartenaireForm(FormulaireAvecBouton, forms.ModelForm):
    # Typed with spaces (« 732 829 320 00074 »), stored as 14 digits.
    siret = forms.CharField(
        label="SIRET",
        max_length=20,
        required=False,
        help_text="14 chiffres, espaces acceptés. Sert à reconnaître le partenaire à l'import.",
    )

    class Meta:
        model = Partenaire
        fields = ["nom", "type", "siret", "champs", "adresse", "commune", "site_web", "fiches", "notes"]
        widgets = {
            "champs": forms.CheckboxSelectMultiple,
            "fiches": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiches"].queryset = fiches_du_plan()
        self.fields["fiches"].label_from_instance = lambda f: libelle_de_fiche(
            f.code, f.libelle_court, f.titre
        )
        self.fields["commune"].empty_label = "Hors de l'arrondissement ou non précisée"
        self.preparer()

    def clean_siret(self):
        return siret_normalise(self.cleaned_data["siret"])

    def clean(self):
        donnees = super().clean()
        nom, commune = donnees.get("nom"), donnees.get("commune")
        if nom:
            homonymes = Partenaire.objects.filter(cle_nom=cle(nom), commune=commune).exclude(
                pk=self.instance.pk
            )
            if homonymes.exists():
                self.add_error(
                    "nom",
                    "Un partenaire de même nom existe déjà"
                    + (f" à {commune}." if commune else " (sans commune).")
                    + " Ouvrez sa fiche plutôt que d'en créer une seconde.",
                )
        return donnees


TELEPHONE = re.compile(r"^\+?[\d\s.()\-]{6,30}$")


class ContactForm(FormulaireAvecBouton, forms.Form):
    nom = forms.CharField(label="Prénom et nom", max_length=150, required=False)
    fonction = forms.CharField(label="Fonction", max_length=150, required=False)
    email = forms.EmailField(label="Adresse électronique professionnelle", required=False)
    telephone = forms.CharField(label="Téléphone professionnel", max_length=30, required=False)

    def __init__(self, *args, partenaire=None, **kwargs):
        if partenaire is not None and "initial" not in kwargs:
            kwargs["initial"] = partenaire.contact()
        super().__init__(*args, **kwargs)
        self.preparer()

    def clean_telephone(self):
        telephone = self.cleaned_data["telephone"].strip()
        if telephone and (not TELEPHONE.match(telephone) or sum(c.isdigit() for c in telephone) < 6):
            raise forms.ValidationError("Un numéro de téléphone : des chiffres, espaces et « + » seulement.")
        return telephone

    def clean(self):
        donnees = super().clean()
        if not donnees.get("nom") and any(donnees.get(c) for c in ("fonction", "email", "telephone")):
            self.add_error("nom", "Nommez la personne contact (ses coordonnées seules ne suffisent pas).")
        return donnees


class ConventionForm(FormulaireAvecBouton, forms.ModelForm):
    class Meta:
        model = Convention
        fields = ["objet", "nature", "date_debut", "date_fin", "montant", "notes"]
        widgets = {
            "date_debut": ChampDate(),
            "date_fin": ChampDate(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preparer()


class EvenementForm(FormulaireAvecBouton, forms.ModelForm):
    class Meta:
        model = Evenement
        fields = ["type", "titre", "date", "heure", "sujet", "themes", "lieu", "commune", "compte_rendu"]
        widgets = {
            "date": ChampDate(),
            "heure": ChampHeure(),
            "themes": forms.CheckboxSelectMultiple,
            "compte_rendu": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ThemeOffre.objects.all()
        self.preparer()

    def clean_date(self):
        jour = self.cleaned_data["date"]
        if not 2000 <= jour.year <= 2100:
            raise forms.ValidationError("Choisissez une date entre 2000 et 2100.")
        return jour


def comptes_actifs():
    return get_user_model().objects.par_nom().filter(is_active=True)


class SuiteForm(FormulaireAvecBouton, forms.ModelForm):
    bouton = "Ajouter la suite"

    class Meta:
        model = SuiteEvenement
        fields = ["action", "responsable", "echeance"]
        widgets = {"echeance": ChampDate()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = comptes_actifs()
        self.fields["responsable"].label_from_instance = lambda u: u.nom_affiche
        self.preparer()


class SupportForm(FormulaireAvecBouton, forms.ModelForm):
    class Meta:
        model = Support
        fields = [
            "titre",
            "nature",
            "fiche",
            "description",
            "themes",
            "date_mise_a_jour",
            "periodicite_revue_mois",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "date_mise_a_jour": ChampDate(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"fiche": "Laissez vide : la fiche de la nature choisie (3.2, 2.2 ou 2.1) est prise."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = fiches_du_plan()
        self.fields["fiche"].label_from_instance = lambda f: libelle_de_fiche(
            f.code, f.libelle_court, f.titre
        )
        self.fields["themes"].queryset = ThemeOffre.objects.all()
        self.preparer()

    def clean_date_mise_a_jour(self):
        jour = self.cleaned_data["date_mise_a_jour"]
        if not 2000 <= jour.year <= 2100:
            raise forms.ValidationError("Choisissez une date entre 2000 et 2100.")
        return jour

    def clean(self):
        donnees = super().clean()
        if not donnees.get("fiche") and donnees.get("nature") in Support.FICHE_PAR_NATURE:
            donnees["fiche"] = (
                fiches_du_plan().filter(code=Support.FICHE_PAR_NATURE[donnees["nature"]]).first()
            )
            self.instance.fiche = donnees["fiche"]
        return donnees


class VersionForm(FormulaireAvecBouton, forms.ModelForm):
    class Meta:
        model = VersionSupport
        fields = ["format", "libelle", "url", "date", "tirage"]
        widgets = {"date": ChampDate()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preparer()


class DiffusionForm(FormulaireAvecBouton, forms.ModelForm):
    bouton = "Enregistrer la diffusion"

    class Meta:
        model = Diffusion
        fields = [
            "version",
            "type_destinataire",
            "partenaire",
            "destinataire",
            "evenement",
            "date",
            "quantite",
        ]
        widgets = {"date": ChampDate()}

    def __init__(self, *args, support=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = support.versions.all() if support else VersionSupport.objects.none()
        self.fields["partenaire"].queryset = Partenaire.objects.only("pk", "nom").order_by("nom")
        self.fields["evenement"].queryset = Evenement.objects.order_by("-date")[:100]
        self.fields["date"].initial = timezone.localdate()
        self.preparer()

    def clean_date(self):
        jour = self.cleaned_data["date"]
        if not 2000 <= jour.year <= 2100:
            raise forms.ValidationError("Choisissez une date entre 2000 et 2100.")
        return jour

    def clean(self):
        donnees = super().clean()
        partenaire = donnees.get("partenaire")
        if not partenaire and not donnees.get("destinataire"):
            self.add_error(
                "destinataire", "Choisissez un partenaire de l'annuaire ou nommez le destinataire."
            )
        if partenaire and donnees.get("type_destinataire") == Diffusion.Destinataire.PARTENAIRE:
            if partenaire.type == Partenaire.Type.ELU:
                donnees["type_destinataire"] = Diffusion.Destinataire.ELU
            elif partenaire.type == Partenaire.Type.FINANCEUR:
                donnees["type_destinataire"] = Diffusion.Destinataire.FINANCEUR
            self.instance.type_destinataire = donnees["type_destinataire"]
        return donnees


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier des partenaires",
        help_text="CSV (séparé par des points-virgules ou des virgules, encodé en UTF-8) "
        f"ou classeur Excel .xlsx, {TAILLE_MAX // (1024 * 1024)} Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError(
                f"Ce fichier pèse plus de {TAILLE_MAX // (1024 * 1024)} Mo : "
                "découpez-le en plusieurs fichiers."
            )
        return fichier
