from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone

from antennes.models import MembreEquipe
from mission_locale.formats import date_longue
from partenaires.models import Evenement, Partenaire, VersionSupport

from .models import VERSION_NOTICE, Ambassadeur, Intervention, Presence

AGE_MIN, AGE_MAX = 14, 30


class ChampDate(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _refuser_le_futur(form, champs, jour):
    for champ in champs:
        valeur = form.cleaned_data.get(champ)
        if valeur and valeur > jour:
            form.add_error(champ, "Cette date est dans le futur : indiquez une date passée ou aujourd'hui.")


class AmbassadeurForm(forms.ModelForm):
    consentement = forms.BooleanField(
        label=f"Le jeune a lu la notice d'information (version {VERSION_NOTICE}) et consent au traitement "
        "de ses données pour le programme",
        required=True,
        error_messages={"required": "Sans consentement recueilli, le jeune ne peut pas être inscrit."},
    )

    class Meta:
        model = Ambassadeur
        fields = [
            "prenom",
            "nom",
            "annee_naissance",
            "email",
            "telephone",
            "antenne",
            "referent",
            "consentement",
            "consentement_le",
            "autorisation_parentale_le",
            "droit_image",
            "droit_image_le",
            "date_sensibilise",
            "date_candidat",
            "date_selectionne",
            "date_actif",
            "date_ancien",
            "version_kit",
            "kit_remis_le",
            "dernier_contact_le",
        ]
        widgets = dict.fromkeys(
            [
                "consentement_le",
                "autorisation_parentale_le",
                "droit_image_le",
                "date_sensibilise",
                "date_candidat",
                "date_selectionne",
                "date_actif",
                "date_ancien",
                "kit_remis_le",
                "dernier_contact_le",
            ],
            ChampDate,
        )
        help_texts = {
            "droit_image": (
                "Recueilli à part : le jeune peut participer sans accepter d'être photographié ou filmé."
            ),
            "autorisation_parentale_le": (
                "Obligatoire si le jeune peut être mineur d'après son année de naissance."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jour = timezone.localdate()
        actuel = self.instance.referent_id
        self.fields["referent"].queryset = MembreEquipe.objects.filter(
            Q(date_depart__isnull=True) | Q(date_depart__gte=self.jour) | Q(pk=actuel)
        ).select_related("antenne")
        self.fields["referent"].empty_label = "À désigner"
        self.fields["version_kit"].queryset = VersionSupport.objects.filter(
            support__nature="kit_ambassadeur"
        ).select_related("support")
        self.fields["version_kit"].empty_label = "Pas encore remis"
        self.fields["consentement_le"].required = True
        self.fields["annee_naissance"].required = True
        if self.instance.pk and self.instance.consentement_le:
            self.fields["consentement"].initial = True
        if not self.instance.pk:
            self.fields["dernier_contact_le"].initial = self.jour
            self.fields["date_sensibilise"].initial = self.jour
        self.helper = FormHelper()
        # The server's French messages, next to each field, rather than the browser's.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset("Identité et contact", "prenom", "nom", "annee_naissance", "email", "telephone"),
            Fieldset("Suivi", "antenne", "referent", "dernier_contact_le"),
            Fieldset(
                "Consentement et autorisations",
                "consentement",
                "consentement_le",
                "autorisation_parentale_le",
                "droit_image",
                "droit_image_le",
            ),
            Fieldset(
                "Parcours dans le programme",
                "date_sensibilise",
                "date_candidat",
                "date_selectionne",
                "date_actif",
                "date_ancien",
            ),
            Fieldset("Kit « Devenir ambassadeur »", "version_kit", "kit_remis_le"),
        )
        self.helper.add_input(Submit("enregistrer", "Enregistrer"))

    def clean_annee_naissance(self):
        annee = self.cleaned_data.get("annee_naissance")
        if annee is not None and not self.jour.year - AGE_MAX <= annee <= self.jour.year - AGE_MIN:
            raise forms.ValidationError(
                f"Le programme s'adresse aux jeunes de {AGE_MIN} à {AGE_MAX} ans : indiquez une année entre "
                f"{self.jour.year - AGE_MAX} et {self.jour.year - AGE_MIN}."
            )
        return annee

    def clean(self):
        donnees = super().clean()
        _refuser_le_futur(self, [f for f, w in self.Meta.widgets.items() if w is ChampDate], self.jour)
        etapes = list(Ambassadeur.DATES_DES_ETAPES.items())
        for rang, (etape, champ) in enumerate(etapes[1:], start=1):
            valeur = donnees.get(champ)
            if not valeur or champ in self.errors:
                continue
            avant = [(e, donnees.get(c)) for e, c in etapes[:rang]]
            if etape != Ambassadeur.Etape.ANCIEN and not avant[-1][1]:
                self.add_error(champ, f"Renseignez d'abord la date de l'étape « {avant[-1][0].label} ».")
                continue
            derniere = max(((e, d) for e, d in avant if d), key=lambda x: x[1], default=None)
            if derniere and valeur < derniere[1]:
                self.add_error(
                    champ,
                    f"Cette date précède celle de l'étape « {derniere[0].label} » "
                    f"({date_longue(derniere[1])}) : les étapes se suivent dans l'ordre.",
                )
        annee = donnees.get("annee_naissance")
        if (
            annee is not None
            and Ambassadeur(annee_naissance=annee).peut_etre_mineur(self.jour)
            and not donnees.get("autorisation_parentale_le")
            and "autorisation_parentale_le" not in self.errors
        ):
            self.add_error(
                "autorisation_parentale_le",
                f"Né en {annee}, le jeune peut être mineur : indiquez la date de l'autorisation parentale.",
            )
        if donnees.get("droit_image") and not donnees.get("droit_image_le"):
            self.add_error("droit_image_le", "Indiquez la date à laquelle le droit à l'image a été accordé.")
        if donnees.get("droit_image_le") and not donnees.get("droit_image"):
            self.add_error("droit_image", "Cochez la case si le droit à l'image a été accordé à cette date.")
        if donnees.get("kit_remis_le") and not donnees.get("version_kit"):
            self.add_error("version_kit", "Indiquez la version du kit remise à cette date.")
        return donnees

    def save(self, commit=True):
        ambassadeur = super().save(commit=False)
        # A consent recorded (again) today is a consent to the notice in force.
        if "consentement_le" in self.changed_data or not ambassadeur.version_notice:
            ambassadeur.version_notice = VERSION_NOTICE
        if commit:
            ambassadeur.save()
        return ambassadeur


class InterventionForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = [
            "type",
            "date",
            "lieu",
            "antenne",
            "ambassadeurs",
            "public_touche",
            "evenement",
            "partenaires",
            "retour_referent",
        ]
        widgets = {
            "date": ChampDate,
            "ambassadeurs": forms.CheckboxSelectMultiple,
            "partenaires": forms.SelectMultiple(attrs={"size": 8}),
            "retour_referent": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jour = timezone.localdate()
        presents = (
            list(self.instance.presences.values_list("ambassadeur_id", flat=True)) if self.instance.pk else []
        )
        self.fields["ambassadeurs"].queryset = Ambassadeur.objects.filter(
            Q(anonymise_le__isnull=True) | Q(pk__in=presents)
        ).select_related("antenne")
        self.fields["ambassadeurs"].label_from_instance = lambda a: (
            f"{a} ({a.antenne}, {a.get_etape_display().lower()})"
        )
        self.fields["evenement"].queryset = Evenement.objects.order_by("-date", "titre")
        self.fields["evenement"].empty_label = "Aucun"
        self.fields["partenaires"].queryset = Partenaire.objects.only("pk", "nom")
        self.fields["partenaires"].help_text = "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
        self.fields["antenne"].empty_label = "Aucune en particulier"
        self.helper = FormHelper()
        # The server's French messages, next to each field, rather than the browser's.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("enregistrer", "Enregistrer"))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.jour:
            raise forms.ValidationError(
                "Cette date est dans le futur : enregistrez l'intervention une fois qu'elle a eu lieu."
            )
        return date

    def clean(self):
        donnees = super().clean()
        evenement, date = donnees.get("evenement"), donnees.get("date")
        if evenement and date and evenement.date != date:
            self.add_error(
                "evenement",
                f"Cet événement a eu lieu le {date_longue(evenement.date)}, pas le jour de l'intervention.",
            )
        return donnees


class RetourForm(forms.ModelForm):
    class Meta:
        model = Presence
        fields = ["retour"]
        widgets = {"retour": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retour"].label = f"Retour de {self.instance.ambassadeur}"


RetoursFormSet = forms.modelformset_factory(Presence, form=RetourForm, extra=0)
