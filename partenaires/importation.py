"""Import of the partners' spreadsheet: read (CSV or XLSX), analyse row by row, apply all or nothing.

The columns are the directory export's (`COLONNES`), so that export → edit → import is a round trip.
A partner is recognised by its SIRET, else by its name and commune (accents, case, punctuation and
spacing ignored). An empty cell never erases anything: it leaves the recorded value as it is.
Analysing changes nothing; `appliquer` writes every row in one transaction, and refuses when a row
is rejected, so a file is never half imported.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.template.defaultfilters import floatformat

from antennes.models import Commune
from conseil.exports import DEBUTS_DANGEREUX
from plan.models import FicheAction, Plan

from .models import ChampIntervention, Partenaire
from .normalisation import cle, siret_normalise, valider_siret

MO = 1024 * 1024
TAILLE_MAX = 5 * MO
LIGNES_MAX = 20_000
COLONNES_MAX = 100
# An XLSX is a zip: its members inflate to at most this much (zipfile stops at the declared size).
DECOMPRESSE_MAX = 100 * MO
MEMBRES_MAX = 1000

# (attribute, header, what to write in it). The export writes exactly these, in this order.
COLONNES = [
    ("nom", "Nom", "Obligatoire. Le nom de la structure."),
    (
        "type",
        "Type",
        "Institutionnel, Financeur, Associatif, Économique, Élu, Éducation, Formation, Santé ou Autre.",
    ),
    ("siret", "SIRET", "14 chiffres, espaces acceptés. Reconnaît le partenaire s'il existe déjà."),
    ("champs", "Champs d'intervention", "Séparés par des virgules ; un champ inconnu est créé."),
    ("adresse", "Adresse", "Numéro et rue."),
    ("commune", "Commune", "Nom ou code INSEE d'une des 104 communes de l'arrondissement ; vide sinon."),
    ("site_web", "Site web", "Adresse du site (https://...)."),
    ("contact_nom", "Contact : nom", "Prénom et nom de la personne contact."),
    ("contact_fonction", "Contact : fonction", ""),
    ("contact_email", "Contact : e-mail", ""),
    ("contact_telephone", "Contact : téléphone", ""),
    (
        "fiches",
        "Fiches-actions",
        "Codes des fiches du plan auxquelles il participe, par exemple « 3.1, 3.2 ».",
    ),
    ("notes", "Notes", ""),
]
ENTETES = [entete for _, entete, _ in COLONNES]
# Written by the export for reading, ignored by the import.
INFORMATIVES = ["Convention en cours", "Interrogé pour le diagnostic 2024", "Contact depuis le"]
ALIAS = {
    "nom de la structure": "nom",
    "structure": "nom",
    "raison sociale": "nom",
    "partenaire": "nom",
    "type de partenaire": "type",
    "n siret": "siret",
    "champ d intervention": "champs",
    "champ": "champs",
    "champs": "champs",
    "ville": "commune",
    "code insee": "commune",
    "site internet": "site_web",
    "contact": "contact_nom",
    "nom du contact": "contact_nom",
    "personne contact": "contact_nom",
    "fonction": "contact_fonction",
    "fonction du contact": "contact_fonction",
    "e mail": "contact_email",
    "email": "contact_email",
    "courriel": "contact_email",
    "e mail du contact": "contact_email",
    "telephone": "contact_telephone",
    "telephone du contact": "contact_telephone",
    "fiches": "fiches",
    "fiche": "fiches",
    "fiches actions": "fiches",
    "commentaires": "notes",
}
CORRESPONDANCE = {cle(entete): attribut for attribut, entete, _ in COLONNES} | ALIAS
IGNOREES = {cle(e) for e in INFORMATIVES}
LIBELLES = {attribut: entete for attribut, entete, _ in COLONNES}
SEPARATEURS_LISTE = re.compile(r"\s*[,;|]\s*")

MESSAGE_ENCODAGE = (
    "Ce fichier CSV n'est pas encodé en UTF-8 (il vient sans doute d'Excel, en « Windows-1252 ») : "
    "dans Excel, choisissez « Enregistrer sous » puis « CSV UTF-8 (délimité par des virgules) » ; "
    "dans LibreOffice, cochez « Éditer les paramètres du filtre » et choisissez le jeu de caractères "
    "« Unicode (UTF-8) ». Vous pouvez aussi déposer directement le fichier .xlsx."
)


class FichierInvalide(Exception):
    """The file cannot be read at all; the message says why, in French."""


class ImportRefuse(Exception):
    """Applying was refused or failed: nothing was written."""


# Reading ----------------------------------------------------------------------------------------


def lire(nom_fichier, contenu):
    """(headers, [(row number, cells)]) of a CSV or XLSX file given as bytes."""
    if len(contenu) > TAILLE_MAX:
        raise FichierInvalide(
            f"Ce fichier pèse {floatformat(len(contenu) / MO, 1)} Mo : la taille maximale est de "
            f"{TAILLE_MAX // MO} Mo. Découpez-le en plusieurs fichiers."
        )
    if not contenu.strip():
        raise FichierInvalide("Le fichier est vide.")
    extension = nom_fichier.rsplit(".", 1)[-1].lower() if "." in nom_fichier else ""
    if contenu.startswith(b"\xd0\xcf\x11\xe0"):
        raise FichierInvalide(
            "C'est un fichier Excel à l'ancien format (.xls) : enregistrez-le au format .xlsx ou CSV UTF-8."
        )
    if contenu.startswith(b"PK\x03\x04"):
        if extension == "ods":
            raise FichierInvalide(
                "Les fichiers LibreOffice (.ods) ne sont pas lus : enregistrez-le au format .xlsx ou CSV."
            )
        lignes = _lignes_xlsx(contenu)
    elif extension in ("xlsx", "xls", "ods"):
        raise FichierInvalide(
            "Ce fichier n'est pas un classeur Excel lisible (.xlsx) : il est peut-être endommagé."
        )
    else:
        lignes = _lignes_csv(contenu)
    return _entetes_et_lignes(lignes)


def _lignes_xlsx(contenu):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            membres = archive.infolist()
            if len(membres) > MEMBRES_MAX or sum(m.file_size for m in membres) > DECOMPRESSE_MAX:
                raise FichierInvalide(
                    "Ce classeur est anormalement volumineux une fois décompressé : il est refusé."
                )
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except FichierInvalide:
        raise
    except Exception as erreur:  # openpyxl raises many kinds of errors on a damaged file
        raise FichierInvalide("Ce classeur Excel est illisible ou endommagé.") from erreur
    try:
        feuille = classeur.worksheets[0]
        for numero, ligne in enumerate(feuille.iter_rows(values_only=True), start=1):
            if numero > LIGNES_MAX + 1:
                raise FichierInvalide(f"Le fichier dépasse {LIGNES_MAX} lignes : découpez-le.")
            yield numero, [_texte_de_cellule(v) for v in ligne[:COLONNES_MAX]]
    except FichierInvalide:
        raise
    except Exception as erreur:
        raise FichierInvalide("Ce classeur Excel est illisible ou endommagé.") from erreur
    finally:
        classeur.close()


def _texte_de_cellule(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    if isinstance(valeur, datetime | date):
        return f"{valeur:%d/%m/%Y}"
    return str(valeur)


def _lignes_csv(contenu):
    if contenu.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FichierInvalide(
            "Ce fichier est en UTF-16 (« Texte Unicode » d'Excel) : "
            "enregistrez-le en « CSV UTF-8 » ou en .xlsx."
        )
    if b"\x00" in contenu:
        raise FichierInvalide("Ce fichier n'est pas un tableau CSV ni un classeur .xlsx.")
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError as erreur:
        raise FichierInvalide(MESSAGE_ENCODAGE) from erreur
    premiere = next((ligne for ligne in texte.splitlines() if ligne.strip()), "")
    separateur = max([";", ",", "\t"], key=premiere.count)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        for numero, ligne in enumerate(lecteur, start=1):
            if numero > LIGNES_MAX + 1:
                raise FichierInvalide(f"Le fichier dépasse {LIGNES_MAX} lignes : découpez-le.")
            yield numero, ligne[:COLONNES_MAX]
    except csv.Error as erreur:
        raise FichierInvalide(
            f"Ligne {lecteur.line_num} : le fichier CSV est mal formé (guillemets non refermés ?)."
        ) from erreur


def _entetes_et_lignes(lignes):
    lignes = iter(lignes)
    for numero, cellules in lignes:  # noqa: B007 (numero names the header row below)
        if any(c.strip() for c in cellules):
            entetes = [c.strip() for c in cellules]
            break
    else:
        raise FichierInvalide("Le fichier est vide.")
    colonnes, ignorees = {}, []
    for rang, entete in enumerate(entetes):
        if not entete:
            continue
        attribut = CORRESPONDANCE.get(cle(entete))
        if attribut is None:
            if cle(entete) not in IGNOREES:
                ignorees.append(entete)
            continue
        if attribut in colonnes:
            raise FichierInvalide(f"Ligne {numero} : la colonne « {LIBELLES[attribut]} » apparaît deux fois.")
        colonnes[attribut] = rang
    if "nom" not in colonnes:
        raise FichierInvalide(
            f"Ligne {numero} : aucune colonne « Nom ». La première ligne du fichier doit porter les en-têtes "
            "(voir la liste des colonnes et le fichier modèle)."
        )
    donnees = [
        (
            n,
            {
                a: _sans_apostrophe(cellules[r].strip()) if r < len(cellules) else ""
                for a, r in colonnes.items()
            },
        )
        for n, cellules in lignes
        if any(c.strip() for c in cellules)
    ]
    return Lecture(colonnes=list(colonnes), ignorees=ignorees, lignes=donnees)


def _sans_apostrophe(texte):
    """Undo the export's formula neutralisation ('+33 ... → +33 ...)."""
    if texte.startswith("'") and texte[1:].startswith(DEBUTS_DANGEREUX):
        return texte[1:]
    return texte


@dataclass
class Lecture:
    colonnes: list
    ignorees: list
    lignes: list


# Analysis ---------------------------------------------------------------------------------------


class Action:
    CREATION = "creation"
    MODIFICATION = "modification"
    INCHANGE = "inchange"
    REJET = "rejet"


LIBELLES_ACTIONS = {
    Action.CREATION: "À créer",
    Action.MODIFICATION: "À modifier",
    Action.INCHANGE: "Inchangé",
    Action.REJET: "Rejeté",
}


@dataclass
class Ligne:
    numero: int
    nom: str
    action: str = Action.INCHANGE
    messages: list = field(default_factory=list)
    partenaire: Partenaire | None = None
    valeurs: dict = field(default_factory=dict)

    @property
    def libelle_action(self):
        return LIBELLES_ACTIONS[self.action]

    def rejeter(self, message):
        self.action = Action.REJET
        self.messages.append(message)

    def en_dict(self):
        return {"numero": self.numero, "nom": self.nom, "action": self.action, "messages": self.messages}


@dataclass
class Rapport:
    lignes: list
    ignorees: list

    def nombre(self, action):
        return sum(1 for ligne in self.lignes if ligne.action == action)

    @property
    def resume(self):
        return {
            "creations": self.nombre(Action.CREATION),
            "modifications": self.nombre(Action.MODIFICATION),
            "inchanges": self.nombre(Action.INCHANGE),
            "rejets": self.nombre(Action.REJET),
            "lignes": len(self.lignes),
        }

    @property
    def a_appliquer(self):
        return self.nombre(Action.CREATION) + self.nombre(Action.MODIFICATION)

    @property
    def applicable(self):
        return not self.nombre(Action.REJET) and self.a_appliquer > 0


class Referentiel:
    """Everything rows are matched against, read once per analysis (bounded queries)."""

    def __init__(self):
        self.partenaires = list(
            Partenaire.objects.select_related("commune").prefetch_related("champs", "fiches")
        )
        self.par_siret = {p.siret: p for p in self.partenaires if p.siret}
        self.par_nom = {(p.cle_nom, p.commune_id): p for p in self.partenaires}
        self.communes, ambigues = {}, set()
        for commune in Commune.objects.only("pk", "nom", "code_insee"):
            self.communes[commune.code_insee] = commune
            if cle(commune.nom) in self.communes:
                ambigues.add(cle(commune.nom))
            self.communes[cle(commune.nom)] = commune
        for nom in ambigues:
            self.communes[nom] = None
        self.champs = {cle(c.nom): c for c in ChampIntervention.objects.all()}
        plan = Plan.objects.en_vigueur()
        self.fiches = {f.code: f for f in FicheAction.objects.du_plan(plan)} if plan else {}
        self.types = {}
        for valeur, libelle in Partenaire.Type.choices:
            self.types[cle(valeur)] = self.types[cle(libelle)] = valeur
            self.types[cle(libelle.split(",")[0])] = valeur
        self.types[cle("Organisme de formation")] = Partenaire.Type.FORMATION
        self.types[cle("Entreprise")] = Partenaire.Type.ECONOMIQUE


def analyser(lecture, referentiel=None):
    """The report of what applying the file would do, row by row. Writes nothing."""
    ref = referentiel or Referentiel()
    vus = {}
    lignes = []
    for numero, brut in lecture.lignes:
        ligne = Ligne(numero=numero, nom=brut.get("nom", ""))
        lignes.append(ligne)
        valeurs = _valeurs(brut, ligne, ref)
        if ligne.action == Action.REJET:
            continue
        partenaire = _correspondant(valeurs, ligne, ref)
        if ligne.action == Action.REJET:
            continue
        cles = [("pk", partenaire.pk)] if partenaire else []
        if valeurs.get("siret"):
            cles.append(("siret", valeurs["siret"]))
        cles.append(
            (
                "nom",
                (
                    cle(valeurs["nom"]),
                    _pk(valeurs.get("commune", partenaire.commune if partenaire else None)),
                ),
            )
        )
        doublon = next((vus[c] for c in cles if c in vus), None)
        if doublon:
            ligne.rejeter(f"Même partenaire que la ligne {doublon} : une seule ligne par partenaire.")
            continue
        for c in cles:
            vus[c] = numero
        ligne.partenaire, ligne.valeurs = partenaire, valeurs
        if partenaire is None:
            ligne.action = Action.CREATION
            ligne.messages = _description(valeurs) + ligne.messages
        else:
            changements = _changements(partenaire, valeurs)
            if changements:
                ligne.action = Action.MODIFICATION
                ligne.messages = changements + ligne.messages
    return Rapport(lignes=lignes, ignorees=lecture.ignorees)


def _pk(objet):
    return objet.pk if objet is not None else None


def _valeurs(brut, ligne, ref):
    """The row's non-empty cells, checked and converted; a bad cell rejects the row."""
    valeurs = {}
    for attribut, texte in brut.items():
        texte = re.sub(r"\s+", " ", texte).strip() if attribut != "notes" else texte.strip()
        if not texte:
            continue
        libelle = LIBELLES[attribut]
        try:
            valeurs[attribut] = _convertir(attribut, texte, ref, ligne)
        except ValidationError as erreur:
            ligne.rejeter(f"{libelle} : {erreur.messages[0]}")
            continue
        champ = (
            Partenaire._meta.get_field(attribut)
            if attribut not in ("champs", "fiches", "commune", "type")
            else None
        )
        if champ is not None and champ.max_length and len(valeurs[attribut]) > champ.max_length:
            ligne.rejeter(f"{libelle} : {champ.max_length} caractères au plus (ici {len(texte)}).")
    if "nom" not in valeurs:
        ligne.rejeter("Le nom est obligatoire.")
    return valeurs


