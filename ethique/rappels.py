"""The charter's line in the daily reminder e-mail (registered with suivi.rappels): every staff
member with an account who has not yet acknowledged the version in force, newcomers and everyone
after a new version alike, is reminded each day until they confirm it from the charter's page."""

from django.urls import reverse

from mission_locale.formats import date_longue
from suivi.rappels import Rappel

from .models import Charte, PriseDeConnaissance, membres_presents


def rappels_charte(jour, base):
    """{utilisateur: [Rappel]}: three queries, whatever the number of people."""
    charte = Charte.objects.en_vigueur(jour)
    if charte is None:
        return {}
    a_relancer = (
        membres_presents(jour)
        .filter(utilisateur__isnull=False, utilisateur__is_active=True)
        .exclude(pk__in=PriseDeConnaissance.objects.filter(charte=charte).values("membre_id"))
        .select_related("utilisateur")
    )
    precedente = Charte.objects.adoptees().filter(numero__lt=charte.numero).exists()
    adoption = f"adoptée par le conseil d'administration le {date_longue(charte.adoptee_le)}"
    url = base + reverse("ethique:charte")
    rappels = {}
    for membre in a_relancer:
        if membre.date_arrivee and membre.date_arrivee > charte.adoptee_le:
            texte = (
                f"Bienvenue dans l'équipe : prenez connaissance de la charte d'engagement de la Mission "
                f"Locale (version {charte.numero}, {adoption}), puis confirmez-le en un clic sur sa page."
            )
        elif precedente:
            texte = (
                f"Nouvelle version de la charte d'engagement (version {charte.numero}, {adoption}) : "
                "prenez-en connaissance, puis confirmez-le en un clic sur sa page."
            )
        else:
            texte = (
                f"La charte d'engagement de la Mission Locale a été {adoption} : prenez-en connaissance, "
                "puis confirmez-le en un clic sur sa page."
            )
        rappels[membre.utilisateur] = [Rappel(texte=texte, url=url, titre="charte d'engagement à lire")]
    return rappels
