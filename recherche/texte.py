"""Text as the search compares it: lowercase, without accents, « œ » as « oe », the same in Python,
in PostgreSQL (`SansAccents`, a translate() that an index could use) and in SQLite (a function of
the same name registered on each connection). And the highlighting of the words found."""

import re
import unicodedata

from django.db.models import Func, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Accented letters of French and its neighbours, upper and lower case, and what they compare as.
ACCENTUEES = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
SANS_ACCENT = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy"
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
MOT = re.compile(r"\w+")
# Beyond this, a text is shown as an excerpt around the first word found.
LONGUEUR_EXTRAIT = 240


def normaliser(texte):
    """« Mise en œuvre À Béthune » → « mise en oeuvre a bethune »; keeps the length of plain text."""
    texte = (texte or "").translate(LIGATURES)
    return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c)).casefold()


class SansAccents(Func):
    """`normaliser` in SQL: PostgreSQL's translate() and lower(), SQLite's registered function."""

    def __init__(self, expression):
        texte = TextField()
        super().__init__(Coalesce(expression, Value(""), output_field=texte), output_field=texte)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"replace(replace(lower(translate({sql}, %s, %s)), 'œ', 'oe'), 'æ', 'ae')",
            (*params, ACCENTUEES, SANS_ACCENT),
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"sans_accents({sql})", params


def installer_sur_sqlite(sender, connection, **kwargs):
    """connection_created receiver: SQLite gets `sans_accents`, Python's `normaliser`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sans_accents", 1, normaliser, deterministic=True)


def termes(recherche, maximum=8):
    """The words to look for, normalised, two letters at least, each once, in the order typed."""
    vus = []
    for mot in MOT.findall(normaliser(recherche)):
        if len(mot) >= 2 and mot not in vus:
            vus.append(mot)
    return vus[:maximum]


def racine(terme):
    """A crude French stem, for highlighting and the SQLite fallback: « partenaires » → « partenair »
    finds « partenaire » and « partenaires », as PostgreSQL's French stemming does."""
    for fin in ("s", "x", "e"):
        if len(terme) > 4 and terme.endswith(fin):
            terme = terme[: -len(fin)]
    return terme


def _positions(texte):
    """The normalised text, and for each of its characters the index of the original one."""
    normalise, origine = [], []
    for rang, caractere in enumerate(texte):
        for c in normaliser(caractere):
            normalise.append(c)
            origine.append(rang)
    return "".join(normalise), origine


def _trouves(texte, racines):
    """(début, fin) in `texte` of every word that starts with one of `racines`, merged and sorted."""
    normalise, origine = _positions(texte)
    plages = []
    for mot in MOT.finditer(normalise):
        if any(mot.group().startswith(r) for r in racines):
            plages.append((origine[mot.start()], origine[mot.end() - 1] + 1))
    return sorted(plages)


def surligner(texte, recherche_termes, extrait=False):
    """`texte` escaped, the words found wrapped in <mark>; with `extrait`, cut around the first one.

    Escaping happens piece by piece on the original text, so no typed word can ever form markup."""
    texte = texte or ""
    racines = [racine(t) for t in recherche_termes]
    plages = _trouves(texte, racines) if racines else []
    debut, fin = 0, len(texte)
    if extrait and len(texte) > LONGUEUR_EXTRAIT:
        premier = plages[0][0] if plages else 0
        debut = max(0, premier - LONGUEUR_EXTRAIT // 3)
        if debut:
            espace = texte.rfind(" ", 0, debut)
            debut = espace + 1 if espace >= 0 else debut
        fin = min(len(texte), debut + LONGUEUR_EXTRAIT)
        if fin < len(texte):
            espace = texte.rfind(" ", debut, fin)
            fin = espace if espace > debut else fin
    morceaux, curseur = [], debut
    for a, b in plages:
        if b <= debut or a >= fin:
            continue
        a, b = max(a, debut), min(b, fin)
        morceaux.append(escape(texte[curseur:a]))
        morceaux.append(f"<mark>{escape(texte[a:b])}</mark>")
        curseur = b
    morceaux.append(escape(texte[curseur:fin]))
    resultat = "".join(morceaux)
    if debut > 0:
        resultat = "… " + resultat
    if fin < len(texte):
        resultat += " …"
    return mark_safe(resultat)  # noqa: S308 - every piece of the text went through escape()
