"""The site-wide search: fiches, steps, journal entries, indicators and people, one query per kind.

One code path for both databases, chosen by `connection.vendor`: PostgreSQL's full-text search
(French stemming, prefixes: « mobil » finds « mobilité », « partenaires » finds « partenaire ») on
accent-free text, ranked; on SQLite, every word's stem contained in one of the fields, accents
ignored too. Highlighting is done in Python on the rows shown (recherche.texte.surligner).
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import add, or_

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Value, Window
from django.urls import reverse

from antennes.models import MembreEquipe
from comptes import roles
from mission_locale.formats import date_longue
from plan.models import Etape, FicheAction, Plan
from suivi.models import EntreeJournal, Indicateur

from .texte import SansAccents, racine, surligner, termes

# Rows shown per kind, and when only one kind is asked for.
LIMITE, LIMITE_SEULE = 10, 50
CODE_FICHE = re.compile(r"\d{1,2}\.\d{1,2}")


@dataclass
class Resultat:
    titre: str
    url: str = ""
    contexte: str = ""
    extrait: str = ""
    details: list = field(default_factory=list)


@dataclass
class Groupe:
    cle: str
    titre: str
    resultats: list
    total: int

    @property
    def reste(self):
        return self.total - len(self.resultats)


@dataclass(frozen=True)
class Document:
    """What a kind of row is searched on: its fields and their weight (A, the most telling, to D,
    or None), the text-search configuration, and whether rows are ranked by relevance (else they
    keep their own order, e.g. the journal's newest first)."""

    champs: tuple
    config: str = "french"
    classer: bool = True

    def vecteur(self):
        """PostgreSQL's tsvector of the accent-free fields: the very expression indexed by the
        migration 0001, so that the index serves the search."""
        return reduce(
            add, (SearchVector(SansAccents(c), weight=p, config=self.config) for c, p in self.champs)
        )


FICHES = Document((("titre", "A"), ("libelle_court", "A"), ("resume", "B")))
ETAPES = Document((("libelle", "A"), ("texte", "B")))
JOURNAL = Document((("commentaire", None),), classer=False)
INDICATEURS = Document((("libelle", "A"), ("unite", "C")))
COMPTES = Document((("first_name", "A"), ("last_name", "A")), config="simple")
REGISTRE = Document((("prenom", "A"), ("nom", "A")), config="simple")
# The largest tables, indexed on PostgreSQL: (app, model, document, index name).
INDEX = [
    ("suivi", "EntreeJournal", JOURNAL, "recherche_journal"),
    ("plan", "Etape", ETAPES, "recherche_etape"),
    ("plan", "FicheAction", FICHES, "recherche_fiche"),
]


def correspondances(queryset, document, mots):
    """`queryset` filtered on `mots` (normalised words, all required) found in `document`'s fields,
    with a `rang` to order by (relevance on PostgreSQL when the document is ranked, else 0)."""
    if connection.vendor == "postgresql":
        requete = SearchQuery(" & ".join(f"'{m}':*" for m in mots), search_type="raw", config=document.config)
        queryset = queryset.alias(document=document.vecteur()).filter(document=requete)
        if document.classer:
            return queryset.annotate(rang=SearchRank(F("document"), requete))
        return queryset.annotate(rang=Value(0))
    for rang, (champ, _) in enumerate(document.champs):
        queryset = queryset.alias(**{f"texte_{rang}": SansAccents(champ)})
    for mot in mots:
        queryset = queryset.filter(
            reduce(
                or_, (Q(**{f"texte_{rang}__contains": racine(mot)}) for rang in range(len(document.champs)))
            )
        )
    return queryset.annotate(rang=Value(0))


def _premiers(queryset, ordre, limite):
    """The best `limite` rows, each carrying the total count (a window: no second query)."""
    return list(queryset.annotate(total=Window(Count("pk"))).order_by("-rang", *ordre)[:limite])


def _groupe(cle, titre, lignes, vers_resultat):
    return Groupe(cle, titre, [vers_resultat(ligne) for ligne in lignes], lignes[0].total if lignes else 0)


def _fiches(plan, mots, limite, personne, code=None):
    fiches = FicheAction.objects.du_plan(plan).select_related("axe")
    if code:
        # « 1.2 » is a fiche's code, not words to look for.
        fiches = fiches.filter(code=code).annotate(rang=Value(0))
    else:
        fiches = correspondances(fiches, FICHES, mots)
    lignes = _premiers(fiches, ["axe__numero", "numero"], limite)

    def resultat(fiche):
        return Resultat(
            titre=surligner(f"Fiche {fiche.code} : {fiche.titre}", mots),
            url=reverse("suivi:fiche-detail", args=[fiche.code]),
            contexte=f"Axe {fiche.axe.numero} : {fiche.axe.titre}",
            extrait=surligner(fiche.resume, mots, extrait=True),
        )

    return _groupe("fiches", "Fiches-actions", lignes, resultat)


def _etapes(plan, mots, limite, personne):
    lignes = _premiers(
        correspondances(
            Etape.objects.filter(fiche__axe__plan=plan, fiche__archivee_le__isnull=True).select_related(
                "fiche"
            ),
            ETAPES,
            mots,
        ),
        ["fiche__axe__numero", "fiche__numero", "parent_id", "ordre"],
        limite,
    )

    def resultat(etape):
        return Resultat(
            titre=surligner(etape.intitule, mots, extrait=True),
            url=reverse("suivi:fiche-detail", args=[etape.fiche.code]) + f"#etape-{etape.pk}",
            contexte=f"Étape de la fiche {etape.fiche.code} : {etape.fiche.titre}",
            extrait=surligner(etape.texte, mots, extrait=True) if etape.libelle and etape.texte else "",
            details=[etape.get_statut_display(), f"{etape.avancement} %"],
        )

    return _groupe("etapes", "Étapes", lignes, resultat)


def _journal(plan, mots, limite, personne):
    lignes = _premiers(
        correspondances(
            EntreeJournal.objects.filter(
                fiche__axe__plan=plan, fiche__archivee_le__isnull=True
            ).select_related("fiche", "auteur"),
            JOURNAL,
            mots,
        ),
        # NULLS LAST, which the date's index cannot give: PostgreSQL then takes the matches from the
        # full-text index instead of walking years of journal backwards testing each entry (0.8 s
        # for a rare word at 20×, against 3 to 120 ms).
        [F("cree_le").desc(nulls_last=True), "-pk"],
        limite,
    )

    def resultat(entree):
        return Resultat(
            titre=f"Fiche {entree.fiche.code} : {entree.get_type_display()} du {date_longue(entree.cree_le)}",
            url=entree.get_absolute_url(),
            contexte=entree.fiche.titre,
            extrait=surligner(entree.commentaire, mots, extrait=True),
            details=[entree.nom_auteur]
            + (["à présenter au conseil"] if entree.a_presenter_au_conseil else []),
        )

    return _groupe("journal", "Journal de suivi", lignes, resultat)


def _indicateurs(plan, mots, limite, personne):
    lignes = _premiers(
        correspondances(
            Indicateur.objects.filter(fiche__axe__plan=plan, fiche__archivee_le__isnull=True).select_related(
                "fiche"
            ),
            INDICATEURS,
            mots,
        ),
        ["fiche__axe__numero", "fiche__numero", "libelle"],
        limite,
    )

    def resultat(indicateur):
        return Resultat(
            titre=surligner(indicateur.libelle, mots),
            url=reverse("suivi:fiche-detail", args=[indicateur.fiche.code]) + f"#indicateur-{indicateur.pk}",
            contexte=f"Indicateur de la fiche {indicateur.fiche.code} : {indicateur.fiche.titre}",
            details=["calculé par l'application"] if indicateur.est_calcule else [],
        )

    return _groupe("indicateurs", "Indicateurs", lignes, resultat)


def _personnes(plan, mots, limite, personne):
    """Staff, by name: accounts of the team, Direction and Administration, then the staff register's
    members without an account. Board members read names only; staff also see post and e-mail."""
    detaille = not roles.est_conseil(personne)
    equipe = Group.objects.filter(
        user=OuterRef("pk"), name__in=[roles.ADMINISTRATION, roles.DIRECTION, roles.EQUIPE]
    )
    comptes = _premiers(
        correspondances(
            get_user_model()
            .objects.filter(Exists(equipe), is_active=True)
            .select_related("membre_equipe__antenne"),
            COMPTES,
            mots,
        ),
        ["last_name", "first_name", "pk"],
        limite,
    )
    registre = _premiers(
        correspondances(
            MembreEquipe.objects.filter(utilisateur__isnull=True).select_related("antenne"),
            REGISTRE,
            mots,
        ),
        ["nom", "prenom", "pk"],
        limite,
    )

    def details_de(membre, email):
        if not detaille:
            return []
        poste = (
            [membre.get_poste_display(), *([membre.antenne.nom] if membre.antenne else [])] if membre else []
        )
        return poste + ([email] if email else [])

    resultats = [
        Resultat(
            titre=surligner(compte.nom_affiche, mots),
            url=reverse("suivi:journal") + f"?auteur={compte.pk}",
            contexte="Ses contributions au journal de suivi",
            details=details_de(getattr(compte, "membre_equipe", None), compte.email),
        )
        for compte in comptes
    ] + [
        Resultat(
            titre=surligner(f"{membre.prenom} {membre.nom}", mots),
            contexte="Registre de l'équipe",
            details=details_de(membre, membre.email),
        )
        for membre in registre
    ]
    total = (comptes[0].total if comptes else 0) + (registre[0].total if registre else 0)
    return Groupe("personnes", "Personnes", resultats[:limite], total)


SOURCES = {
    "fiches": _fiches,
    "etapes": _etapes,
    "journal": _journal,
    "indicateurs": _indicateurs,
    "personnes": _personnes,
}


def rechercher(recherche, personne, seulement=None):
    """The groups of results for what `personne` typed, in a bounded number of queries: one per
    kind, plus the plan in force. `seulement` (a key of SOURCES) shows one kind, more of it."""
    mots = termes(recherche)
    code = recherche.strip() if CODE_FICHE.fullmatch(recherche.strip()) else None
    if not mots and not code:
        return []
    plan = Plan.objects.en_vigueur()
    if plan is None:
        return []
    if code:
        return [_fiches(plan, [], LIMITE, personne, code=code)]
    sources = {seulement: SOURCES[seulement]} if seulement in SOURCES else SOURCES
    limite = LIMITE_SEULE if seulement in SOURCES else LIMITE
    return [source(plan, mots, limite, personne) for source in sources.values()]
