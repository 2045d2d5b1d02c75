"""Extra lines of the daily reminder e-mail, added by the apps above `suivi` (which imports none).

An app registers, from its AppConfig.ready(), a function `f(jour, base) -> {utilisateur: [Rappel]}`
giving, for everyone it has something to remind today, the lines to add (`base` is the site's
address, for the links). It answers for all people at once, so that a reminder costs a few queries
whatever the number of people. `envoyer_rappels` merges these lines with the pilots' fiches: a
person with lines but no fiche gets an e-mail with the lines alone, still one e-mail a day at most.
"""

from dataclasses import dataclass

FONCTIONS = []


@dataclass(frozen=True)
class Rappel:
    texte: str
    url: str = ""
    # A few words for the subject of an e-mail made of this line alone.
    titre: str = ""


def enregistrer_rappel(fonction):
    if fonction not in FONCTIONS:
        FONCTIONS.append(fonction)
    return fonction


def rappels_du_jour(jour, base):
    """{utilisateur: [Rappel]} from every registered function, in registration order."""
    par_personne = {}
    for fonction in FONCTIONS:
        for personne, lignes in fonction(jour, base).items():
            par_personne.setdefault(personne, []).extend(lignes)
    return par_personne
