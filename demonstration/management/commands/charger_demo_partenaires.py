"""Fictitious partners, contacts, events and communication materials for the demonstration.

Every name starts with "[Démo]" and every e-mail address ends in .invalid; the 9 partners of the
diagnostic (real) are left untouched. Refused when DEBUG is off; a second run does nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from antennes.models import Commune, ThemeOffre
from partenaires.models import (
    ChampIntervention,
    Convention,
    Diffusion,
    Evenement,
    Partenaire,
    Participation,
    SuiteEvenement,
    Support,
    VersionSupport,
)
from partenaires.normalisation import cle
from plan.models import FicheAction, Plan

PREFIXE = "[Démo]"

# (name, type, champ, commune, contact or None)
PARTENAIRES = [
    (
        "Agence France Travail de Béthune",
        "institutionnel",
        "Emploi",
        "Béthune",
        ("Claire Fictive", "Conseillère entreprises"),
    ),
    (
        "Conseil départemental (direction de l'insertion)",
        "financeur",
        "Insertion",
        "Béthune",
        ("Marc Exemple", "Chargé de mission"),
    ),
    ("Région (service formation)", "financeur", "Formation", None, ("Julie Modèle", "Chargée de territoire")),
    ("Communauté d'agglomération", "financeur", "Mobilité", "Béthune", None),
    (
        "Maison des jeunes de Bruay",
        "associatif",
        "Citoyenneté",
        "Bruay-la-Buissière",
        ("Samir Essai", "Animateur"),
    ),
    ("Garage solidaire du Béthunois", "associatif", "Mobilité", "Béthune", ("Nora Test", "Responsable")),
    ("Centre hospitalier (service social)", "sante", "Santé", "Beuvry", None),
    ("Foyer de jeunes travailleurs", "associatif", "Logement", "Béthune", ("Paul Démo", "Directeur")),
    (
        "Entreprise de logistique du parc",
        "economique",
        "Entreprise",
        "Lillers",
        ("Inès Fictive", "Responsable RH"),
    ),
    (
        "CFA interprofessionnel",
        "formation",
        "Formation",
        "Béthune",
        ("Luc Exemple", "Développeur de l'apprentissage"),
    ),
    ("Mairie d'une commune rurale", "elu", "Élu", "Richebourg", None),
    (
        "Collège du secteur",
        "education",
        "Éducation nationale",
        "Nœux-les-Mines",
        ("Anne Modèle", "Principale adjointe"),
    ),
]


def demo(texte):
    return f"{PREFIXE} {texte}"


class Command(BaseCommand):
    help = "Charge des partenaires, contacts, événements et supports fictifs pour la démonstration."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Données de démonstration refusées : DEBUG est désactivé (environnement de production)."
            )
        if Plan.objects.en_vigueur() is None:
            raise CommandError("Aucun plan n'est chargé : lancez d'abord « manage.py charger_plan ».")
        if Partenaire.objects.filter(nom__startswith=PREFIXE).exists():
            self.stdout.write("Partenaires de démonstration déjà chargés : rien à faire.")
            return
        self.hasard = random.Random("demo-partenaires")
        self.aujourd_hui = timezone.localdate()
        comptes = get_user_model().objects.in_bulk(["direction", "pilote", "equipe"], field_name="username")
        with transaction.atomic():
            partenaires = self.creer_partenaires(comptes.get("pilote"))
            evenements = self.creer_evenements(partenaires, comptes)
            self.creer_supports(partenaires, evenements, comptes.get("pilote"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Démonstration des partenariats chargée : {len(partenaires)} partenaires, "
                f"{len(evenements)} événements, {Support.objects.count()} supports."
            )
        )

    def creer_partenaires(self, par):
        communes = {c.nom: c for c in Commune.objects.all()}
        fiches = {f.code: f for f in FicheAction.objects.du_plan(Plan.objects.en_vigueur())}
        partenaires = []
        for rang, (nom, type_, champ, commune, contact) in enumerate(PARTENAIRES):
            partenaire = Partenaire.objects.create(
                nom=demo(nom),
                type=type_,
                commune=communes.get(commune),
                adresse=f"{rang + 1} rue de la Démonstration" if rang % 2 == 0 else "",
                notes=demo("Partenaire inventé pour la démonstration."),
            )
            partenaire.champs.add(ChampIntervention.objects.get_or_create(nom=champ)[0])
            partenaire.fiches.set(
                [fiches[c] for c in (["3.1", "3.2"] if rang % 3 == 0 else ["3.1"]) if c in fiches]
            )
            if contact:
                nom_contact, fonction = contact
                email = cle(nom_contact).replace(" ", ".") + "@exemple.invalid"
                partenaire.changer_contact(
                    par=par,
                    jour=self.aujourd_hui - timedelta(days=400),
                    nom=demo(nom_contact),
                    fonction=fonction,
                    email=email,
                    telephone="03 00 00 00 00",
                )
                if rang == 0:
                    # A contact who left: her successor replaces her, the history keeps her.
                    partenaire.changer_contact(
                        par=par,
                        jour=self.aujourd_hui - timedelta(days=60),
                        nom=demo("Hugo Successeur"),
                        fonction="Conseiller entreprises",
                        email="hugo.successeur@exemple.invalid",
                    )
            if type_ == "financeur":
                Convention.objects.create(
                    partenaire=partenaire,
                    objet=demo("Convention pluriannuelle d'objectifs"),
                    nature=Convention.Nature.FINANCEMENT,
                    date_debut=date(self.aujourd_hui.year - 1, 1, 1),
                    date_fin=date(self.aujourd_hui.year + 1, 12, 31),
                    montant=Decimal(40000 + 10000 * rang),
                )
            partenaires.append(partenaire)
        return partenaires

    def creer_evenements(self, partenaires, comptes):
        themes = list(ThemeOffre.objects.all())
        modeles = [
            (
                Evenement.Type.TEMPS_FORT,
                "Petit-déjeuner des partenaires",
                -200,
                "Présentation de l'offre de service",
            ),
            (Evenement.Type.RENCONTRE, "Rencontre thématique mobilité", -120, "Mobilité des jeunes"),
            (Evenement.Type.RENCONTRE, "Rencontre thématique logement", -45, "Logement des jeunes"),
            (Evenement.Type.TEMPS_FORT, "Forum de l'alternance", 30, "Apprentissage et alternance"),
        ]
        evenements = []
        for type_, titre, decalage, sujet in modeles:
            evenement = Evenement.objects.create(
                type=type_,
                titre=demo(titre),
                date=self.aujourd_hui + timedelta(days=decalage),
                sujet=sujet,
                lieu=demo("Siège de la Mission Locale"),
                cree_par=comptes.get("pilote"),
            )
            evenement.themes.set(self.hasard.sample(themes, min(2, len(themes))))
            passe = decalage < 0
            for partenaire in self.hasard.sample(partenaires, 8):
                Participation.objects.create(
                    evenement=evenement, partenaire=partenaire, present=passe and self.hasard.random() < 0.7
                )
            if passe:
                SuiteEvenement.objects.create(
                    evenement=evenement,
                    action=demo("Envoyer le compte rendu aux participants"),
                    responsable=comptes.get("pilote"),
                    echeance=evenement.date + timedelta(days=15),
                    faite_le=evenement.date + timedelta(days=12),
                )
                SuiteEvenement.objects.create(
                    evenement=evenement,
                    action=demo("Relancer les partenaires absents"),
                    responsable=comptes.get("equipe"),
                    echeance=evenement.date + timedelta(days=30),
                )
            evenements.append(evenement)
        return evenements

    def creer_supports(self, partenaires, evenements, par):
        themes = list(ThemeOffre.objects.all())
        fiches = {f.code: f for f in FicheAction.objects.du_plan(Plan.objects.en_vigueur())}
        supports = [
            (
                Support.Nature.LIVRET_PARTENAIRES,
                "Livret des partenaires et des entreprises",
                90,
                ["papier", "e_plaquette", "web"],
            ),
            (
                Support.Nature.GUIDE_JEUNES,
                "Guide de l'offre de service pour les jeunes",
                400,
                ["papier", "web"],
            ),
            (Support.Nature.KIT_AMBASSADEUR, "Kit « Devenir ambassadeur »", 30, ["e_plaquette"]),
        ]
        for rang, (nature, titre, age, formats) in enumerate(supports):
            support = Support.objects.create(
                titre=demo(titre),
                nature=nature,
                fiche=fiches.get(Support.FICHE_PAR_NATURE[nature]),
                description=demo("Support inventé pour la démonstration."),
                date_mise_a_jour=self.aujourd_hui - timedelta(days=age),
                periodicite_revue_mois=12,
            )
            support.themes.set(themes if rang == 0 else themes[: len(themes) - 2])
            for format_ in formats:
                VersionSupport.objects.create(
                    support=support,
                    format=format_,
                    libelle=f"Édition {support.date_mise_a_jour.year}",
                    url=f"https://exemple.invalid/supports/{rang + 1}/{format_}",
                    date=support.date_mise_a_jour,
                    tirage=300 if format_ == "papier" else None,
                )
            for k, partenaire in enumerate(self.hasard.sample(partenaires, 6)):
                Diffusion.objects.create(
                    support=support,
                    partenaire=partenaire,
                    type_destinataire={"elu": "elu", "financeur": "financeur"}.get(
                        partenaire.type, "partenaire"
                    ),
                    evenement=evenements[k % 2],
                    date=evenements[k % 2].date,
                    quantite=1 + k % 3,
                    saisi_par=par,
                )
