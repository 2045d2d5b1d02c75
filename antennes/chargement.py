"""Reference data of the territory, loaded by `charger_plan`: the themes of the offer of services the
adopted plan names, the arrondissement's 104 communes and the siège, the one antenne it names."""

from decimal import Decimal

from plan.chargement import lire

from .models import Antenne, Commune, CritereAccueil, ThemeOffre

# The reception checklist of fiche 1.3 as a starting point, following the plan's words (« plus
# chaleureux, agréables et fonctionnels », « accessible et adapté »); Direction edits it afterwards.
CRITERES_ACCUEIL = [
    ("Confort", "Assises, température, lumière, propreté : un lieu où l'on attend sans gêne."),
    ("Confidentialité des échanges", "Un espace où un jeune parle sans être entendu des autres."),
    ("Accessibilité", "Accès et circulation pour une personne à mobilité réduite, toilettes adaptées."),
    ("Signalétique", "L'antenne se trouve et s'oriente sans demander : dehors, à l'entrée, à l'intérieur."),
    (
        "Affichage de l'offre de service",
        "Thèmes de l'offre, horaires et permanences affichés.",
    ),
    ("Équipement numérique", "Poste en libre accès, Wi-Fi, imprimante pour les démarches des jeunes."),
]


def charger(sync):
    for theme in lire("offre_de_service.json")["themes"]:
        sync(
            ThemeOffre,
            {"code": theme["code"]},
            {k: theme[k] for k in ("libelle", "public", "ordre", "description")},
        )
    # Created on the first load only: the checklist is Direction's afterwards, and a reload must
    # not bring back a criterion it renamed or retired.
    if not CritereAccueil.objects.exists():
        CritereAccueil.objects.bulk_create(
            CritereAccueil(libelle=libelle, description=description, ordre=ordre)
            for ordre, (libelle, description) in enumerate(CRITERES_ACCUEIL, start=1)
        )
    geojson = lire("communes-arrondissement-bethune.geojson")
    communes = {}
    for feature in geojson["features"]:
        p = feature["properties"]
        mairie = p.get("mairie") or {}
        communes[p["code_insee"]] = sync(
            Commune,
            {"code_insee": p["code_insee"]},
            {
                "nom": p["nom"],
                "codes_postaux": p["codes_postaux"],
                "population": p.get("population"),
                "epci_code": p.get("epci_code") or "",
                "epci_nom": p.get("epci_nom") or "",
                "latitude": _decimal(mairie.get("latitude")),
                "longitude": _decimal(mairie.get("longitude")),
                "contour": feature.get("geometry"),
            },
        )
    # Address and commune come from the plan document; phone and hours are staff's to fill in.
    organisation = lire("organisation.json")
    siege = communes[organisation["siege_code_insee"]]
    antenne = Antenne.objects.filter(est_siege=True).first()
    sync(
        Antenne,
        {"pk": antenne.pk} if antenne else {"est_siege": True},
        {"nom": f"{siege.nom} (siège)", "adresse": organisation["siege_adresse"], "commune": siege},
    )


def _decimal(valeur):
    return None if valeur is None else Decimal(str(valeur))