def _convertir(attribut, texte, ref, ligne):
    if attribut == "type":
        if cle(texte) not in ref.types:
            raise ValidationError(
                f"« {texte} » n'est pas un type connu ; choisissez parmi : "
                + ", ".join(libelle for _, libelle in Partenaire.Type.choices)
                + "."
            )
        return ref.types[cle(texte)]
    if attribut == "siret":
        valider_siret(texte)
        return siret_normalise(texte)
    if attribut == "commune":
        recherche = re.sub(r"^\d{5}\s+", "", texte)  # "62400 Béthune" → "Béthune"
        commune = ref.communes.get(texte) or ref.communes.get(cle(recherche))
        if commune is None:
            if ref.communes.get(cle(recherche), False) is None:
                raise ValidationError(f"« {texte} » désigne plusieurs communes : indiquez son code INSEE.")
            raise ValidationError(
                f"« {texte} » n'est pas une des communes de l'arrondissement. Pour un partenaire situé "
                "ailleurs, laissez la cellule vide et précisez la ville dans l'adresse."
            )
        return commune
    if attribut == "champs":
        noms = []
        for nom in SEPARATEURS_LISTE.split(texte):
            if not nom:
                continue
            existant = ref.champs.get(cle(nom))
            if existant is None:
                if len(nom) > 100:
                    raise ValidationError(f"le champ « {nom[:30]}… » dépasse 100 caractères.")
                ligne.messages.append(f"Nouveau champ d'intervention « {nom} » (il sera créé).")
            noms.append(existant.nom if existant else nom)
        return sorted(set(noms), key=cle)
    if attribut == "fiches":
        codes = [c for c in SEPARATEURS_LISTE.split(texte.replace(" ", ",")) if c]
        inconnues = [c for c in codes if c not in ref.fiches]
        if inconnues:
            raise ValidationError(f"fiche « {inconnues[0]} » inconnue dans le plan en vigueur.")
        return sorted(set(codes), key=lambda c: [int(x) for x in c.split(".") if x.isdigit()])
    if attribut == "site_web":
        url = texte if re.match(r"^[a-z]+://", texte, re.I) else f"https://{texte}"
        URLValidator(schemes=["http", "https"])(url)
        return url
    if attribut == "contact_email":
        try:
            validate_email(texte)
        except ValidationError as erreur:
            raise ValidationError(f"« {texte} » n'est pas une adresse électronique valide.") from erreur
        return texte
    return texte


