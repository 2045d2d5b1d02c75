from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from mission_locale.tri import TriFrancais, ordre_francais

from . import geo
from .carte import COUCHES, MESURES
from .couverture import RAYON_KM
from .horaires import EXEMPLE
from .models import (
    NOTE_MAX,
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    Commune,
    CritereAccueil,
    DeploiementProcedure,
    EnqueteSatisfaction,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    NoteCritere,
    OffreAntenne,
    Permanence,
    PhotoAccueil,
    Procedure,
    ThemeOffre,
    VersionProcedure,
)

AIDE_HORAIRES = (
    f"Syntaxe OpenStreetMap : jours en abrégé anglais (Mo Tu We Th Fr Sa Su), heures sur 24 heures, "
    f"règles séparées par « ; ». Exemple : « {EXEMPLE} » ; « Tu[2] 14:00-17:00 » pour le 2e mardi du mois."
)

# The partners' app sits above this one (tests/test_dependances.py): its model is reached through
# the permanences' foreign key rather than imported.
Partenaire = Permanence._meta.get_field("partenaire_hote").related_model


def dans_l_arrondissement(latitude, longitude):
    """Whether the point lies in one of the communes' outlines (one query)."""
    return any(
        geo.contient(contour, latitude, longitude)
        for contour in Commune.objects.filter(contour__isnull=False).values_list("contour", flat=True)
    )


