"""Load every reference fixture (plan, values, organisation, communes, partners) into the database.

Unlike `loaddata`, rows are matched on their natural keys and only the reference fields are
written: what staff recorded since (pilotes, dates, statuts, avancement, contacts) is kept, and a
second run changes nothing.
"""

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from antennes.models import Antenne, Commune
from partenaires.models import ChampIntervention, Partenaire
from plan.models import Axe, Enjeu, Etape, FicheAction, Objectif, Organisation, Plan, Pratique, Valeur

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def lire(nom):
    return json.loads((FIXTURES / nom).read_text(encoding="utf-8"))


class Synchroniseur:
    """Create or update rows by natural key, saving only when a reference field differs."""

    def __init__(self):
        self.compteurs = Counter()

    def __call__(self, model, cles, valeurs):
        obj = model.objects.filter(**cles).first()
        if obj is None:
            obj = model(**cles, **valeurs)
            obj.save()
            self.compteurs[model._meta.verbose_name_plural, "créés"] += 1
            return obj
        modifies = [champ for champ, valeur in valeurs.items() if getattr(obj, champ) != valeur]
        if modifies:
            for champ in modifies:
                setattr(obj, champ, valeurs[champ])
            obj.save(update_fields=modifies)
            self.compteurs[model._meta.verbose_name_plural, "modifiés"] += 1
        else:
            self.compteurs[model._meta.verbose_name_plural, "inchangés"] += 1
        return obj


class Command(BaseCommand):
    help = "Charge le plan 2024-2029 et les données de référence (idempotent, conserve le suivi)."

    def handle(self, *args, **options):
        sync = Synchroniseur()
        with transaction.atomic():
            communes = self.charger_communes(sync)
            self.charger_plan(sync)
            self.charger_valeurs(sync)
            self.charger_organisation(sync, communes)
            self.charger_partenaires(sync, communes)
        for (modele, action), nombre in sorted(sync.compteurs.items()):
            self.stdout.write(f"  {modele} : {nombre} {action}")
        self.stdout.write(self.style.SUCCESS("Plan et données de référence chargés."))

    def charger_communes(self, sync):
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
        return communes

    def charger_plan(self, sync):
        donnees = lire("plan_2024_2029.json")
        enjeux = {
            e["libelle"]: sync(Enjeu, {"code": e["code"]}, {"libelle": e["libelle"], "ordre": e["ordre"]})
            for e in donnees["enjeux"]
        }
        p = donnees["plan"]
        plan = sync(
            Plan,
            {"annee_debut": p["annee_debut"], "annee_fin": p["annee_fin"]},
            {"titre": p["titre"], "finalite": p["finalite"], "introduction": p["introduction"]},
        )
        if not Plan.objects.filter(est_en_vigueur=True).exists():
            Plan.objects.filter(pk=plan.pk).update(est_en_vigueur=True)
        for a in donnees["axes"]:
            axe = sync(
                Axe,
                {"plan": plan, "numero": a["numero"]},
                {"titre": a["titre"], "sous_titre": a["sous_titre"], "description": a["description"]},
            )
            for f in a["fiches"]:
                fiche = sync(
                    FicheAction,
                    {"axe": axe, "numero": f["numero"]},
                    {"titre": f["titre"], "libelle_court": f["libelle_court"], "resume": f["resume"]},
                )
                voulus = {enjeux[libelle].pk for libelle in f["enjeux"]}
                if set(fiche.enjeux.values_list("pk", flat=True)) != voulus:
                    fiche.enjeux.set(voulus)
                for ordre, texte in enumerate(f["objectifs"], start=1):
                    sync(Objectif, {"fiche": fiche, "ordre": ordre}, {"texte": texte})
                for ordre, e in enumerate(f["etapes"], start=1):
                    etape = sync(
                        Etape,
                        {"fiche": fiche, "parent": None, "ordre": ordre},
                        {"libelle": e["libelle"], "texte": e["texte"]},
                    )
                    for sous_ordre, s in enumerate(e["sous_etapes"], start=1):
                        sync(
                            Etape,
                            {"fiche": fiche, "parent": etape, "ordre": sous_ordre},
                            {"libelle": s["libelle"], "texte": s["texte"]},
                        )
                fiche.recalculer()

    def charger_valeurs(self, sync):
        for v in lire("valeurs.json")["valeurs"]:
            valeur = sync(Valeur, {"nom": v["nom"]}, {"ordre": v["ordre"], "description": v["description"]})
            for ordre, texte in enumerate(v["pratiques"], start=1):
                sync(Pratique, {"valeur": valeur, "ordre": ordre}, {"texte": texte})

    def charger_organisation(self, sync, communes):
        o = lire("organisation.json")
        siege = communes[o["siege_code_insee"]]
        champs = {
            champ: o[champ]
            for champ in [
                "nom",
                "siege_adresse",
                "nb_communes",
                "nb_habitants",
                "nb_qpv",
                "nb_communes_qpv",
                "nb_antennes",
                "nb_permanences",
                "nb_salaries",
                "annee_effectifs",
                "nb_partenaires",
                "nb_membres_ca",
                "nb_membres_bureau",
                "reunions_ca_min_par_an",
                "reunions_bureau_min_par_an",
                "ag_par_an",
                "objet_statuts",
                "buts",
                "presidente",
                "directrice",
                "colleges_ca",
                "nb_reponses_enquetes",
            ]
        }
        champs |= {
            "date_creation": _date(o["date_creation"]),
            "date_statuts": _date(o["date_statuts"]),
            "etp": Decimal(o["etp"]),
            "siege_commune": siege,
        }
        existante = Organisation.objects.first()
        sync(Organisation, {"pk": existante.pk} if existante else {}, champs)
        # Address and commune come from the plan document; phone and hours are staff's to fill in.
        antenne = Antenne.objects.filter(est_siege=True).first()
        sync(
            Antenne,
            {"pk": antenne.pk} if antenne else {"est_siege": True},
            {"nom": f"{siege.nom} (siège)", "adresse": o["siege_adresse"], "commune": siege},
        )

    def charger_partenaires(self, sync, communes):
        for p in lire("partenaires_diagnostic.json")["partenaires"]:
            champ = sync(ChampIntervention, {"nom": p["champ"]}, {})
            partenaire = sync(
                Partenaire, {"nom": p["nom"]}, {"type": p["type"], "interroge_diagnostic": True}
            )
            if not partenaire.champs.filter(pk=champ.pk).exists():
                partenaire.champs.add(champ)


def _decimal(valeur):
    return None if valeur is None else Decimal(str(valeur))


def _date(texte):
    return date.fromisoformat(texte) if texte else None
