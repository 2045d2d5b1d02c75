"""The young ambassadors programme (fiche 2.1), invented, for the demonstration and the benchmark.

`creer_ambassadeurs` writes the people and their interventions; the demonstration command
(`charger_demo_ambassadeurs`) calls it once, `Peuplement` with N times the volumes. Names start with
"[Démo]" and contain "fictif" or "fictive", e-mail addresses end in .invalid. Paths start up to six
years back so that the retention indicator is measurable on every CA meeting the benchmark holds,
and a few people left the programme more than three years ago without any contact since, so that
`anonymiser_ambassadeurs` has something to do.
"""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from ambassadeurs.models import VERSION_NOTICE, Ambassadeur, Intervention, Presence

PREFIXE = "[Démo]"
# Volumes of one Mission Locale (scale 1).
AMBASSADEURS = 40
INTERVENTIONS = 30
PRESENTS_PAR_INTERVENTION = 3
PRENOMS = ["Lina", "Yanis", "Inès", "Enzo", "Jade", "Noah", "Lou", "Rayan", "Maëlys", "Kylian"]
LIEUX = [
    "Lycée professionnel (salle polyvalente)",
    "Forum de l'emploi de Béthune",
    "Antenne de la Mission Locale",
    "Maison des jeunes",
    "Salon de l'apprentissage",
]
RETOURS_JEUNES = [
    "J'étais stressé au début, puis les jeunes ont posé plein de questions.",
    "J'aimerais refaire un témoignage au lycée.",
    "Le kit m'a aidé à présenter la Mission Locale.",
]
RETOURS_REFERENT = [
    "Bonne dynamique, les ambassadeurs se sont bien répartis les prises de parole.",
    "Public nombreux ; prévoir plus de plaquettes la prochaine fois.",
    "Échanges riches avec les partenaires présents.",
]


def creer_ambassadeurs(
    hasard, aujourd_hui, echelle, antennes, referents, versions_kit, evenements, partenaires
):
    """People at every stage and their interventions; returns (ambassadeurs, interventions)."""
    ambassadeurs = []
    for n in range(AMBASSADEURS * echelle):
        debut = aujourd_hui - timedelta(days=hasard.randint(20, 6 * 365))
        avance = min(4, (aujourd_hui - debut).days // 120)
        dates = {"date_sensibilise": debut}
        etapes = ["date_candidat", "date_selectionne", "date_actif"]
        for rang, champ in enumerate(etapes[: hasard.randint(0, min(3, avance))], start=1):
            dates[champ] = debut + timedelta(days=30 * rang)
        dernier_contact = aujourd_hui - timedelta(days=hasard.randint(0, 90))
        # One in four active or selected people has since left the programme.
        if "date_actif" in dates and n % 4 == 0:
            dates["date_ancien"] = dates["date_actif"] + timedelta(days=hasard.randint(200, 700))
            dates["date_ancien"] = min(dates["date_ancien"], aujourd_hui)
            dernier_contact = dates["date_ancien"]
        elif "date_candidat" not in dates and (aujourd_hui - debut).days > 4 * 365:
            dernier_contact = debut  # sensitised long ago, never heard of since: expired
        age = 16 + n % 9
        mineur = age <= 18
        ambassadeur = Ambassadeur(
            prenom=f"{PREFIXE} {PRENOMS[n % len(PRENOMS)]}",
            nom=f"Fictif n°{n + 1}",
            antenne=antennes[n % len(antennes)],
            referent=referents[n % len(referents)] if referents else None,
            email=f"ambassadeur-fictif-{n + 1}@exemple.invalid",
            annee_naissance=aujourd_hui.year - age,
            consentement_le=debut,
            version_notice=VERSION_NOTICE,
            droit_image=n % 3 != 0,
            droit_image_le=debut if n % 3 != 0 else None,
            autorisation_parentale_le=debut if mineur else None,
            version_kit=versions_kit[n % len(versions_kit)]
            if versions_kit and "date_selectionne" in dates
            else None,
            kit_remis_le=dates.get("date_selectionne") if versions_kit else None,
            dernier_contact_le=dernier_contact,
            **dates,
        )
        ambassadeur.etape = ambassadeur.etape_calculee()
        ambassadeurs.append(ambassadeur)
    # With their history rows, as if typed in the application: anonymisation cleans those too.
    bulk_create_with_history(ambassadeurs, Ambassadeur, batch_size=2000)
    intervenants = [a for a in ambassadeurs if a.date_actif] or ambassadeurs
    interventions = []
    for n in range(INTERVENTIONS * echelle):
        evenement = evenements[n % len(evenements)] if evenements and n % 5 == 0 else None
        interventions.append(
            Intervention(
                type=Intervention.Type.values[n % len(Intervention.Type.values)],
                date=evenement.date if evenement else aujourd_hui - timedelta(days=hasard.randint(1, 540)),
                lieu=f"{PREFIXE} {LIEUX[n % len(LIEUX)]}",
                antenne=antennes[n % len(antennes)],
                public_touche=hasard.randint(8, 80),
                evenement=evenement,
                retour_referent=f"{PREFIXE} {RETOURS_REFERENT[n % len(RETOURS_REFERENT)]}",
            )
        )
    Intervention.objects.bulk_create(interventions)
    Presence.objects.bulk_create(
        Presence(
            intervention=intervention,
            ambassadeur=ambassadeur,
            retour=f"{PREFIXE} {hasard.choice(RETOURS_JEUNES)}" if k == 0 else "",
        )
        for intervention in interventions
        for k, ambassadeur in enumerate(
            hasard.sample(intervenants, min(PRESENTS_PAR_INTERVENTION, len(intervenants)))
        )
    )
    if partenaires:
        lien = Intervention.partenaires.through
        lien.objects.bulk_create(
            lien(intervention_id=i.pk, partenaire_id=hasard.choice(partenaires))
            for i in interventions
            if i.type in {Intervention.Type.FORUM, Intervention.Type.EVENEMENT}
        )
    return ambassadeurs, interventions