class AntenneForm(forms.ModelForm):
    class Meta:
        model = Antenne
        fields = [
            "nom",
            "adresse",
            "commune",
            "latitude",
            "longitude",
            "telephone",
            "email",
            "horaires",
            "accessibilite",
            "lien_acceslibre",
            "responsable",
        ]
        widgets = {"horaires": forms.Textarea(attrs={"rows": 2})}
        # « 50,53 » as people write it in French, « 50.53 » as maps copy it: both are read.
        localized_fields = ["latitude", "longitude"]
        help_texts = {
            "horaires": AIDE_HORAIRES,
            "latitude": "En degrés décimaux (50,53 pour Béthune). Laissée vide : la mairie de la commune.",
            "longitude": "En degrés décimaux (2,64 pour Béthune). Laissée vide : la mairie de la commune.",
            "lien_acceslibre": "Adresse de la fiche de l'antenne sur acceslibre.beta.gouv.fr.",
        }

    def __init__(self, *args, direction=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by(TriFrancais("nom"))
        if direction:
            membres = MembreEquipe.objects.filter(date_depart__isnull=True)
            if self.instance.pk:
                membres = membres.filter(Q(antenne=self.instance) | Q(pk=self.instance.responsable_id))
            self.fields["responsable"].queryset = membres.select_related("antenne")
        else:
            # Who runs an antenne decides who may edit it: Direction's choice, not the responsable's.
            del self.fields["responsable"]

    def clean(self):
        donnees = super().clean()
        latitude, longitude = donnees.get("latitude"), donnees.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors:
            self.add_error(
                "longitude" if longitude is None else "latitude",
                "Indiquez la latitude et la longitude, ou laissez les deux vides (mairie de la commune).",
            )
        elif (
            latitude is not None and longitude is not None and not dans_l_arrondissement(latitude, longitude)
        ):
            self.add_error(
                "latitude",
                "Ce point est hors de l'arrondissement de Béthune : vérifiez la latitude et la longitude "
                "(par exemple 50,53 et 2,64 pour Béthune), ou laissez-les vides.",
            )
        return donnees


class PermanenceForm(forms.ModelForm):
    class Meta:
        model = Permanence
        fields = [
            "lieu",
            "adresse",
            "commune",
            "antenne",
            "theme",
            "jours_horaires",
            "partenaire_hote",
            "partenaire_thematique",
        ]
        help_texts = {"jours_horaires": AIDE_HORAIRES}

    def __init__(self, *args, antennes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by(TriFrancais("nom"))
        self.fields["antenne"].queryset = antennes if antennes is not None else Antenne.objects.all()
        partenaires = Partenaire.objects.order_by(TriFrancais("nom")).only("pk", "nom")
        self.fields["partenaire_hote"].queryset = partenaires
        self.fields["partenaire_thematique"].queryset = partenaires


class MembreEquipeForm(forms.ModelForm):
    class Meta:
        model = MembreEquipe
        fields = [
            "prenom",
            "nom",
            "poste",
            "antenne",
            "utilisateur",
            "email",
            "telephone",
            "date_arrivee",
            "date_depart",
        ]
        widgets = {
            "date_arrivee": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_depart": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "utilisateur": "Facultatif : le compte de cette personne dans l'application, s'il existe.",
            "email": "Adresse professionnelle uniquement.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An account belongs to one person of the register at most: offer only free ones.
        libres = get_user_model().objects.filter(
            Q(membre_equipe__isnull=True) | Q(pk=self.instance.utilisateur_id)
        )
        self.fields["utilisateur"].queryset = libres.order_by(*ordre_francais("last_name", "first_name"))
        self.fields["utilisateur"].label_from_instance = lambda u: u.get_full_name() or u.username


class ThemeOffreForm(forms.ModelForm):
    class Meta:
        model = ThemeOffre
        fields = ["libelle", "code", "public", "ordre", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": "Identifiant court, en minuscules et sans espace (par exemple « mobilite »)."}


class OffreThemeForm(forms.Form):
    """One row of an antenne's offer: how one theme is offered, by whom. The people and partners
    are loaded once for all the rows (`formulaires_offre`), hence choices rather than querysets."""

    modalite = forms.ChoiceField(label="Modalité", choices=OffreAntenne.Modalite.choices)
    referent = forms.TypedChoiceField(
        label="Référent ou référente", coerce=int, required=False, empty_value=None
    )
    partenaire = forms.TypedChoiceField(label="Partenaire", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, theme, membres, partenaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme, self.membres, self.partenaires = theme, membres, partenaires
        self.fields["modalite"].label = f"{theme.libelle} : modalité"
        self.fields["referent"].label = f"{theme.libelle} : référent ou référente"
        self.fields["partenaire"].label = f"{theme.libelle} : partenaire"
        self.fields["referent"].choices = [("", "—")] + [(pk, str(m)) for pk, m in membres.items()]
        self.fields["partenaire"].choices = [("", "—")] + [(pk, p.nom) for pk, p in partenaires.items()]

    def clean(self):
        donnees = super().clean()
        donnees["referent"] = self.membres.get(donnees.get("referent"))
        donnees["partenaire"] = self.partenaires.get(donnees.get("partenaire"))
        if donnees.get("modalite") == OffreAntenne.Modalite.PARTENAIRE and not donnees["partenaire"]:
            self.add_error(
                "partenaire",
                "Indiquez le partenaire dont la permanence offre ce thème (rattachez d'abord sa permanence "
                "à l'antenne s'il n'apparaît pas dans la liste).",
            )
        return donnees


def formulaires_offre(antenne, data=None):
    """One OffreThemeForm per theme of the catalogue, filled with the antenne's current offer."""
    offres = {o.theme_id: o for o in antenne.offres.all()}
    membres = {
        m.pk: m
        for m in MembreEquipe.objects.filter(
            Q(antenne=antenne, date_depart__isnull=True) | Q(pk__in=[o.referent_id for o in offres.values()])
        )
    }
    ids = {o.partenaire_id for o in offres.values() if o.partenaire_id}
    for hote, thematique in antenne.permanences.values_list("partenaire_hote_id", "partenaire_thematique_id"):
        ids |= {hote, thematique} - {None}
    partenaires = {
        p.pk: p for p in Partenaire.objects.filter(pk__in=ids).order_by(TriFrancais("nom")).only("pk", "nom")
    }
    formulaires = []
    for theme in ThemeOffre.objects.all():
        offre = offres.get(theme.pk)
        initial = (
            {"modalite": offre.modalite, "referent": offre.referent_id, "partenaire": offre.partenaire_id}
            if offre
            else {"modalite": OffreAntenne.Modalite.ABSENT}
        )
        formulaires.append(
            OffreThemeForm(
                data,
                prefix=f"theme-{theme.pk}",
                initial=initial,
                theme=theme,
                membres=membres,
                partenaires=partenaires,
            )
        )
    return formulaires


class JeunesSuivisForm(forms.ModelForm):
    class Meta:
        model = JeunesSuivis
        fields = ["commune", "annee", "nombre"]
        help_texts = {
            "nombre": "Un total annuel (par exemple des statistiques i-milo), jamais une liste de jeunes."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by(TriFrancais("nom"))

    def validate_constraints(self):
        # Typing a figure again for the same commune and year replaces it (see the view); the year's
        # bounds are checked by the field's validators.
        pass


class ImportJeunesSuivisForm(forms.Form):
    """A CSV of yearly counts per commune (an export of i-milo's statistics, for instance): all
    lines are checked before anything is written, and one wrong line refuses the whole file."""

    TAILLE_MAX = 1024 * 1024
    COLONNES = ("code_insee", "annee", "nombre")

    fichier = forms.FileField(
        label="Fichier CSV",
        help_text=(
            "Colonnes « code_insee », « annee », « nombre » (séparateur « ; » ou « , », UTF-8) ; "
            "un chiffre déjà saisi pour la même commune et la même année est remplacé."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if not fichier.name.lower().endswith(".csv"):
            raise forms.ValidationError("Déposez un fichier CSV (extension .csv).")
        if fichier.size > self.TAILLE_MAX:
            raise forms.ValidationError("Ce fichier dépasse 1 Mo : un total par commune et par an suffit.")
        try:
            texte = fichier.read().decode("utf-8-sig")
        except UnicodeDecodeError as erreur:
            raise forms.ValidationError(
                "Ce fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 »."
            ) from erreur
        lignes = [ligne for ligne in texte.splitlines() if ligne.strip()]
        if not lignes:
            raise forms.ValidationError("Ce fichier est vide.")
        separateur = ";" if ";" in lignes[0] else ","
        entete = [c.strip().lower() for c in lignes[0].split(separateur)]
        if any(colonne not in entete for colonne in self.COLONNES):
            raise forms.ValidationError(
                "La première ligne doit nommer les colonnes « code_insee », « annee » et « nombre »."
            )
        positions = [entete.index(colonne) for colonne in self.COLONNES]
        communes = dict(Commune.objects.values_list("code_insee", "pk"))
        erreurs, resultat, vus = [], [], set()
        for numero, ligne in enumerate(lignes[1:], start=2):
            cellules = [c.strip() for c in ligne.split(separateur)]
            try:
                code, annee, nombre = (cellules[p] for p in positions)
            except IndexError:
                erreurs.append(f"Ligne {numero} : il manque des colonnes.")
                continue
            if code not in communes:
                erreurs.append(
                    f"Ligne {numero} : aucune commune de l'arrondissement n'a le code INSEE « {code} »."
                )
            elif not (annee.isdigit() and 2000 <= int(annee) <= 2100):
                erreurs.append(f"Ligne {numero} : l'année « {annee} » doit être comprise entre 2000 et 2100.")
            elif not (nombre.isdigit() and int(nombre) <= 100000):
                erreurs.append(
                    f"Ligne {numero} : « {nombre} » n'est pas un nombre de jeunes (entier positif)."
                )
            elif (code, annee) in vus:
                erreurs.append(f"Ligne {numero} : la commune {code} figure deux fois pour {annee}.")
            else:
                vus.add((code, annee))
                resultat.append(JeunesSuivis(commune_id=communes[code], annee=int(annee), nombre=int(nombre)))
        if erreurs:
            raise forms.ValidationError(
                erreurs[:20] + ([f"… et {len(erreurs) - 20} autres lignes."] if len(erreurs) > 20 else [])
            )
        if not resultat:
            raise forms.ValidationError("Ce fichier ne contient aucune ligne de chiffres.")
        self.cleaned_data["lignes"] = resultat
        return fichier


class QpvForm(forms.Form):
    communes = forms.ModelMultipleChoiceField(
        label="Communes comptant au moins un quartier prioritaire (QPV)",
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.filter(contour__isnull=False).order_by(
            TriFrancais("nom")
        )


class ParametresCarteForm(forms.Form):
    """The map's and the coverage tools' settings, read from the address bar (nothing saved)."""

    mesure = forms.ChoiceField(
        label="Colorer les communes selon",
        choices=[(m.code, m.libelle) for m in MESURES.values()],
        required=False,
    )
    rayon = forms.IntegerField(
        label="Distance maximale à un lieu d'accueil (km)", min_value=1, max_value=50, required=False
    )
    tri = forms.ChoiceField(
        label="Classer les communes éloignées par",
        choices=[("population", "population"), ("jeunes", "jeunes suivis")],
        required=False,
    )
    simulation = forms.ModelChoiceField(
        label="Commune d'une permanence envisagée",
        queryset=Commune.objects.none(),
        required=False,
        empty_label="(aucune)",
    )
    couches = forms.MultipleChoiceField(
        label="Afficher aussi", choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["simulation"].queryset = Commune.objects.filter(latitude__isnull=False).order_by(
            TriFrancais("nom")
        )
        self.fields["couches"].choices = [(code, libelle) for code, (libelle, _) in COUCHES.items()]

    def valeurs(self):
        """The settings, each at its default when absent or invalid: the page always answers."""
        donnees = {}
        if self.is_bound:
            # cleaned_data keeps the valid fields: a wrong value falls back alone to its default.
            self.is_valid()
            donnees = self.cleaned_data
        return {
            "mesure": donnees.get("mesure") or "population",
            "rayon": donnees.get("rayon") or RAYON_KM,
            "tri": donnees.get("tri") or "population",
            "simulation": donnees.get("simulation"),
            "couches": donnees.get("couches") or [],
        }


# Reception spaces (fiche 1.3) -------------------------------------------------------------------------


class EvaluationAccueilForm(forms.ModelForm):
    """The assessment and one mark (0 to 4) per criterion of the checklist in use."""

    class Meta:
        model = EvaluationAccueil
        fields = ["date", "auteur", "commentaire"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "commentaire": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, criteres, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteres = criteres
        for critere in criteres:
            self.fields[f"note_{critere.pk}"] = forms.IntegerField(
                label=f"{critere.libelle} : note de 0 à {NOTE_MAX}",
                min_value=0,
                max_value=NOTE_MAX,
                help_text=critere.description,
                widget=forms.NumberInput(attrs={"min": 0, "max": NOTE_MAX, "step": 1}),
            )
            self.fields[f"remarque_{critere.pk}"] = forms.CharField(
                label=f"{critere.libelle} : remarque", max_length=300, required=False
            )

    def notes(self):
        return [
            NoteCritere(
                critere=critere,
                note=self.cleaned_data[f"note_{critere.pk}"],
                remarque=self.cleaned_data[f"remarque_{critere.pk}"],
            )
            for critere in self.criteres
        ]


class PhotoAccueilForm(forms.ModelForm):
    class Meta:
        model = PhotoAccueil
        fields = ["fichier", "legende"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].widget.attrs["accept"] = ".jpg,.jpeg,.png"


class ActionAmeliorationForm(forms.ModelForm):
    class Meta:
        model = ActionAmelioration
        fields = ["libelle", "cout_estime", "statut", "echeance", "evaluation"]
        widgets = {"echeance": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, antenne, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].queryset = antenne.evaluations_accueil.all()


class CritereAccueilForm(forms.ModelForm):
    class Meta:
        model = CritereAccueil
        fields = ["libelle", "description", "ordre", "actif"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


# Shared procedures (fiche 1.4) ---------------------------------------------------------------------------


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = ["titre", "objet", "valeurs"]
        widgets = {"objet": forms.Textarea(attrs={"rows": 3}), "valeurs": forms.CheckboxSelectMultiple}


class VersionProcedureForm(forms.ModelForm):
    class Meta:
        model = VersionProcedure
        fields = ["numero", "date", "changements", "fichier"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "changements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.procedure = procedure

    def clean_numero(self):
        # The procedure is not a field of the form, so Django leaves this constraint to the database.
        numero = self.cleaned_data["numero"]
        if self.instance.procedure.versions.filter(numero=numero).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Cette procédure a déjà une version portant ce numéro.")
        return numero


class DeploiementForm(forms.ModelForm):
    class Meta:
        model = DeploiementProcedure
        fields = ["version", "antenne", "date", "personnes_formees"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, procedure, antennes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = procedure.versions.all()
        self.fields["version"].label_from_instance = lambda v: f"Version {v.numero} du {v.date:%d/%m/%Y}"
        self.fields["antenne"].queryset = antennes


class EnqueteSatisfactionForm(forms.ModelForm):
    class Meta:
        model = EnqueteSatisfaction
        fields = ["antenne", "debut", "fin", "reponses", "satisfaits"]
        widgets = {
            "debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, antennes, toute_la_mission_locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenne"].queryset = antennes
        # Only Direction records the whole Mission Locale's figure.
        self.fields["antenne"].required = not toute_la_mission_locale


# Continuity of service (fiche 1.5) -------------------------------------------------------------------------


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = AbsenceConseiller
        fields = ["antenne", "membre", "debut", "fin", "prevue", "rdv_prevus", "rdv_couverts"]
        widgets = {
            "debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"rdv_couverts": "Des nombres seulement : jamais le nom d'un jeune."}

    def __init__(self, *args, antennes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenne"].queryset = antennes
        self.fields["membre"].queryset = (
            MembreEquipe.objects.filter(antenne__in=antennes, poste=MembreEquipe.Poste.CONSEILLER)
            .select_related("antenne")
            .order_by(*ordre_francais("nom", "prenom"))
        )


class RegleContinuiteForm(forms.ModelForm):
    class Meta:
        model = Antenne
        fields = ["regle_continuite"]
        widgets = {"regle_continuite": forms.Textarea(attrs={"rows": 4})}
