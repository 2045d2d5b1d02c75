"""Reference partners loaded by `charger_plan`: the 9 interviewed for the 2024 diagnostic."""

from plan.chargement import lire

from .models import ChampIntervention, Partenaire


def charger(sync):
    for p in lire("partenaires_diagnostic.json")["partenaires"]:
        champ = sync(ChampIntervention, {"nom": p["champ"]}, {})
        partenaire = sync(Partenaire, {"nom": p["nom"]}, {"type": p["type"], "interroge_diagnostic": True})
        if not partenaire.champs.filter(pk=champ.pk).exists():
            partenaire.champs.add(champ)
