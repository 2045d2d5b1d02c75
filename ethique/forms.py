from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from antennes.models import Antenne, MembreEquipe
from conseil.models import Instance
from mission_locale.formats import date_longue
from partenaires.models import Partenaire
from plan.models import FicheAction, Plan, Valeur

from .models import Article, Charte, EngagementsJeunes, PriseDeConnaissance, Sensibilisation, ValeurFiche


class ChampDate(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChampMois(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m")


class CasesValeurs(forms.CheckboxSelectMultiple):
    """The ten values as checkboxes: few enough to read at once."""


def _aide(form, libelle):
    form.helper = FormHelper()
    form.helper.add_input(Submit("enregistrer", libelle))


class CharteForm(forms.ModelForm):
    class Meta:
        model = Charte
        fields = ["titre", "preambule", "valeurs"]
        widgets = {"valeurs": CasesValeurs, "preambule": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "valeurs": "Les valeurs de la Mission Locale retenues par le groupe de réflexion. "
            "Les valeurs citées par un article s'y ajoutent d'elles-mêmes.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valeurs"].queryset = Valeur.objects.order_by("ordre")
        _aide(self, "Enregistrer")


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["numero", "titre", "texte", "destinataires", "valeurs"]
        widgets = {"valeurs": CasesValeurs, "texte": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"valeurs": "Les valeurs de la Mission Locale dont cet article procède."}

    def __init__(self, *args, charte, **kwargs):
        super().__init__(*args, **kwargs)
        self.charte = charte
        self.instance.charte = charte
        self.fields["valeurs"].queryset = Valeur.objects.order_by("ordre")
        if not self.instance.pk and not self.initial.get("numero"):
            self.initial["numero"] = (max(charte.articles.values_list("numero", flat=True), default=0)) + 1
        _aide(self, "Enregistrer l'article")

    def clean_numero(self):
        numero = self.cleaned_data["numero"]
        autres = self.charte.articles.exclude(pk=self.instance.pk)
        if numero and autres.filter(numero=numero).exists():
            raise forms.ValidationError("Cette version a déjà un article portant ce numéro.")
        return numero

    def save(self, commit=True):
        article = super().save(commit)
        if commit:
            # The charter draws on every value one of its articles draws on.
            self.charte.valeurs.add(*self.cleaned_data["valeurs"])
        return article


class ChoixConseil(forms.ModelChoiceField):
    def label_from_instance(self, instance):
        etat = "tenu" if instance.est_tenue else "pas encore marqué comme tenu"
        return f"{instance} ({etat})"


class AdoptionForm(forms.Form):
    instance = ChoixConseil(
        label="Conseil d'administration qui a adopté cette version",
        queryset=Instance.objects.none(),
        empty_label="Choisissez le conseil",
        help_text=(
            "La date d'adoption est celle de ce conseil. Un conseil à venir ne peut pas encore être choisi."
        ),
    )

    def __init__(self, *args, charte, **kwargs):
        super().__init__(*args, **kwargs)
        self.charte = charte
        self.fields["instance"].queryset = Instance.objects.filter(
            type=Instance.Type.CA, date__lte=timezone.now()
        ).order_by("-date")
        _aide(self, "Enregistrer l'adoption")

    def clean(self):
        donnees = super().clean()
        if "instance" in donnees:
            erreurs = self.charte.erreurs_adoption(donnees["instance"])
            if erreurs:
                raise forms.ValidationError(erreurs)
        return donnees


class MaPriseDeConnaissanceForm(forms.Form):
    confirme = forms.BooleanField(
        label="J'ai lu la charte d'engagement et je m'engage à la respecter dans mon travail.",
        error_messages={"required": "Cochez la case pour confirmer que vous avez lu la charte."},
    )


class ChoixMembres(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, membre):
        return f"{membre.prenom} {membre.nom} ({membre.get_poste_display()})"


class PrisesDeConnaissanceForm(forms.Form):
    """Direction records, for people without an account or who signed on paper, that they read the
    version in force."""

    membres = ChoixMembres(
        label="Membres de l'équipe",
        queryset=MembreEquipe.objects.none(),
        error_messages={"required": "Cochez au moins une personne."},
    )
    date = forms.DateField(label="Date de la prise de connaissance", widget=ChampDate())

    def __init__(self, *args, charte, membres, **kwargs):
        super().__init__(*args, **kwargs)
        self.charte = charte
        self.fields["membres"].queryset = membres
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        jour = self.cleaned_data["date"]
        if jour > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        if jour < self.charte.adoptee_le:
            raise forms.ValidationError(
                f"Cette version a été adoptée le {date_longue(self.charte.adoptee_le)} : "
                "choisissez une date à partir de celle-ci."
            )
        return jour

    def enregistrer(self, par):
        prises = [
            PriseDeConnaissance(
                charte=self.charte, membre=membre, date=self.cleaned_data["date"], enregistree_par=par
            )
            for membre in self.cleaned_data["membres"]
        ]
        PriseDeConnaissance.objects.bulk_create(prises, ignore_conflicts=True)
        return len(prises)


class EngagementsJeunesForm(forms.ModelForm):
    class Meta:
        model = EngagementsJeunes
        fields = ["antenne", "mois", "nombre"]
        widgets = {"mois": ChampMois()}
        labels = {"nombre": "Nombre de jeunes qui se sont engagés"}
        help_texts = {
            "mois": "Saisir de nouveau un mois déjà saisi pour la même antenne remplace son nombre.",
            "nombre": "Un nombre seulement : aucun nom de jeune n'est enregistré ici.",
        }

    def __init__(self, *args, charte, **kwargs):
        super().__init__(*args, **kwargs)
        self.charte = charte
        self.fields["antenne"].queryset = Antenne.objects.all()
        self.fields["antenne"].empty_label = "Choisissez l'antenne"
        self.fields["mois"].input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d"]
        self.fields["mois"].error_messages["invalid"] = "Indiquez un mois, par exemple 2026-11."
        _aide(self, "Enregistrer le nombre")

    def clean_mois(self):
        mois = self.cleaned_data["mois"].replace(day=1)
        if mois > timezone.localdate():
            raise forms.ValidationError("Ce mois n'a pas encore commencé.")
        if mois < self.charte.adoptee_le.replace(day=1):
            raise forms.ValidationError(
                f"La version en vigueur a été adoptée le {date_longue(self.charte.adoptee_le)} : "
                "choisissez un mois à partir de celui-ci."
            )
        return mois

    def validate_unique(self):
        # A month already entered is replaced, not refused: see `enregistrer`.
        pass

    def enregistrer(self, par):
        """(row, previous number or None): a second entry for the same month replaces the first."""
        donnees = self.cleaned_data
        existant = EngagementsJeunes.objects.filter(
            charte=self.charte, antenne=donnees["antenne"], mois=donnees["mois"]
        ).first()
        avant = existant.nombre if existant else None
        ligne, _ = EngagementsJeunes.objects.update_or_create(
            charte=self.charte,
            antenne=donnees["antenne"],
            mois=donnees["mois"],
            defaults={"nombre": donnees["nombre"], "saisi_par": par},
        )
        return ligne, avant


def _par_antenne(membres):
    """Checkbox choices grouped by antenne, so that attendance is ticked antenne by antenne."""
    groupes = {}
    for membre in membres:
        nom = membre.antenne.nom if membre.antenne else "Sans antenne de rattachement"
        groupes.setdefault(nom, []).append((membre.pk, f"{membre.prenom} {membre.nom}"))
    return list(groupes.items())


class SensibilisationForm(forms.ModelForm):
    class Meta:
        model = Sensibilisation
        fields = [
            "titre",
            "format",
            "thematique",
            "public",
            "date",
            "duree_heures",
            "antenne",
            "lieu",
            "intervenant",
            "description",
            "valeurs",
            "participants",
            "partenaires",
        ]
        # « 3,5 » as people write it (and « 3.5 » still).
        localized_fields = ["duree_heures"]
        widgets = {
            "date": ChampDate(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "valeurs": CasesValeurs,
            # static/js/ethique.js adds a filter box above these long lists.
            "participants": forms.CheckboxSelectMultiple(attrs={"data-filtrer": "1"}),
            "partenaires": forms.CheckboxSelectMultiple(attrs={"data-filtrer": "1"}),
        }
        help_texts = {
            "participants": "Cochez les personnes présentes, une fois la session passée.",
            "partenaires": "Cochez les partenaires représentés, une fois la session passée.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valeurs"].queryset = Valeur.objects.order_by("ordre")
        self.fields["antenne"].empty_label = "Aucune en particulier"
        membres = MembreEquipe.objects.select_related("antenne").order_by("antenne__nom", "nom", "prenom")
        self.fields["participants"].queryset = membres
        self.fields["participants"].widget.choices = _par_antenne(membres)
        self.fields["partenaires"].queryset = Partenaire.objects.order_by("nom")
        _aide(self, "Enregistrer la session")

    def clean(self):
        donnees = super().clean()
        jour = donnees.get("date")
        participants, partenaires = donnees.get("participants"), donnees.get("partenaires")
        if jour and jour > timezone.localdate():
            for champ, presents in (("participants", participants), ("partenaires", partenaires)):
                if presents:
                    self.add_error(champ, "La présence se saisit une fois la session passée.")
        public = donnees.get("public")
        if public == Sensibilisation.Public.PARTENAIRES and participants:
            self.add_error(
                "participants",
                "Cette session s'adresse aux partenaires : changez son public pour y inscrire l'équipe.",
            )
        if public == Sensibilisation.Public.EQUIPE and partenaires:
            self.add_error(
                "partenaires",
                "Cette session s'adresse à l'équipe : changez son public pour y inscrire des partenaires.",
            )
        return donnees


class ChoixFiche(forms.ModelChoiceField):
    def label_from_instance(self, fiche):
        return f"{fiche.code} {fiche.titre}"


class ValeurFicheForm(forms.ModelForm):
    fiche = ChoixFiche(
        label="Fiche-action", queryset=FicheAction.objects.none(), empty_label="Choisissez la fiche"
    )

    class Meta:
        model = ValeurFiche
        fields = ["fiche", "citation"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, valeur, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.valeur = valeur
        plan = Plan.objects.en_vigueur()
        deja = ValeurFiche.objects.filter(valeur=valeur).values("fiche_id")
        self.fields["fiche"].queryset = (
            FicheAction.objects.du_plan(plan)
            .exclude(pk__in=deja)
            .select_related("axe")
            .order_by("axe__numero", "numero")
            if plan
            else FicheAction.objects.none()
        )
        _aide(self, "Rattacher la fiche")
