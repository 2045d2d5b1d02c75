"""Axis 4 at N times the volume of one Mission Locale, for the benchmark (called by Peuplement).

Scale 1: the staff register at the plan's 72 salaried people (only what the territory's own
demonstration did not already create), a charter adopted by the last CA held with 10 articles,
80 % of the staff having read it, 24 awareness sessions over two years with their attendance,
young people's commitments per antenne and month since the adoption, 10 procedures and one
value ↔ fiche link per fiche. Scale N multiplies each volume by N. Names contain "fictif" or
"fictive" and texts start with "[Démo]", as everything invented.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from antennes.models import Antenne, MembreEquipe, Procedure
from ethique.models import (
    Article,
    Charte,
    EngagementsJeunes,
    PriseDeConnaissance,
    Sensibilisation,
    ValeurFiche,
)
from partenaires.models import Partenaire
from plan.models import FicheAction, Valeur

PREFIXE = "[Démo]"
SALARIES = 72
ARTICLES = 10
SESSIONS = 24
PROCEDURES = 10
PARTICIPANTS_PAR_SESSION = 12
PARTENAIRES_PAR_SESSION = 4
LOT = 2000


def peupler_ethique(peuplement):
    """The staff register, awareness sessions, procedures and links: before the CA meetings are held,
    so that each one measures the computed indicators of axis 4 on these rows."""
    hasard, echelle = peuplement.hasard, peuplement.echelle
    aujourdhui = timezone.localdate()
    valeurs = list(Valeur.objects.order_by("ordre"))
    antennes = list(Antenne.objects.all())
    with transaction.atomic():
        # The staff register: up to 72 × N people, spread over the antennes.
        manquants = max(0, SALARIES * echelle - MembreEquipe.objects.count())
        postes = list(MembreEquipe.Poste.values)
        MembreEquipe.objects.bulk_create(
            [
                MembreEquipe(
                    prenom=hasard.choice(
                        ["Camille", "Alix", "Sacha", "Yanis", "Inès", "Nadia", "Karim", "Léa"]
                    ),
                    nom=f"Fictif n°{n}",
                    poste=postes[n % len(postes)],
                    antenne=antennes[n % len(antennes)] if n % 25 else None,
                    email=f"equipe-fictive-{n}@exemple.invalid",
                )
                for n in range(1, manquants + 1)
            ],
            batch_size=LOT,
        )
        membres = list(MembreEquipe.objects.all())
        libres = [m for m in membres if m.utilisateur_id is None]
        for membre, user in zip(libres, peuplement.equipe, strict=False):
            membre.utilisateur = user
        MembreEquipe.objects.bulk_update(libres[: len(peuplement.equipe)], ["utilisateur"], batch_size=LOT)

        # Awareness sessions over the last two years, with their attendance.
        themes, formats = list(Sensibilisation.Thematique.values), list(Sensibilisation.Format.values)
        sessions = Sensibilisation.objects.bulk_create(
            [
                Sensibilisation(
                    titre=f"{PREFIXE} Session fictive n°{n}",
                    format=formats[n % len(formats)],
                    thematique=themes[n % len(themes)],
                    public=Sensibilisation.Public.EQUIPE_ET_PARTENAIRES,
                    date=aujourdhui - timedelta(days=hasard.randint(1, 730)),
                    antenne=antennes[n % len(antennes)],
                )
                for n in range(1, SESSIONS * echelle + 1)
            ],
            batch_size=LOT,
        )
        partenaires = list(Partenaire.objects.values_list("pk", flat=True))
        presences, representes, promues = (
            Sensibilisation.participants.through,
            Sensibilisation.partenaires.through,
            Sensibilisation.valeurs.through,
        )
        presences.objects.bulk_create(
            [
                presences(sensibilisation_id=s.pk, membreequipe_id=m.pk)
                for s in sessions
                for m in hasard.sample(membres, k=min(len(membres), PARTICIPANTS_PAR_SESSION))
            ],
            batch_size=LOT,
        )
        representes.objects.bulk_create(
            [
                representes(sensibilisation_id=s.pk, partenaire_id=p)
                for s in sessions
                for p in hasard.sample(partenaires, k=min(len(partenaires), PARTENAIRES_PAR_SESSION))
            ],
            batch_size=LOT,
        )
        promues.objects.bulk_create(
            [
                promues(sensibilisation_id=s.pk, valeur_id=valeurs[i % len(valeurs)].pk)
                for i, s in enumerate(sessions)
            ],
            batch_size=LOT,
        )

        # Procedures and value ↔ fiche links, so that each value's page has rows to show.
        procedures = Procedure.objects.bulk_create(
            [
                Procedure(titre=f"{PREFIXE} Procédure fictive n°{n}", objet=f"{PREFIXE} Objet fictif.")
                for n in range(1, PROCEDURES * echelle + 1)
            ],
            batch_size=LOT,
        )
        Procedure.valeurs.through.objects.bulk_create(
            [
                Procedure.valeurs.through(procedure_id=p.pk, valeur_id=valeurs[i % len(valeurs)].pk)
                for i, p in enumerate(procedures)
            ],
            batch_size=LOT,
        )
        deja = set(ValeurFiche.objects.values_list("valeur_id", "fiche_id"))
        liens = []
        for i, fiche in enumerate(FicheAction.objects.du_plan(peuplement.plan).order_by("pk")):
            valeur = valeurs[i % len(valeurs)]
            if (valeur.pk, fiche.pk) not in deja:
                liens.append(ValeurFiche(valeur=valeur, fiche=fiche, citation=f"{PREFIXE} Lien fictif."))
        ValeurFiche.objects.bulk_create(liens, batch_size=LOT)
    peuplement.membres_equipe = membres
    peuplement.dire(
        f"  {len(membres)} membres de l'équipe, {len(sessions)} sessions de sensibilisation, "
        f"{len(procedures)} procédures"
    )


def adopter_charte_fictive(peuplement):
    """The charter, adopted by the last CA held, once the meetings exist."""
    from conseil.models import Instance

    hasard, echelle = peuplement.hasard, peuplement.echelle
    aujourdhui = timezone.localdate()
    valeurs = list(Valeur.objects.order_by("ordre"))
    antennes = list(Antenne.objects.all())
    membres = peuplement.membres_equipe
    with transaction.atomic():
        conseil = (
            Instance.objects.filter(type=Instance.Type.CA, statut=Instance.Statut.TENUE)
            .order_by("-date")
            .first()
        )
        charte = Charte.objects.create(
            numero=(Charte.objects.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1,
            titre=f"{PREFIXE} Charte d'engagement fictive",
            preambule=f"{PREFIXE} Préambule fictif.",
        )
        articles = Article.objects.bulk_create(
            [
                Article(
                    charte=charte,
                    numero=n,
                    titre=f"{PREFIXE} Article fictif n°{n}",
                    texte=f"{PREFIXE} Texte fictif de l'article n°{n}.",
                )
                for n in range(1, ARTICLES * echelle + 1)
            ],
            batch_size=LOT,
        )
        lien = Article.valeurs.through
        lien.objects.bulk_create(
            [
                lien(article_id=article.pk, valeur_id=valeur.pk)
                for i, article in enumerate(articles)
                for valeur in {valeurs[i % len(valeurs)], valeurs[(i + 3) % len(valeurs)]}
            ],
            batch_size=LOT,
        )
        charte.valeurs.set(valeurs)
        if conseil is not None:
            charte.adopter(conseil)
            PriseDeConnaissance.objects.bulk_create(
                [
                    PriseDeConnaissance(charte=charte, membre=membre, date=charte.adoptee_le)
                    for membre in membres
                    if hasard.random() < 0.8
                ],
                batch_size=LOT,
            )
            mois, lignes = charte.adoptee_le.replace(day=1), []
            while mois <= aujourdhui:
                lignes += [
                    EngagementsJeunes(charte=charte, antenne=antenne, mois=mois, nombre=hasard.randint(0, 12))
                    for antenne in antennes
                ]
                mois = (mois + timedelta(days=32)).replace(day=1)
            EngagementsJeunes.objects.bulk_create(lignes, batch_size=LOT)

    peuplement.dire(f"  charte fictive de {len(articles)} articles")