def _correspondant(valeurs, ligne, ref):
    """The recorded partner this row describes: by SIRET, else by name and commune."""
    siret = valeurs.get("siret")
    par_siret = ref.par_siret.get(siret) if siret else None
    commune = valeurs.get("commune")
    par_nom = ref.par_nom.get((cle(valeurs["nom"]), _pk(commune)))
    if par_nom is None and "commune" not in valeurs and par_siret is None:
        # No commune given: a partner of that name recorded with a commune is still the same one,
        # if it is the only one.
        homonymes = [p for (nom, _), p in ref.par_nom.items() if nom == cle(valeurs["nom"])]
        par_nom = homonymes[0] if len(homonymes) == 1 else None
    if par_siret is not None:
        if par_nom is not None and par_nom != par_siret:
            ligne.rejeter(
                f"Le SIRET désigne « {par_siret.nom} » mais le nom et la commune désignent « {par_nom.nom} »."
            )
        return par_siret
    if par_nom is not None and siret and par_nom.siret and par_nom.siret != siret:
        ligne.rejeter(
            f"« {par_nom.nom} » (même nom, même commune) est déjà enregistré avec le SIRET {par_nom.siret}."
        )
    return par_nom


def _actuelles(partenaire):
    valeurs = {a: getattr(partenaire, a) for a, _, _ in COLONNES if a not in ("champs", "fiches", "commune")}
    valeurs["commune"] = partenaire.commune
    valeurs["champs"] = sorted((c.nom for c in partenaire.champs.all()), key=cle)
    valeurs["fiches"] = sorted(
        (f.code for f in partenaire.fiches.all()), key=lambda c: [int(x) for x in c.split(".") if x.isdigit()]
    )
    return valeurs


