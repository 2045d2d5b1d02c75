"""A small HTML reader for page tests: find elements by tag, class or id and read their text.

Built on the standard library's parser so that assertions target what a reader sees, not the exact
markup (other engineers adjust classes and attributes for accessibility).
"""

import re
from html.parser import HTMLParser

VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.enfants = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def texte(self):
        morceaux = [e if isinstance(e, str) else e.texte() for e in self.enfants]
        return re.sub(r"\s+", " ", " ".join(morceaux)).strip()

    def tous(self, tag=None, classe=None, **attrs):
        """Every descendant matching the tag, the class and the attributes given (`id_` for id)."""
        trouves = []
        for enfant in self.enfants:
            if isinstance(enfant, str):
                continue
            if (
                (tag is None or enfant.tag == tag)
                and (classe is None or classe in enfant.classes)
                and all(enfant.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
            ):
                trouves.append(enfant)
            trouves.extend(enfant.tous(tag, classe, **attrs))
        return trouves

    def directs(self, tag):
        """Child elements (not deeper descendants) with this tag, e.g. the items of one list level."""
        return [e for e in self.enfants if not isinstance(e, str) and e.tag == tag]

    def un(self, tag=None, classe=None, **attrs):
        trouves = self.tous(tag, classe, **attrs)
        assert len(trouves) == 1, f"{len(trouves)} éléments {tag} {classe} {attrs}"
        return trouves[0]

    def ancetre(self, tag):
        element = self.parent
        while element is not None and element.tag != tag:
            element = element.parent
        return element


class _Lecteur(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.racine = self.courant = Element("document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.courant)
        self.courant.enfants.append(element)
        if tag not in VIDES:
            self.courant = element

    def handle_startendtag(self, tag, attrs):
        self.courant.enfants.append(Element(tag, attrs, self.courant))

    def handle_endtag(self, tag):
        element = self.courant
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.courant = element.parent

    def handle_data(self, data):
        self.courant.enfants.append(data)


def lire(reponse_ou_html):
    html = reponse_ou_html if isinstance(reponse_ou_html, str) else reponse_ou_html.text
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    return lecteur.racine


def main(reponse):
    """The page's <main>, so that navigation links do not count as content."""
    return lire(reponse).un("main")
