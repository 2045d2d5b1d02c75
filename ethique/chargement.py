"""Reference data of the ethics app, loaded by `charger_plan` after the plan's values and fiches:
the plan's introduction to its values, and the fiches whose own words name a value."""

from plan.chargement import lire
from plan.models import FicheAction, Plan, Valeur

from .models import PresentationValeurs, ValeurFiche

CHAMPS_PRESENTATION = [
    "titre",
    "paragraphes",
    "annonce",
    "points",
    "titre_finalite",
    "finalite",
    "titre_valeurs",
    "texte_valeurs",
    "note",
]


def charger(sync):
    donnees = lire("valeurs.json")
    introduction = donnees["introduction"]
    existante = PresentationValeurs.objects.first()
    sync(
        PresentationValeurs,
        {"pk": existante.pk} if existante else {},
        {champ: introduction[champ] for champ in CHAMPS_PRESENTATION},
    )

    plan = Plan.objects.en_vigueur()
    valeurs = {v.nom: v for v in Valeur.objects.all()}
    fiches = {f.code: f for f in FicheAction.objects.du_plan(plan)} if plan else {}
    voulus = set()
    for lien in donnees["fiches"]:
        valeur, fiche = valeurs[lien["valeur"]], fiches.get(lien["fiche"])
        if fiche is None:
            continue
        sync(
            ValeurFiche,
            {"valeur": valeur, "fiche": fiche},
            {"origine": ValeurFiche.Origine.PROJET, "citation": lien["citation"]},
        )
        voulus.add((valeur.pk, fiche.pk))
    # Links the fixtures no longer state go; those staff added stay.
    for lien in ValeurFiche.objects.filter(origine=ValeurFiche.Origine.PROJET):
        if (lien.valeur_id, lien.fiche_id) not in voulus:
            lien.delete()