def _affiche(attribut, valeur):
    if attribut == "type":
        return Partenaire.Type(valeur).label if valeur else "—"
    if isinstance(valeur, list):
        return ", ".join(valeur) or "—"
    if attribut == "notes" and valeur and len(valeur) > 60:
        return valeur[:60] + "…"
    return str(valeur) if valeur else "—"


def _changements(partenaire, valeurs):
    actuelles = _actuelles(partenaire)
    return [
        f"{LIBELLES[a]} : « {_affiche(a, actuelles[a])} » → « {_affiche(a, v)} »"
        for a, v in valeurs.items()
        if v != actuelles[a]
    ]


def _description(valeurs):
    valeurs = {"type": Partenaire.Type.AUTRE} | valeurs
    morceaux = [f"{LIBELLES[a]} : {_affiche(a, v)}" for a, v in valeurs.items() if a != "nom"]
    return ["Nouveau partenaire. " + " ; ".join(morceaux) + "."]


# Applying ---------------------------------------------------------------------------------------


def appliquer(rapport, par=None):
    """Write every creation and modification of the report in one transaction, or nothing."""
    if rapport.nombre(Action.REJET):
        raise ImportRefuse(
            f"{rapport.nombre(Action.REJET)} ligne(s) rejetée(s) : rien n'a été importé. "
            "Corrigez-les dans le fichier puis déposez-le à nouveau."
        )
    numero = None
    try:
        with transaction.atomic():
            champs = {cle(c.nom): c for c in ChampIntervention.objects.all()}
            fiches = {}
            plan = Plan.objects.en_vigueur()
            if plan:
                fiches = {f.code: f for f in FicheAction.objects.du_plan(plan)}
            for ligne in rapport.lignes:
                if ligne.action not in (Action.CREATION, Action.MODIFICATION):
                    continue
                numero = ligne.numero
                _appliquer_ligne(ligne, champs, fiches, par)
    except DatabaseError as erreur:
        raise ImportRefuse(
            f"L'import s'est interrompu à la ligne {numero} ({erreur.__class__.__name__}) : "
            "rien n'a été enregistré. Relancez l'analyse : les données ont peut-être changé entre-temps."
        ) from erreur
    return rapport.resume


def _appliquer_ligne(ligne, champs, fiches, par):
    valeurs = ligne.valeurs
    partenaire = ligne.partenaire or Partenaire(type=Partenaire.Type.AUTRE)
    simples = {
        a: v for a, v in valeurs.items() if a not in ("champs", "fiches") and not a.startswith("contact_")
    }
    for attribut, valeur in simples.items():
        setattr(partenaire, attribut, valeur)
    partenaire.save()
    contact = {a.removeprefix("contact_"): v for a, v in valeurs.items() if a.startswith("contact_")}
    if contact:
        partenaire.changer_contact(par=par, **contact)
    if "champs" in valeurs:
        choisis = []
        for nom in valeurs["champs"]:
            if cle(nom) not in champs:
                champs[cle(nom)] = ChampIntervention.objects.create(nom=nom)
            choisis.append(champs[cle(nom)])
        partenaire.champs.set(choisis)
    if "fiches" in valeurs:
        partenaire.fiches.set([fiches[code] for code in valeurs["fiches"]])
