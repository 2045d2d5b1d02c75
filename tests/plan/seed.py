"""Read the adopted plan document itself, independently of the fixtures, to check them against it.

`projet_associatif_2024_2029.txt` is a byte-for-byte copy of the seed text
(`shared/seed/000_5fec862758dae322.txt`), kept in the repository so that a fresh clone can run the
fidelity tests; its SHA-256 is pinned in `test_fixtures.py`.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

CHEMIN = Path(__file__).with_name("projet_associatif_2024_2029.txt")
SHA256 = "0e2806f26c6c081e4af8bcd2fe3667bf00254be8e76cb0010f23d1240b431b85"

CASE = re.compile(r"<input (checked=\"\" )?type=\"checkbox\"/>\s*\|?\s*([^|]+?)\s*\|?\s*$")
PUCE = re.compile(r"^(\s*)- (.*)$")
TITRE_FICHE = re.compile(r"^(?:\d\s+)?([A-ZÀ-Ý'’ ]{8,})$")


def texte():
    return CHEMIN.read_text(encoding="utf-8")


def normaliser(chaine):
    """Bold markers removed, whitespace collapsed: how a fixture text must appear in the seed."""
    return re.sub(r"\s+", " ", chaine.replace("**", "")).strip()


def sans_accents_majuscules(chaine):
    """The seed writes fiche titles in capitals without accents: compare on that common ground."""
    chaine = chaine.replace("œ", "oe").replace("Œ", "OE").replace("’", "'")
    decompose = unicodedata.normalize("NFKD", chaine)
    return normaliser("".join(c for c in decompose if not unicodedata.combining(c))).upper()


@cache
def fiches():
    """The 11 fiches of section 6, in order, as written in the seed.

    Each: {"titre", "enjeux_coches": [...], "enjeux_grille": [...], "objectifs": [...],
    "etapes": [(texte, [sous-étapes])]}. Bold markers are removed from texts.
    """
    lignes = texte().splitlines()
    # Section 6 proper starts at its second "6.1 -" heading (the first is the table of contents).
    debut = [i for i, ligne in enumerate(lignes) if ligne.startswith("6.1 - AXE 1")][1]
    lignes = lignes[debut:]
    resultat = []
    fiche = None
    bloc = None
    for i, ligne in enumerate(lignes):
        brute = ligne.rstrip()
        if re.match(r"^Enjeux\s*:?$", brute):
            fiche = {
                "titre": _titre_avant(lignes, i),
                "enjeux_coches": [],
                "enjeux_grille": [],
                "objectifs": [],
                "etapes": [],
            }
            resultat.append(fiche)
            bloc = "enjeux"
            continue
        if fiche is None:
            continue
        if brute.startswith("Objectifs"):
            bloc = "objectifs"
            continue
        if brute.startswith("Descriptif synthétique"):
            bloc = "etapes"
            continue
        if not brute.strip():
            continue
        if bloc == "enjeux":
            case = CASE.search(brute)
            if case:
                fiche["enjeux_grille"].append(case.group(2))
                if case.group(1):
                    fiche["enjeux_coches"].append(case.group(2))
            continue
        puce = PUCE.match(brute)
        if puce is None:
            # Any other line (next axis's introduction, next fiche's heading) ends the lists.
            bloc = None
            continue
        contenu = normaliser(puce.group(2))
        if bloc == "objectifs":
            fiche["objectifs"].append(contenu)
        elif bloc == "etapes":
            if puce.group(1):
                fiche["etapes"][-1][1].append(contenu)
            else:
                fiche["etapes"].append((contenu, []))
    return resultat


def _titre_avant(lignes, i):
    """The fiche's heading: the last capitalised line before its "Enjeux" block."""
    for ligne in reversed(lignes[:i]):
        correspondance = TITRE_FICHE.match(ligne.strip())
        if correspondance:
            return correspondance.group(1).strip()
    raise AssertionError(f"Pas de titre de fiche avant la ligne {i}")


@cache
def titres_des_axes():
    """{numéro: titre} from the "LES AXES DE TRAVAIL" list of section 6."""
    return {
        int(m.group(1)): m.group(2).strip()
        for m in re.finditer(r"^Axe (\d) : (.+)$", texte(), flags=re.MULTILINE)
    }


@cache
def valeurs():
    """{nom: [pratiques]} for the values of section 2.1, in order."""
    noms = [
        "Respect",
        "Bienveillance",
        "Égalité de traitement",
        "Proximité",
        "Écoute",
        "Engagement, donner l'envie",
        "Coopération",
        "Expertise",
        "Entraide",
        "Créativité",
    ]
    section = texte().split("\n2.1 - LES VALEURS")[2].split("\n2.2 - ")[0]
    lignes = section.splitlines()
    resultat = {}
    courante = None
    for ligne in lignes:
        if ligne.strip() in noms:
            courante = ligne.strip()
            resultat[courante] = []
        elif courante and ligne.startswith("- "):
            resultat[courante].append(normaliser(ligne[2:]))
    return resultat


def tableau_partenaires():
    """[(champ, nom)] of the table of section 3.2 (tab-separated in the seed)."""
    section = texte().split("CHAMP D'INTERVENTION\tNOM DE LA STRUCTURE\n")[1].split("\n\n")[0]
    return [tuple(ligne.split("\t")) for ligne in section.splitlines()]
