"""Permission matrix: every URL of the site × every role returns exactly the status written here.

The table is the specification: a new URL fails `test_chaque_url_nommee_figure_dans_la_matrice`
until someone decides, role by role, what it must answer. Write views are exercised with POST and
empty data: an allowed role gets the form back with its errors (200) or is redirected, a refused
one gets 403 before anything is validated.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import (
    charger_la_couche,
    couche_partagee,
    creer_l_activite,
    creer_les_comptes_par_role,
)

ROLES = ["anonyme", "equipe", "pilote", "direction", "ca", "admin"]

# Expected answers, in the order of ROLES. "C" = redirected to the login form (/connexion/?next=…),
# "AL" = redirected to the back-office's own login page, "→x" = redirected to x.
C, AL = "C", "AL"
LECTURE = [C, 200, 200, 200, 200, 200]
PILOTAGE = [C, 403, 200, 200, 403, 200]
DIRECTION = [C, 403, 403, 200, 403, 200]
POST_SEULEMENT = [C, 405, 405, 405, 405, 405]
# Partners, events and materials: kept by staff and Direction, read by the board.
EDITION = [C, 200, 200, 200, 403, 200]

# (url name, arguments, method, expected per role). Arguments name objects of the `activite`
# fixture: fiche 1.1 is piloted by "pilote"; 2.1 is piloted by nobody.
MATRICE = [
    ("accueil", [], "get", LECTURE),
    ("sante", [], "get", [200] * 6),
    ("accessibilite", [], "get", [200] * 6),
    ("glossaire", [], "get", LECTURE),
    (
        "login",
        [],
        "get",
        [200, "→/bienvenue/", "→/bienvenue/", "→/bienvenue/", "→/bienvenue/", "→/bienvenue/"],
    ),
    # Each role's landing page after login; "/" stays the shared dashboard.
    ("bienvenue", [], "get", [C, "→/", "→/mes-actions/", "→/", "→/prochaine-instance/", "→/"]),
    ("prochaine-instance", [], "get", LECTURE),
    ("recherche:index", [], "get", LECTURE),
    ("logout", [], "get", POST_SEULEMENT),
    (
        "logout",
        [],
        "post",
        [C, "→/connexion/", "→/connexion/", "→/connexion/", "→/connexion/", "→/connexion/"],
    ),
    # Forgotten password: reachable by whoever cannot log in; changing one's own needs a session.
    ("password_reset", [], "get", [200] * 6),
    ("password_reset", [], "post", [200] * 6),
    ("password_reset_done", [], "get", [200] * 6),
    ("password_reset_confirm", ["MQ", "jeton-invalide"], "get", [200] * 6),
    ("password_reset_complete", [], "get", [200] * 6),
    ("password_change", [], "get", LECTURE),
    ("password_change", [], "post", LECTURE),
    ("plan:index", [], "get", LECTURE),
    ("plan:enjeux", [], "get", LECTURE),
    ("suivi:fiche-detail", ["1.1"], "get", LECTURE),
    ("valeurs:index", [], "get", LECTURE),
    ("antennes:territoire", [], "get", LECTURE),
    # The territory: read by everyone logged in; antennes, their permanences and offer edited by
    # Direction and by each antenne's responsable (none of these roles is one: see the test below);
    # per-commune figures by staff; the register and the catalogue by Direction.
    ("antennes:communes", [], "get", LECTURE),
    ("antennes:communes", [], "post", EDITION),
    ("antennes:antenne-list", [], "get", LECTURE),
    ("antennes:antenne-detail", ["antenne"], "get", LECTURE),
    ("antennes:antenne-creer", [], "get", DIRECTION),
    ("antennes:antenne-creer", [], "post", DIRECTION),
    ("antennes:antenne-modifier", ["antenne"], "get", DIRECTION),
    ("antennes:antenne-modifier", ["antenne"], "post", DIRECTION),
    ("antennes:antenne-offre", ["antenne"], "get", DIRECTION),
    ("antennes:antenne-offre", ["antenne"], "post", DIRECTION),
    ("antennes:permanence-list", [], "get", LECTURE),
    ("antennes:permanence-creer", [], "get", DIRECTION),
    ("antennes:permanence-creer", [], "post", DIRECTION),
    ("antennes:permanence-modifier", ["permanence"], "get", DIRECTION),
    ("antennes:permanence-modifier", ["permanence"], "post", DIRECTION),
    ("antennes:permanence-supprimer", ["permanence"], "get", POST_SEULEMENT),
    # Deleted by Direction: nothing left for the board and the administrator, who come after.
    ("antennes:permanence-supprimer", ["permanence"], "post", [C, 403, 403, "→antenne", 404, 404]),
    ("antennes:equipe", [], "get", LECTURE),
    ("antennes:membre-creer", [], "get", DIRECTION),
    ("antennes:membre-creer", [], "post", DIRECTION),
    ("antennes:membre-modifier", ["membre"], "get", DIRECTION),
    ("antennes:membre-modifier", ["membre"], "post", DIRECTION),
    ("antennes:offre", [], "get", LECTURE),
    ("antennes:theme-creer", [], "get", DIRECTION),
    ("antennes:theme-creer", [], "post", DIRECTION),
    ("antennes:theme-modifier", ["theme"], "get", DIRECTION),
    ("antennes:theme-modifier", ["theme"], "post", DIRECTION),
    ("antennes:accueil", [], "get", LECTURE),
    ("antennes:accueil-antenne", ["antenne"], "get", LECTURE),
    ("antennes:critere-creer", [], "get", DIRECTION),
    ("antennes:critere-creer", [], "post", DIRECTION),
    ("antennes:critere-modifier", ["critere"], "get", DIRECTION),
    ("antennes:critere-modifier", ["critere"], "post", DIRECTION),
    ("antennes:evaluation-creer", ["antenne"], "get", DIRECTION),
    ("antennes:evaluation-creer", ["antenne"], "post", DIRECTION),
    ("antennes:evaluation-detail", ["evaluation"], "get", LECTURE),
    ("antennes:evaluation-detail", ["evaluation"], "post", DIRECTION),
    ("antennes:photo-accueil", ["photo"], "get", LECTURE),
    ("antennes:action-creer", ["antenne"], "get", DIRECTION),
    ("antennes:action-creer", ["antenne"], "post", DIRECTION),
    ("antennes:action-modifier", ["action"], "get", DIRECTION),
    ("antennes:action-modifier", ["action"], "post", DIRECTION),
    ("antennes:procedures", [], "get", LECTURE),
    ("antennes:procedure-creer", [], "get", DIRECTION),
    ("antennes:procedure-creer", [], "post", DIRECTION),
    ("antennes:procedure-detail", ["procedure"], "get", LECTURE),
    ("antennes:procedure-modifier", ["procedure"], "get", DIRECTION),
    ("antennes:procedure-modifier", ["procedure"], "post", DIRECTION),
    ("antennes:version-creer", ["procedure"], "get", DIRECTION),
    ("antennes:version-creer", ["procedure"], "post", DIRECTION),
    ("antennes:version-fichier", ["version_procedure"], "get", LECTURE),
    ("antennes:deploiement-creer", ["procedure"], "get", DIRECTION),
    ("antennes:deploiement-creer", ["procedure"], "post", DIRECTION),
    ("antennes:enquete-creer", [], "get", DIRECTION),
    ("antennes:enquete-creer", [], "post", DIRECTION),
    ("antennes:continuite", [], "get", LECTURE),
    ("antennes:absence-creer", [], "get", DIRECTION),
    ("antennes:absence-creer", [], "post", DIRECTION),
    ("antennes:absence-modifier", ["absence"], "get", DIRECTION),
    ("antennes:absence-modifier", ["absence"], "post", DIRECTION),
    ("antennes:regle-continuite", ["antenne"], "get", DIRECTION),
    ("antennes:regle-continuite", ["antenne"], "post", DIRECTION),
    ("suivi:mes-actions", [], "get", LECTURE),
    ("suivi:journal", [], "get", LECTURE),
    ("suivi:piece-jointe", ["entree"], "get", LECTURE),
    ("suivi:etape", ["1.1", "etape"], "get", LECTURE),
    ("suivi:etape-modifier", ["1.1", "etape"], "get", PILOTAGE),
    ("suivi:etape-modifier", ["1.1", "etape"], "post", PILOTAGE),
    ("suivi:fiche-modifier", ["1.1"], "get", POST_SEULEMENT),
    ("suivi:fiche-modifier", ["1.1"], "post", PILOTAGE),
    ("suivi:commenter", ["1.1"], "get", POST_SEULEMENT),
    ("suivi:commenter", ["1.1"], "post", [C, 200, 200, 200, 403, 200]),
    ("suivi:rien-de-nouveau", ["1.1"], "get", POST_SEULEMENT),
    (
        "suivi:rien-de-nouveau",
        ["1.1"],
        "post",
        [C, 403, "→/plan/fiches/1.1/", "→/plan/fiches/1.1/", 403, "→/plan/fiches/1.1/"],
    ),
    ("suivi:indicateur-ajouter", ["1.1"], "get", POST_SEULEMENT),
    ("suivi:indicateur-ajouter", ["1.1"], "post", PILOTAGE),
    ("suivi:mesure-ajouter", ["1.1", "indicateur"], "get", POST_SEULEMENT),
    ("suivi:mesure-ajouter", ["1.1", "indicateur"], "post", PILOTAGE),
    ("suivi:mesure-corriger", ["1.1", "mesure"], "get", PILOTAGE),
    ("suivi:mesure-corriger", ["1.1", "mesure"], "post", PILOTAGE),
    ("conseil:fiche-list", [], "get", LECTURE),
    ("conseil:fiche-export", ["fiches", "csv"], "get", LECTURE),
    ("conseil:fiche-export", ["journal", "xlsx"], "get", LECTURE),
    ("conseil:instance-list", [], "get", LECTURE),
    ("conseil:instance-create", [], "get", DIRECTION),
    ("conseil:instance-create", [], "post", DIRECTION),
    ("conseil:instance-update", ["prochaine_instance"], "get", DIRECTION),
    ("conseil:instance-update", ["prochaine_instance"], "post", DIRECTION),
    ("conseil:instance-tenir", ["prochaine_instance"], "get", DIRECTION),
    (
        "conseil:instance-tenir",
        ["prochaine_instance"],
        "post",
        [C, 403, 403, "→rapport", 403, "→rapport"],
    ),
    ("conseil:rapport", ["instance_tenue"], "get", LECTURE),
    ("conseil:rapport", ["prochaine_instance"], "get", LECTURE),
    ("conseil:rapport-pdf", ["instance_tenue"], "get", LECTURE),
    ("conseil:rapport-pdf-etat", ["instance_tenue"], "get", LECTURE),
    ("conseil:rapport-journal", ["instance_tenue", "csv"], "get", LECTURE),
    ("partenaires:liste", [], "get", LECTURE),
    ("partenaires:export", ["csv"], "get", LECTURE),
    ("partenaires:export", ["xlsx"], "get", LECTURE),
    ("partenaires:export", ["pdf"], "get", [C, 404, 404, 404, 404, 404]),
    ("partenaires:suivi", [], "get", LECTURE),
    ("partenaires:detail", ["partenaire"], "get", LECTURE),
    ("partenaires:creer", [], "get", EDITION),
    ("partenaires:creer", [], "post", EDITION),
    ("partenaires:modifier", ["partenaire"], "get", EDITION),
    ("partenaires:modifier", ["partenaire"], "post", EDITION),
    ("partenaires:contact", ["partenaire"], "get", EDITION),
    ("partenaires:contact-export", ["partenaire"], "get", DIRECTION),
    ("partenaires:contact-effacer", ["partenaire"], "get", DIRECTION),
    ("partenaires:convention-creer", ["partenaire"], "get", DIRECTION),
    ("partenaires:convention-creer", ["partenaire"], "post", DIRECTION),
    ("partenaires:convention-modifier", ["convention"], "get", DIRECTION),
    ("partenaires:import", [], "get", DIRECTION),
    ("partenaires:import", [], "post", DIRECTION),
    ("partenaires:import-modele", [], "get", DIRECTION),
    ("partenaires:import-rapport", ["import_partenaires"], "get", DIRECTION),
    ("partenaires:import-appliquer", ["import_partenaires"], "get", POST_SEULEMENT),
    ("partenaires:evenement-list", [], "get", LECTURE),
    ("partenaires:evenement-creer", [], "get", EDITION),
    ("partenaires:evenement-creer", [], "post", EDITION),
    ("partenaires:evenement-detail", ["evenement"], "get", LECTURE),
    ("partenaires:evenement-modifier", ["evenement"], "get", EDITION),
    ("partenaires:evenement-participants", ["evenement"], "get", EDITION),
    ("partenaires:suite-creer", ["evenement"], "get", POST_SEULEMENT),
    ("partenaires:suite-creer", ["evenement"], "post", EDITION),
    ("partenaires:suite-faite", ["suite"], "get", POST_SEULEMENT),
    ("supports:liste", [], "get", LECTURE),
    ("supports:creer", [], "get", EDITION),
    ("supports:creer", [], "post", EDITION),
    ("supports:detail", ["support"], "get", LECTURE),
    ("supports:modifier", ["support"], "get", EDITION),
    ("supports:diffusion-creer", ["support"], "get", EDITION),
    ("supports:diffusion-creer", ["support"], "post", EDITION),
    ("supports:version-creer", ["support"], "get", EDITION),
    ("supports:version-creer", ["support"], "post", EDITION),
    ("supports:version-modifier", ["version"], "get", EDITION),
    ("supports:version-qr", ["version"], "get", LECTURE),
    # The back-office is for staff accounts only (the administrator here).
    ("admin:index", [], "get", [AL, AL, AL, AL, AL, 200]),
    ("admin:plan_ficheaction_changelist", [], "get", [C, AL, AL, AL, AL, 200]),
    ("admin:plan_ficheaction_change", ["fiche_pk"], "get", [C, AL, AL, AL, AL, 200]),
    # Reaching another fiche's objects through fiche 1.1's URL, or a fiche one does not pilot.
    ("suivi:etape-modifier", ["1.1", "etape_2_1"], "post", [C, 403, 404, 404, 403, 404]),
    ("suivi:etape-modifier", ["2.1", "etape_2_1"], "post", [C, 403, 403, 200, 403, 200]),
    ("suivi:mesure-ajouter", ["1.1", "indicateur_2_1"], "post", [C, 403, 404, 404, 403, 404]),
    ("suivi:mesure-corriger", ["1.1", "mesure_2_1"], "post", [C, 403, 404, 404, 403, 404]),
    ("suivi:fiche-modifier", ["2.1"], "post", [C, 403, 403, 200, 403, 200]),
    # Ethics (axis 4). Version 1 of the charter is in force, version 2 is a draft; only "equipe" is on
    # the staff register, so only they acknowledge for themselves. A deletion by Direction leaves
    # nothing for the next role: hence the administrator's 404.
    ("ethique:charte", [], "get", LECTURE),
    ("ethique:prendre-connaissance", [], "get", POST_SEULEMENT),
    ("ethique:prendre-connaissance", [], "post", [C, 200, 403, 403, 403, 403]),
    ("ethique:equipe", [], "get", DIRECTION),
    ("ethique:equipe", [], "post", DIRECTION),
    ("ethique:engagements", [], "get", LECTURE),
    ("ethique:engagements", [], "post", [C, 200, 200, 200, 403, 200]),
    ("ethique:version-creer", [], "get", [C, 403, 403, "→/charte/versions/2/", 403, "→/charte/versions/2/"]),
    ("ethique:version-creer", [], "post", [C, 403, 403, "→/charte/versions/2/", 403, "→/charte/versions/2/"]),
    ("ethique:version", ["version_adoptee"], "get", LECTURE),
    ("ethique:version", ["brouillon"], "get", LECTURE),
    ("ethique:version-modifier", ["brouillon"], "get", DIRECTION),
    ("ethique:version-modifier", ["brouillon"], "post", DIRECTION),
    ("ethique:version-modifier", ["version_adoptee"], "get", [C, 403, 403, 404, 403, 404]),
    ("ethique:version-adopter", ["brouillon"], "get", DIRECTION),
    ("ethique:version-adopter", ["brouillon"], "post", DIRECTION),
    ("ethique:article-ajouter", ["brouillon"], "get", DIRECTION),
    ("ethique:article-ajouter", ["brouillon"], "post", DIRECTION),
    ("ethique:article-ajouter", ["version_adoptee"], "post", [C, 403, 403, 404, 403, 404]),
    ("ethique:article-modifier", ["brouillon", "article_brouillon"], "get", DIRECTION),
    ("ethique:article-modifier", ["brouillon", "article_brouillon"], "post", DIRECTION),
    ("ethique:article-supprimer", ["brouillon", "article_brouillon"], "get", POST_SEULEMENT),
    (
        "ethique:article-supprimer",
        ["brouillon", "article_brouillon"],
        "post",
        [C, 403, 403, "→/charte/versions/2/", 403, 404],
    ),
    ("ethique:sensibilisation", [], "get", LECTURE),
    ("ethique:session-creer", [], "get", DIRECTION),
    ("ethique:session-creer", [], "post", DIRECTION),
    ("ethique:session-detail", ["session"], "get", LECTURE),
    ("ethique:session-modifier", ["session"], "get", DIRECTION),
    ("ethique:session-modifier", ["session"], "post", DIRECTION),
    ("ethique:association", [], "get", LECTURE),
    ("valeurs:detail", ["valeur"], "get", LECTURE),
    ("valeurs:fiche-relier", ["valeur"], "get", POST_SEULEMENT),
    ("valeurs:fiche-relier", ["valeur"], "post", DIRECTION),
    ("valeurs:fiche-delier", ["valeur", "lien_valeur"], "get", POST_SEULEMENT),
    ("valeurs:fiche-delier", ["valeur", "lien_valeur"], "post", [C, 403, 403, "→/valeurs/7/", 403, 404]),
    # Young ambassadors (2.1): every page with a name is for staff and Direction; the board sees the
    # figures only. Erasure is Direction's.
    ("ambassadeurs:liste", [], "get", EDITION),
    ("ambassadeurs:chiffres", [], "get", LECTURE),
    ("ambassadeurs:creer", [], "get", EDITION),
    ("ambassadeurs:creer", [], "post", EDITION),
    ("ambassadeurs:detail", ["ambassadeur"], "get", EDITION),
    ("ambassadeurs:modifier", ["ambassadeur"], "get", EDITION),
    ("ambassadeurs:modifier", ["ambassadeur"], "post", EDITION),
    ("ambassadeurs:export", ["ambassadeur", "json"], "get", EDITION),
    ("ambassadeurs:export", ["ambassadeur", "xml"], "get", [C, 404, 404, 404, 403, 404]),
    ("ambassadeurs:effacer", ["ambassadeur"], "get", DIRECTION),
    ("ambassadeurs:effacer", ["ambassadeur"], "post", DIRECTION),
    ("ambassadeurs:intervention-list", [], "get", EDITION),
    ("ambassadeurs:intervention-creer", [], "get", EDITION),
    ("ambassadeurs:intervention-creer", [], "post", EDITION),
    ("ambassadeurs:intervention-detail", ["intervention"], "get", EDITION),
    ("ambassadeurs:intervention-modifier", ["intervention"], "get", EDITION),
    ("ambassadeurs:intervention-modifier", ["intervention"], "post", EDITION),
    ("ambassadeurs:intervention-retours", ["intervention"], "get", EDITION),
    ("ambassadeurs:intervention-retours", ["intervention"], "post", EDITION),
]

# Reachable without logging in; everything else sends an anonymous visitor to the login form.
PUBLIQUES = {
    "sante",
    "accessibilite",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def noms_d_url(patterns=None, espace=None):
    """Every named URL of the site outside the Django admin, as "namespace:name"."""
    noms = set()
    for motif in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(motif, URLResolver):
            if motif.namespace == "admin":
                continue
            sous_espace = ":".join(filter(None, [espace, motif.namespace])) or None
            noms |= noms_d_url(motif.url_patterns, sous_espace)
        elif isinstance(motif, URLPattern) and motif.name:
            noms.add(f"{espace}:{motif.name}" if espace else motif.name)
    return noms


def test_chaque_url_nommee_figure_dans_la_matrice():
    dans_la_matrice = {nom for nom, *_ in MATRICE}
    oubliees = noms_d_url() - dans_la_matrice
    assert not oubliees, f"URL sans ligne dans la matrice des permissions : {sorted(oubliees)}"
    disparues = {n for n in dans_la_matrice - noms_d_url() if not n.startswith("admin:")}
    assert not disparues, f"Lignes de la matrice pour des URL qui n'existent plus : {sorted(disparues)}"


def test_seules_la_connexion_la_sante_et_l_accessibilite_sont_publiques():
    publiques = {nom for nom, _, methode, attendus in MATRICE if methode == "get" and attendus[0] != C}
    assert publiques - {"admin:index"} == PUBLIQUES


# The accounts, their open sessions and the objects of the matrix are written once for its ~230
# tests, each of which runs in a savepoint rolled back afterwards (see « Reference data » in
# tests/conftest.py): building them for each test was the longest part of the suite, and logging
# the six roles in again for each test a sixth of what remained.
DONNEES = {}


@couche_partagee("matrice")
def charger_la_matrice():
    comptes = creer_les_comptes_par_role()
    DONNEES["comptes"] = comptes
    DONNEES["objets"] = construire_les_objets(creer_l_activite(comptes), comptes)
    # As on a real site, where cron runs it every five minutes: the held meeting's PDF is ready, and
    # each role's request for it is answered from the storage (prepared once, not once per test).
    call_command("preparer_rapports", stdout=io.StringIO())
    DONNEES["sessions"] = {}
    for role, compte in comptes.items():
        if compte is not None:
            client = Client()
            client.force_login(compte)
            DONNEES["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value


def client_du_role(role):
    """A test client in `role`'s session opened by the matrix layer (anonymous: none)."""
    client = Client()
    if role in DONNEES["sessions"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = DONNEES["sessions"][role]
    return client


@pytest.fixture
def matrice(plan_charge):
    charger_la_couche("matrice")
    return DONNEES


def construire_les_objets(activite, comptes_par_role):
    from datetime import date

    from plan.models import FicheAction
    from suivi.models import Indicateur, Mesure
    from tests.ethique.donnees import objets_ethique

    fiche_2_1 = FicheAction.objects.get(code="2.1")
    indicateur_2_1 = Indicateur.objects.create(
        fiche=fiche_2_1, libelle="Entreprises partenaires", valeur_initiale=10, cible=30
    )
    return {
        **activite,
        "etape": activite["fiche"].etapes.filter(sous_etapes__isnull=True).order_by("ordre").first(),
        "etape_2_1": fiche_2_1.etapes.filter(sous_etapes__isnull=True).order_by("ordre").first(),
        "indicateur_2_1": indicateur_2_1,
        "mesure": Mesure.objects.get(indicateur=activite["indicateur"]),
        "mesure_2_1": Mesure.objects.create(indicateur=indicateur_2_1, date=date(2026, 1, 31), valeur=12),
        "fiche_pk": activite["fiche"].pk,
        **objets_des_partenaires(),
        **objets_ethique(activite, comptes_par_role),
        **objets_du_territoire(),
        **objets_des_ambassadeurs(),
    }


def objets_des_ambassadeurs():
    from tests.factories import AmbassadeurFactory, InterventionFactory

    ambassadeur = AmbassadeurFactory(prenom="Lina", nom="Exemple")
    intervention = InterventionFactory()
    intervention.ambassadeurs.add(ambassadeur)
    return {"ambassadeur": ambassadeur, "intervention": intervention}


def objets_des_partenaires():
    from partenaires.models import ImportPartenaires, Partenaire
    from tests.factories import ConventionFactory, EvenementFactory, SuiteFactory, VersionSupportFactory

    partenaire = Partenaire.objects.get(nom="Adice")
    partenaire.changer_contact(nom="Camille Exemple", email="camille@exemple.invalid")
    evenement = EvenementFactory()
    version = VersionSupportFactory()
    return {
        "partenaire": partenaire,
        "convention": ConventionFactory(partenaire=partenaire),
        "evenement": evenement,
        "suite": SuiteFactory(evenement=evenement),
        "support": version.support,
        "version": version,
        "import_partenaires": ImportPartenaires.objects.create(
            nom_fichier="partenaires.csv", contenu=b"Nom\r\nAdice\r\n", empreinte="0" * 64
        ),
    }


def objets_du_territoire():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antennes.models import (
        AbsenceConseiller,
        ActionAmelioration,
        Antenne,
        CritereAccueil,
        EvaluationAccueil,
        PhotoAccueil,
        Procedure,
        ThemeOffre,
        VersionProcedure,
    )
    from tests.factories import MembreEquipeFactory, PermanenceFactory

    siege = Antenne.objects.get(est_siege=True)
    evaluation = EvaluationAccueil.objects.create(antenne=siege, date="2026-01-15", auteur="Essai")
    procedure = Procedure.objects.create(titre="Accueil physique (essai)")
    return {
        "antenne": siege,
        "permanence": PermanenceFactory(antenne=siege, commune=siege.commune),
        "membre": MembreEquipeFactory(antenne=siege),
        "theme": ThemeOffre.objects.get(code="emploi"),
        "critere": CritereAccueil.objects.first(),
        "evaluation": evaluation,
        "photo": PhotoAccueil.objects.create(
            evaluation=evaluation,
            fichier=SimpleUploadedFile("accueil.png", b"\x89PNG\r\n\x1a\n"),
            legende="Salle d'attente",
        ),
        "action": ActionAmelioration.objects.create(antenne=siege, libelle="Cloison"),
        "procedure": procedure,
        "absence": AbsenceConseiller.objects.create(
            antenne=siege, debut="2026-01-12", fin="2026-01-13", rdv_prevus=6, rdv_couverts=4
        ),
        "version_procedure": VersionProcedure.objects.create(
            procedure=procedure,
            numero=1,
            date="2026-01-10",
            fichier=SimpleUploadedFile("procedure.pdf", b"%PDF-1.7\n"),
        ),
    }


def valeur(argument, objets):
    if argument not in objets:
        return argument
    objet = objets[argument]
    return getattr(objet, "pk", objet)


def obtenu(reponse, attendu):
    """The response written the way the matrix writes it, to compare with `attendu`."""
    if reponse.status_code != 302:
        return reponse.status_code
    if reponse.url.startswith("/connexion/?next="):
        return C
    if reponse.url.startswith("/admin/login/?next="):
        return AL
    if attendu == "→rapport" and reponse.url.endswith("/rapport/"):
        return "→rapport"
    if attendu == "→antenne" and reponse.url.startswith("/antennes/"):
        return "→antenne"
    return f"→{reponse.url}"


@pytest.mark.parametrize(
    ("nom", "arguments", "methode", "attendus"),
    MATRICE,
    ids=[f"{methode.upper()} {nom} {'/'.join(arguments)}" for nom, arguments, methode, _ in MATRICE],
)
def test_chaque_role_recoit_exactement_la_reponse_prevue(matrice, nom, arguments, methode, attendus):
    url = reverse(nom, args=[valeur(a, matrice["objets"]) for a in arguments])
    ecarts = []
    for role, attendu in zip(ROLES, attendus, strict=True):
        reponse = getattr(client_du_role(role), methode)(url)
        if (resultat := obtenu(reponse, attendu)) != attendu:
            ecarts.append(f"{role} : {resultat} au lieu de {attendu}")
    assert not ecarts, f"{methode.upper()} {url}\n" + "\n".join(ecarts)


@pytest.mark.parametrize(
    ("nom", "methode"),
    [
        ("antennes:antenne-modifier", "get"),
        ("antennes:antenne-modifier", "post"),
        ("antennes:antenne-offre", "get"),
        ("antennes:antenne-offre", "post"),
        ("antennes:permanence-modifier", "get"),
        ("antennes:permanence-modifier", "post"),
        ("antennes:evaluation-creer", "get"),
        ("antennes:action-creer", "get"),
        ("antennes:regle-continuite", "get"),
    ],
)
def test_un_responsable_d_antenne_modifie_la_sienne_et_seulement_elle(
    comptes_par_role, client_de, nom, methode
):
    """`equipe` becomes the responsable of one antenne: allowed there, refused at the siège's."""
    from antennes.models import Antenne, Commune, MembreEquipe
    from tests.factories import MembreEquipeFactory, PermanenceFactory

    equipe = comptes_par_role["equipe"]
    siege = Antenne.objects.get(est_siege=True)
    sienne = Antenne.objects.create(
        nom="Antenne d'essai", adresse="1 rue", commune=Commune.objects.get(nom="Lillers")
    )
    sienne.responsable = MembreEquipeFactory(
        utilisateur=equipe, antenne=sienne, poste=MembreEquipe.Poste.RESPONSABLE
    )
    sienne.save()
    client = client_de(equipe)
    for antenne, attendus in ((sienne, {200, 302}), (siege, {403})):
        objet = (
            PermanenceFactory(antenne=antenne, commune=antenne.commune) if "permanence" in nom else antenne
        )
        reponse = getattr(client, methode)(reverse(nom, args=[objet.pk]))
        assert reponse.status_code in attendus, f"{methode.upper()} {nom} {antenne} : {reponse.status_code}"
    assert client.get(reverse("antennes:permanence-creer")).status_code == 200
    assert client.get(reverse("antennes:antenne-creer")).status_code == 403
