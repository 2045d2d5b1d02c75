"""Factories for tests: invented data, never the seed's (which the fixtures load)."""

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from antennes.models import (
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    Commune,
    DeploiementProcedure,
    EnqueteSatisfaction,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    OffreAntenne,
    Permanence,
    Procedure,
    ThemeOffre,
    VersionProcedure,
)
from conseil.models import DocumentRapport, Instance, RapportFige
from partenaires.models import ChampIntervention, Partenaire
from plan.models import Axe, Enjeu, Etape, FicheAction, Objectif, Plan, Pratique, Valeur
from suivi.models import Changement, EntreeJournal, Indicateur, Mesure, RappelEnvoye

factory.Faker._DEFAULT_LOCALE = "fr_FR"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"personne{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.invalid")
    password = factory.django.Password("mot-de-passe-de-test-long")


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["annee_debut", "annee_fin"]

    titre = factory.LazyAttribute(lambda p: f"Plan de test {p.annee_debut}-{p.annee_fin}")
    annee_debut = 2024
    annee_fin = 2029
    est_en_vigueur = True


class EnjeuFactory(DjangoModelFactory):
    class Meta:
        model = Enjeu
        django_get_or_create = ["code"]

    ordre = factory.Sequence(lambda n: n + 100)
    code = factory.Sequence(lambda n: f"enjeu-{n}")
    libelle = factory.Sequence(lambda n: f"Enjeu de test {n}")


