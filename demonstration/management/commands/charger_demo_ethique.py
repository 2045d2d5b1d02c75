"""Demonstration of axis 4: a staff register where there is none, a charter adopted by the last CA
held (version 1) and its revision in draft (version 2), acknowledgements, awareness sessions with
their attendance, young people's commitments per antenne, a procedure and a value ↔ fiche link.

Everything invented says so ("[Démo]" at the start of names and texts, e-mails in .invalid).
Idempotent; refused when DEBUG is off. Run after `creer_comptes_demo` and `charger_demo_instances`:
the demonstration accounts `direction`, `pilote` and `equipe` get a row of the staff register
(unless they have one), and `equipe` and `pilote` have not yet read the charter, so that they
can do it from /charte/ and see the reminder in `envoyer_rappels`.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from antennes.models import Antenne, Commune, MembreEquipe, Procedure
from conseil.models import Instance
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

DEMO = "[Démo]"
PRENOMS = ["Camille", "Dominique", "Alix", "Sacha", "Morgane", "Yanis", "Inès", "Nadia", "Karim", "Manon"]
NOMS = ["Lefort", "Dumont", "Carpentier", "Lemaire", "Delattre", "Caron", "Wallet", "Leroy", "Brunet"]
# (titre, s'adresse à, valeurs, texte)
ARTICLES = [
    ("Accueillir chaque jeune sans jugement", "professionnels", ["Respect", "Bienveillance", "Écoute"],
     "Chaque jeune est accueilli avec respect, écouté et accompagné sans jugement, "
     "quelle que soit sa situation."),
    ("Garantir l'égalité de traitement", "professionnels", ["Égalité de traitement"],
     "Chaque jeune bénéficie des mêmes opportunités, du même niveau d'information et du même accompagnement, "
     "dans toutes les antennes."),
    ("Refuser toute forme de discrimination", "tous", ["Égalité de traitement", "Respect"],
     "Les professionnels comme les jeunes s'interdisent toute discrimination et signalent celles "
     "dont ils sont témoins."),
    ("Être proche et disponible", "professionnels", ["Proximité", "Entraide"],
     "Les équipes vont au-devant des jeunes, au plus près de leur lieu de vie, avec les partenaires locaux."),
    ("S'engager dans son parcours", "jeunes", ["Engagement, donner l'envie"],
     "Le jeune s'engage à venir à ses rendez-vous, à prévenir en cas d'empêchement et à être acteur "
     "de son parcours."),
    ("Coopérer avec les partenaires", "professionnels", ["Coopération", "Expertise"],
     "La Mission Locale construit les parcours avec ses partenaires et partage l'information utile, dans le "
     "respect de la confidentialité."),
]  # fmt: skip
SESSIONS = [
    # (jours avant aujourd'hui, titre, format, thématique, public, valeurs)
    (400, "Agir contre les discriminations à l'embauche", "formation", "discriminations", "equipe",
     ["Égalité de traitement"]),
    (300, "Accueillir la diversité des publics", "atelier", "diversite", "equipe_partenaires",
     ["Respect", "Écoute"]),
    (200, "Égalité des chances : les freins invisibles", "atelier", "egalite_chances", "equipe",
     ["Égalité de traitement", "Bienveillance"]),
    (120, "La charte d'engagement expliquée aux équipes", "echange", "ethique", "equipe",
     ["Respect", "Bienveillance"]),
    (60, "Inclusion des jeunes en situation de handicap", "formation", "inclusion", "equipe_partenaires",
     ["Égalité de traitement", "Coopération"]),
    (20, "Nos valeurs au quotidien", "atelier", "valeurs", "partenaires", ["Coopération", "Entraide"]),
    (-15, "Lutter contre les stéréotypes", "atelier", "discriminations", "equipe", ["Respect"]),
    (-45, "Égalité de traitement et procédures d'accueil", "formation", "egalite_traitement", "equipe",
     ["Égalité de traitement", "Proximité"]),
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Charge la démonstration de l'axe 4 : charte, prises de connaissance, sensibilisation "
        "(refusé si DEBUG est désactivé)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Données de démonstration refusées : DEBUG est désactivé (environnement de production)."
            )
        if not Valeur.objects.exists():
            raise CommandError("Aucune valeur n'est chargée : lancez d'abord « manage.py charger_plan ».")
        if Charte.objects.filter(titre__startswith=DEMO).exists():
            self.stdout.write("Démonstration de l'axe 4 déjà chargée.")
            return
        self.hasard = random.Random(2026)
        self.valeurs = {v.nom: v for v in Valeur.objects.all()}
        with transaction.atomic():
            antennes = self.antennes()
            membres = self.equipe(antennes)
            charte = self.charte()
            self.prises_de_connaissance(charte, membres)
            self.sessions(antennes, membres)
            self.engagements(charte, antennes)
            self.liens()
        self.stdout.write(self.style.SUCCESS("Démonstration de l'axe 4 chargée."))

    def antennes(self):
        """The antennes on record; a few invented ones when only the siège exists."""
        antennes = list(Antenne.objects.all())
        communes = list(Commune.objects.order_by("-population")[:4])
        for n, commune in enumerate(communes[1:], start=1):
            if len(antennes) >= 3:
                break
            antenne, _ = Antenne.objects.get_or_create(
                nom=f"{DEMO} Antenne fictive n°{n}",
                defaults={"adresse": f"{DEMO} Adresse fictive", "commune": commune},
            )
            antennes.append(antenne)
        return antennes

    def equipe(self, antennes):
        """Six people per antenne, plus the demonstration accounts without a register row."""
        membres = []
        for i, antenne in enumerate(antennes):
            for j in range(6):
                n = i * 6 + j
                membre, _ = MembreEquipe.objects.get_or_create(
                    prenom=f"{DEMO} {PRENOMS[n % len(PRENOMS)]}",
                    nom=f"{NOMS[n % len(NOMS)]} {n + 1}",
                    defaults={
                        # The territory's demonstration may already have named the responsable.
                        "poste": MembreEquipe.Poste.CONSEILLER
                        if j or antenne.responsable_id
                        else MembreEquipe.Poste.RESPONSABLE,
                        "antenne": antenne,
                        "email": f"equipe-demo-{n + 1}@demo.invalid",
                    },
                )
                membres.append(membre)
        User = get_user_model()
        postes = {"direction": MembreEquipe.Poste.DIRECTION, "pilote": MembreEquipe.Poste.REFERENT}
        for identifiant in ("direction", "pilote", "equipe"):
            user = User.objects.filter(username=identifiant).first()
            if user is None or MembreEquipe.objects.filter(utilisateur=user).exists():
                continue
            MembreEquipe.objects.create(
                prenom=f"{DEMO} {user.first_name}",
                nom=user.last_name,
                poste=postes.get(identifiant, MembreEquipe.Poste.CONSEILLER),
                antenne=antennes[0],
                utilisateur=user,
                email=user.email,
            )
        return membres

    def charte(self):
        """Version 1 adopted by the last CA held (one is created if there is none); version 2 in draft."""
        maintenant = timezone.now()
        conseil = (
            Instance.objects.filter(type=Instance.Type.CA, date__lte=maintenant - timedelta(days=30))
            .order_by("-date")
            .first()
        )
        if conseil is None:
            conseil = Instance.objects.create(
                type=Instance.Type.CA,
                date=(maintenant - timedelta(days=150)).replace(hour=18, minute=0, second=0, microsecond=0),
                lieu=f"{DEMO} Siège de la Mission Locale (réunion fictive)",
                ordre_du_jour=f"{DEMO} Adoption de la charte d'engagement",
            )
            conseil.figer()
        charte = Charte.objects.create(
            numero=(Charte.objects.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1,
            titre=f"{DEMO} Charte d'engagement de la Mission Locale",
            preambule=(
                f"{DEMO} Texte fictif de démonstration. Professionnels et jeunes de la Mission Locale "
                "s'engagent à faire vivre ses valeurs au quotidien."
            ),
        )
        for numero, (titre, destinataires, valeurs, texte) in enumerate(ARTICLES, start=1):
            article = Article.objects.create(
                charte=charte,
                numero=numero,
                titre=f"{DEMO} {titre}",
                texte=f"{DEMO} {texte}",
                destinataires=destinataires,
            )
            article.valeurs.set([self.valeurs[nom] for nom in valeurs])
            charte.valeurs.add(*article.valeurs.all())
        charte.adopter(conseil)
        brouillon = Charte.nouvelle_version()
        Article.objects.create(
            charte=brouillon,
            numero=len(ARTICLES) + 1,
            titre=f"{DEMO} Faire preuve de créativité",
            texte=f"{DEMO} Les équipes proposent des formats ludiques et participatifs.",
        ).valeurs.set([self.valeurs["Créativité"]])
        brouillon.valeurs.add(self.valeurs["Créativité"])
        self.stdout.write(f"  {charte} : adoptée le {charte.adoptee_le} ; {brouillon} : brouillon")
        return charte

    def prises_de_connaissance(self, charte, membres):
        """Two thirds of the invented staff and the director; `pilote` and `equipe` are left to do it."""
        direction = get_user_model().objects.filter(username="direction").first()
        jours = max(1, (timezone.localdate() - charte.adoptee_le).days)
        prises = [
            PriseDeConnaissance(
                charte=charte,
                membre=membre,
                date=charte.adoptee_le + timedelta(days=self.hasard.randint(0, jours)),
                enregistree_par=direction,
            )
            for membre in membres
            if self.hasard.random() < 0.65
        ]
        compte = MembreEquipe.objects.filter(utilisateur=direction).first() if direction else None
        if compte is not None:
            prises.append(
                PriseDeConnaissance(
                    charte=charte, membre=compte, date=charte.adoptee_le, enregistree_par=direction
                )
            )
        PriseDeConnaissance.objects.bulk_create(prises, ignore_conflicts=True)
        self.stdout.write(f"  {len(prises)} prises de connaissance")

    def sessions(self, antennes, membres):
        partenaires = list(Partenaire.objects.filter(nom__startswith=DEMO))
        for n in range(1, 5 - len(partenaires)):
            partenaires.append(
                Partenaire.objects.get_or_create(
                    nom=f"{DEMO} Partenaire fictif n°{n}", defaults={"type": Partenaire.Type.ASSOCIATIF}
                )[0]
            )
        aujourdhui = timezone.localdate()
        for rang, (jours, titre, format_, thematique, public, valeurs) in enumerate(SESSIONS):
            session = Sensibilisation.objects.create(
                titre=f"{DEMO} {titre}",
                format=format_,
                thematique=thematique,
                public=public,
                date=aujourdhui - timedelta(days=jours),
                duree_heures=3 if format_ == "atelier" else 7,
                antenne=antennes[rang % len(antennes)],
                intervenant=f"{DEMO} Intervenant fictif",
                description=f"{DEMO} Contenu fictif de la session.",
            )
            session.valeurs.set([self.valeurs[nom] for nom in valeurs])
            if jours > 0:
                if session.pour_equipe:
                    session.participants.set(self.hasard.sample(membres, k=min(len(membres), 5)))
                if session.pour_partenaires:
                    session.partenaires.set(self.hasard.sample(partenaires, k=min(len(partenaires), 2)))
        self.stdout.write(f"  {len(SESSIONS)} actions de sensibilisation")

    def engagements(self, charte, antennes):
        mois = charte.adoptee_le.replace(day=1)
        aujourdhui = timezone.localdate()
        lignes = []
        while mois <= aujourdhui:
            for antenne in antennes:
                lignes.append(
                    EngagementsJeunes(
                        charte=charte, antenne=antenne, mois=mois, nombre=self.hasard.randint(2, 15)
                    )
                )
            mois = (mois + timedelta(days=32)).replace(day=1)
        EngagementsJeunes.objects.bulk_create(lignes, ignore_conflicts=True)
        self.stdout.write(f"  {len(lignes)} comptes mensuels d'engagements de jeunes")

    def liens(self):
        procedure, _ = Procedure.objects.get_or_create(
            titre=f"{DEMO} Procédure d'accueil commune",
            defaults={"objet": f"{DEMO} Accueillir chaque jeune de la même façon dans toutes les antennes."},
        )
        procedure.valeurs.add(self.valeurs["Égalité de traitement"], self.valeurs["Écoute"])
        fiche = FicheAction.objects.filter(code="3.1").first()
        if fiche is not None:
            ValeurFiche.objects.get_or_create(
                valeur=self.valeurs["Coopération"],
                fiche=fiche,
                defaults={"citation": f"{DEMO} Les temps forts partenariaux font vivre la coopération."},
            )
