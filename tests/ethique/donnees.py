"""Invented data for the ethics tests: CA meetings, charter versions, staff, sessions."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from antennes.models import MembreEquipe
from conseil.models import Instance
from ethique.models import Charte, PriseDeConnaissance
from plan.models import Valeur
from tests.factories import AntenneFactory, ArticleFactory, MembreEquipeFactory, SensibilisationFactory


def moment(jour, heure=18):
    return timezone.make_aware(datetime.combine(jour, time(heure)))


def conseil(jour, type_=Instance.Type.CA, tenu=False, heure=18):
    instance = Instance.objects.create(type=type_, date=moment(jour, heure), lieu="Salle fictive")
    if tenu:
        Instance.objects.filter(pk=instance.pk).update(statut=Instance.Statut.TENUE)
        instance.refresh_from_db()
    return instance


def charte_adoptee(jour=None, articles=2, valeurs=("Respect", "Égalité de traitement")):
    """A version written with `articles` articles drawing on `valeurs`, adopted by a CA on `jour`."""
    jour = jour or timezone.localdate() - timedelta(days=30)
    brouillon = Charte.nouvelle_version()
    choisies = list(Valeur.objects.filter(nom__in=valeurs))
    for _ in range(articles):
        article = ArticleFactory(charte=brouillon, numero=brouillon.articles.count() + 1)
        article.valeurs.set(choisies)
    brouillon.valeurs.set(choisies)
    brouillon.adopter(conseil(jour))
    return brouillon


def equipe_de(antenne=None, nombre=3, **kwargs):
    antenne = antenne or AntenneFactory()
    return [MembreEquipeFactory(antenne=antenne, **kwargs) for _ in range(nombre)]


def relier(user, antenne=None, **kwargs):
    """The staff register's row of `user` (their account link)."""
    return MembreEquipe.objects.create(
        prenom=user.first_name or "Prénom",
        nom=user.last_name or user.username,
        poste=MembreEquipe.Poste.CONSEILLER,
        antenne=antenne,
        utilisateur=user,
        **kwargs,
    )


def prise(charte, membre, jour=None, par=None):
    return PriseDeConnaissance.objects.create(
        charte=charte, membre=membre, date=jour or timezone.localdate(), enregistree_par=par
    )


def objets_ethique(activite, comptes):
    """Rows the permission matrix needs: version 1 adopted by the CA held, version 2 in draft with an
    article, a session, a value and a link added by staff; `equipe` is on the staff register."""
    antenne = AntenneFactory()
    relier(comptes["equipe"], antenne)
    charte = Charte.nouvelle_version()
    ArticleFactory(charte=charte, numero=1).valeurs.set([Valeur.objects.get(nom="Respect")])
    charte.adopter(activite["instance_tenue"])
    brouillon = Charte.nouvelle_version()
    session = SensibilisationFactory(date=date.today() - timedelta(days=10))
    valeur = Valeur.objects.get(nom="Coopération")
    from ethique.models import ValeurFiche
    from plan.models import FicheAction

    lien = ValeurFiche.objects.create(
        valeur=valeur, fiche=FicheAction.objects.get(code="3.1"), citation="Essai"
    )
    return {
        "version_adoptee": charte.numero,
        "brouillon": brouillon.numero,
        "article_brouillon": brouillon.articles.get(),
        "session": session,
        "valeur": valeur.ordre,
        "lien_valeur": lien,
    }