class AxeFactory(DjangoModelFactory):
    class Meta:
        model = Axe

    plan = factory.SubFactory(PlanFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Faker("sentence", nb_words=6)
    description = factory.Faker("paragraph")


class FicheActionFactory(DjangoModelFactory):
    class Meta:
        model = FicheAction

    axe = factory.SubFactory(AxeFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Faker("sentence", nb_words=7)
    resume = factory.Faker("paragraph")


class ObjectifFactory(DjangoModelFactory):
    class Meta:
        model = Objectif

    fiche = factory.SubFactory(FicheActionFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    texte = factory.Faker("sentence")


class EtapeFactory(DjangoModelFactory):
    class Meta:
        model = Etape

    fiche = factory.SubFactory(FicheActionFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    cle = factory.Sequence(lambda n: f"etape-{n}")
    texte = factory.Faker("sentence")


class ValeurFactory(DjangoModelFactory):
    class Meta:
        model = Valeur

    ordre = factory.Sequence(lambda n: n + 1)
    nom = factory.Sequence(lambda n: f"Valeur {n}")
    description = factory.Faker("paragraph")


class PratiqueFactory(DjangoModelFactory):
    class Meta:
        model = Pratique

    valeur = factory.SubFactory(ValeurFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    texte = factory.Faker("sentence")


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code_insee"]

    code_insee = factory.Sequence(lambda n: f"9{n % 10000:04d}")
    nom = factory.Faker("city")
    codes_postaux = factory.LazyFunction(lambda: ["62999"])
    population = 1000


class AntenneFactory(DjangoModelFactory):
    class Meta:
        model = Antenne

    nom = factory.Sequence(lambda n: f"Antenne de test {n}")
    adresse = factory.Faker("street_address")
    commune = factory.SubFactory(CommuneFactory)


class ChampInterventionFactory(DjangoModelFactory):
    class Meta:
        model = ChampIntervention
        django_get_or_create = ["nom"]

    nom = factory.Sequence(lambda n: f"Champ {n}")


class PartenaireFactory(DjangoModelFactory):
    class Meta:
        model = Partenaire

    nom = factory.Sequence(lambda n: f"Partenaire fictif {n}")
    type = Partenaire.Type.ASSOCIATIF


class PermanenceFactory(DjangoModelFactory):
    class Meta:
        model = Permanence

    lieu = factory.Sequence(lambda n: f"Maison France services {n}")
    commune = factory.SubFactory(CommuneFactory)
    antenne = factory.SubFactory(AntenneFactory)


class EntreeJournalFactory(DjangoModelFactory):
    class Meta:
        model = EntreeJournal

    fiche = factory.SubFactory(FicheActionFactory)
    auteur = factory.SubFactory(UserFactory)
    type = EntreeJournal.Type.COMMENTAIRE
    commentaire = factory.Faker("sentence")
    avancement_fiche = factory.LazyAttribute(lambda e: e.fiche.avancement)
    statut_fiche = factory.LazyAttribute(lambda e: e.fiche.statut)


class ChangementFactory(DjangoModelFactory):
    class Meta:
        model = Changement

    entree = factory.SubFactory(EntreeJournalFactory)
    champ = Changement.Champ.AVANCEMENT


class IndicateurFactory(DjangoModelFactory):
    class Meta:
        model = Indicateur

    fiche = factory.SubFactory(FicheActionFactory)
    libelle = factory.Sequence(lambda n: f"Indicateur fictif {n}")
    unite = "jeunes"
    valeur_initiale = 0
    cible = 100


class MesureFactory(DjangoModelFactory):
    class Meta:
        model = Mesure

    indicateur = factory.SubFactory(IndicateurFactory)
    date = factory.Faker("date_between", start_date="-2y", end_date="today")
    valeur = 50
    saisi_par = factory.SubFactory(UserFactory)


class RappelEnvoyeFactory(DjangoModelFactory):
    class Meta:
        model = RappelEnvoye

    destinataire = factory.SubFactory(UserFactory)
    date = factory.Faker("date_between", start_date="-30d", end_date="today")
    nb_fiches = 2


class InstanceFactory(DjangoModelFactory):
    class Meta:
        model = Instance

    type = Instance.Type.CA
    date = factory.Faker(
        "date_time_between", start_date="-1y", end_date="+180d", tzinfo=timezone.get_current_timezone()
    )
    lieu = "Salle du conseil (fictive)"
    ordre_du_jour = "Point d'étape du projet stratégique\nQuestions diverses"


class RapportFigeFactory(DjangoModelFactory):
    class Meta:
        model = RapportFige

    instance = factory.SubFactory(InstanceFactory, statut=Instance.Statut.TENUE)
    donnees = factory.LazyFunction(dict)
    arrete_au = factory.LazyFunction(timezone.now)
    fige_par = factory.SubFactory(UserFactory)


class DocumentRapportFactory(DjangoModelFactory):
    class Meta:
        model = DocumentRapport

    instance = factory.SubFactory(InstanceFactory)
    cle = factory.Sequence(lambda n: f"essai:{n}")


class ThemeOffreFactory(DjangoModelFactory):
    class Meta:
        model = ThemeOffre
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"theme-{n}")
    libelle = factory.Sequence(lambda n: f"Thème fictif {n}")


class MembreEquipeFactory(DjangoModelFactory):
    class Meta:
        model = MembreEquipe

    prenom = factory.Faker("first_name")
    nom = factory.Faker("last_name")
    poste = MembreEquipe.Poste.CONSEILLER
    antenne = factory.SubFactory(AntenneFactory)


class ProcedureFactory(DjangoModelFactory):
    class Meta:
        model = Procedure

    titre = factory.Sequence(lambda n: f"Procédure fictive {n}")


# Territory tools (fiches 1.1 to 1.5), appended by the antennes app ------------------------------


class JeunesSuivisFactory(DjangoModelFactory):
    class Meta:
        model = JeunesSuivis

    commune = factory.SubFactory(CommuneFactory)
    annee = 2025
    nombre = 42


class OffreAntenneFactory(DjangoModelFactory):
    class Meta:
        model = OffreAntenne

    antenne = factory.SubFactory(AntenneFactory)
    theme = factory.SubFactory(ThemeOffreFactory)
    modalite = OffreAntenne.Modalite.ANTENNE


class EvaluationAccueilFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationAccueil

    antenne = factory.SubFactory(AntenneFactory)
    date = date(2026, 1, 15)
    auteur = "Évaluation fictive"


class ActionAmeliorationFactory(DjangoModelFactory):
    class Meta:
        model = ActionAmelioration

    antenne = factory.SubFactory(AntenneFactory)
    libelle = factory.Sequence(lambda n: f"Action fictive {n}")
    cout_estime = 500


class VersionProcedureFactory(DjangoModelFactory):
    class Meta:
        model = VersionProcedure

    procedure = factory.SubFactory(ProcedureFactory)
    numero = factory.Sequence(lambda n: n + 1)
    date = date(2026, 1, 10)


class DeploiementProcedureFactory(DjangoModelFactory):
    class Meta:
        model = DeploiementProcedure

    version = factory.SubFactory(VersionProcedureFactory)
    antenne = factory.SubFactory(AntenneFactory)
    date = date(2026, 2, 1)
    personnes_formees = 4


class EnqueteSatisfactionFactory(DjangoModelFactory):
    class Meta:
        model = EnqueteSatisfaction

    debut = date(2026, 1, 1)
    fin = date(2026, 6, 30)
    reponses = 40
    satisfaits = 32


class AbsenceConseillerFactory(DjangoModelFactory):
    class Meta:
        model = AbsenceConseiller

    antenne = factory.SubFactory(AntenneFactory)
    debut = date(2026, 3, 2)
    fin = date(2026, 3, 4)
    rdv_prevus = 8
    rdv_couverts = 6


# Partenaires: events, communication materials, conventions (appended by the partenaires app) -----


class ConventionFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.Convention"

    partenaire = factory.SubFactory(PartenaireFactory)
    objet = factory.Sequence(lambda n: f"Convention fictive {n}")


class EvenementFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.Evenement"

    titre = factory.Sequence(lambda n: f"Rencontre fictive {n}")
    type = "rencontre"
    date = factory.LazyFunction(timezone.localdate)
    lieu = "Salle fictive"


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.Participation"

    evenement = factory.SubFactory(EvenementFactory)
    partenaire = factory.SubFactory(PartenaireFactory)


class SuiteFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.SuiteEvenement"

    evenement = factory.SubFactory(EvenementFactory)
    action = factory.Sequence(lambda n: f"Suite fictive {n}")


class SupportFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.Support"

    titre = factory.Sequence(lambda n: f"Support fictif {n}")
    nature = "livret_partenaires"
    date_mise_a_jour = factory.LazyFunction(timezone.localdate)


class VersionSupportFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.VersionSupport"

    support = factory.SubFactory(SupportFactory)
    format = "web"
    libelle = "Édition fictive"
    url = "https://exemple.invalid/livret"
    date = factory.LazyFunction(timezone.localdate)


class DiffusionFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.Diffusion"

    support = factory.SubFactory(SupportFactory)
    partenaire = factory.SubFactory(PartenaireFactory)
    date = factory.LazyFunction(timezone.localdate)
    quantite = 1


# Ethics (axis 4) ---------------------------------------------------------------------------------


class CharteFactory(DjangoModelFactory):
    """A draft; pass `statut`, `adoptee_le` and `instance` together for an adopted version."""

    class Meta:
        model = "ethique.Charte"

    numero = factory.Sequence(lambda n: n + 1)
    titre = "Charte d'engagement (essai)"


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = "ethique.Article"

    charte = factory.SubFactory(CharteFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Article fictif {n}")
    texte = factory.Faker("sentence")


class PriseDeConnaissanceFactory(DjangoModelFactory):
    class Meta:
        model = "ethique.PriseDeConnaissance"

    charte = factory.SubFactory(CharteFactory)
    membre = factory.SubFactory(MembreEquipeFactory)
    date = factory.LazyFunction(timezone.localdate)


class EngagementsJeunesFactory(DjangoModelFactory):
    class Meta:
        model = "ethique.EngagementsJeunes"

    charte = factory.SubFactory(CharteFactory)
    antenne = factory.SubFactory(AntenneFactory)
    mois = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    nombre = 5


class SensibilisationFactory(DjangoModelFactory):
    class Meta:
        model = "ethique.Sensibilisation"

    titre = factory.Sequence(lambda n: f"Atelier fictif {n}")
    thematique = "discriminations"
    public = "equipe_partenaires"
    date = factory.Faker("date_between", start_date="-300d", end_date="-1d")


class ValeurFicheFactory(DjangoModelFactory):
    class Meta:
        model = "ethique.ValeurFiche"

    valeur = factory.SubFactory(ValeurFactory)
    fiche = factory.SubFactory(FicheActionFactory)
    citation = "Lien fictif."


class PresentationValeursFactory(DjangoModelFactory):
    class Meta:
        model = "ethique.PresentationValeurs"

    titre = "Présentation fictive"
    titre_finalite = "Une finalité :"
    finalite = "Finalité fictive."
    titre_valeurs = "Valeurs :"
    texte_valeurs = "Texte fictif."


# Ambassadeurs (fiche 2.1), appended by the ambassadeurs app -------------------------------------


class AmbassadeurFactory(DjangoModelFactory):
    """An adult who consented, sensitised a year ago and in touch this month."""

    class Meta:
        model = "ambassadeurs.Ambassadeur"

    prenom = factory.Faker("first_name")
    nom = factory.Faker("last_name")
    antenne = factory.SubFactory(AntenneFactory)
    email = factory.Sequence(lambda n: f"jeune{n}@exemple.invalid")
    annee_naissance = factory.LazyFunction(lambda: timezone.localdate().year - 22)
    date_sensibilise = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    consentement_le = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    version_notice = "2026-1"
    dernier_contact_le = factory.LazyFunction(timezone.localdate)


class InterventionFactory(DjangoModelFactory):
    class Meta:
        model = "ambassadeurs.Intervention"

    type = "forum"
    date = factory.LazyFunction(timezone.localdate)
    lieu = factory.Sequence(lambda n: f"Salle fictive {n}")
    public_touche = 30
