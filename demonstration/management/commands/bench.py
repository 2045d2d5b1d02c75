"""Benchmark of the main pages at 1× and 20× the data of one Mission Locale.

Runs on a dedicated database created for the occasion next to the configured one (PostgreSQL when
DATABASE_URL names one, else a temporary SQLite file) and dropped at the end: the user's data is
never read nor touched. Each page is requested in-process (django.test.Client) as a logged-in
administrator who also pilots some fiches, so that every page has something to show.

Besides the pages read with a warm cache, it measures what people wait for "cold": the first
rendering after a change (a new journal entry, then the cache emptied) of the dashboard, of the next
meeting's report and of its PDF, and every spreadsheet export, read to its last byte. Targets, checked
here and written in the README:
- every page, rendering and export makes the same number of SQL queries at 1× and 20×;
- at 20×, every warm page's median within FACTEUR_MAX × the back-office's fiche list;
- every export under 5 s at 20×, and its cost per 1 000 rows the same at 1× and 20× (± 30 %) for
  the exports of more than 1 000 rows (below that, the fixed cost of a request dominates);
- the next report's PDF, first rendering after a change: under 3 s at 1×, under 10 s at 20×;
  its HTML under 3 s and the dashboard under 1 s at 20×;
- throughput: at 20×, the dashboard served by gunicorn as configured for production (2 workers)
  answers at least 20 requests per second to 10 concurrent clients of a logged-in person, without
  a single error (see demonstration/debit.py);
- /sante/, asked while the same server prepares six PDFs, answers every time, the slowest under 1 s;
- a login with the production password hasher takes under 1 s.
Timings live here, never in the test suite, where a busy machine would fail them.
"""

import itertools
import json
import secrets
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from comptes import roles
from demonstration.debit import mesurer_debit, sante_pendant_des_pdf
from demonstration.peuplement import Peuplement
from exploitation.pages import pages_principales
from mission_locale.formats import nombre
from plan.models import FicheAction

BASELINES = [
    ("Santé (/sante/)", "/sante/"),
    ("Back-office : liste des fiches", "/admin/plan/ficheaction/"),
]
REFERENCE = "/admin/plan/ficheaction/"
FACTEUR_MAX = 2
EXPORTS = [
    (contenu, format_)
    for contenu in ("fiches", "etapes", "journal", "mesures")
    for format_ in ("csv", "xlsx")
]
# Cold targets in milliseconds, per scale: {name: {scale: ceiling}}.
OBJECTIFS_A_FROID = {
    "PDF du rapport de la prochaine instance": {1: 3000, 20: 10000},
    "Rapport de la prochaine instance": {20: 3000},
    "Tableau de bord": {20: 1000},
}
EXPORT_MAX_MS = 5000
DEBIT = ("Débit du tableau de bord (gunicorn, 10 clients)", "/")
DEBIT_MIN = 20
SANTE = "Santé pendant la préparation de six PDF (gunicorn)"
SANTE_MAX_MS = 1000
CONNEXION = ("Connexion (hachage de production)", "/connexion/")
CONNEXION_MAX_MS = 1000
ECART_PAR_MILLIER = 0.30
LIGNES_MIN_PAR_MILLIER = 1000


class Command(BaseCommand):
    help = (
        "Mesure le temps de réponse et le nombre de requêtes SQL des pages principales à 1× et 20× "
        "le volume d'une Mission Locale, sur une base dédiée créée puis supprimée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--echelles", type=int, nargs="+", default=[1, 20], help="Échelles mesurées.")
        parser.add_argument("--repetitions", type=int, default=30, help="Requêtes chronométrées par page.")
        parser.add_argument(
            "--echauffement", type=int, default=3, help="Requêtes non chronométrées par page."
        )
        parser.add_argument(
            "--duree-debit",
            type=int,
            default=20,
            help="Secondes de mesure du débit sous gunicorn (0 : pas de mesure du débit).",
        )

    def handle(self, *args, echelles, repetitions, echauffement, duree_debit, **options):
        mesures = {"pages": [], "baselines": [], "cold": [], "throughput": [], "login": [], "health": []}
        absentes = set()
        with BaseDeMesure(self.stdout) as base, override_settings(**reglages_de_mesure()):
            for echelle in echelles:
                base.vider()
                debut = time.perf_counter()
                self.stdout.write(f"Échelle {echelle} : création des données fictives…")
                Peuplement(echelle, sortie=self.stdout).executer()
                if connection.vendor == "postgresql":
                    # A freshly filled database is not a database in service: no planner statistics
                    # yet (without them PostgreSQL misjudges the journal's size), no visibility map,
                    # and autovacuum would start on the new tables in the middle of the measures.
                    # Vacuumed and analysed, as autovacuum leaves a production database.
                    with connection.cursor() as cursor:
                        cursor.execute("VACUUM ANALYZE")
                self.stdout.write(f"  ({time.perf_counter() - debut:.0f} s)")
                client = client_de_mesure()
                pages, manquantes = pages_principales()
                absentes.update(manquantes)
                listes = (("pages", [(p.nom, p.url) for p in pages]), ("baselines", BASELINES))
                urls = [url for _, liste in listes for _, url in liste]
                par_url = mesurer(client, urls, repetitions, echauffement)
                for cle, liste in listes:
                    for nom, url in liste:
                        mesures[cle].append({"name": nom, "url": url, "scale": echelle, **par_url[url]})
                for nom, url in a_froid():
                    mesure = mesurer_a_froid(client, url, repetitions=3)
                    mesures["cold"].append(
                        {"name": nom, "url": url, "scale": echelle, "cold": True, **mesure}
                    )
                if duree_debit:
                    nom, url = DEBIT
                    self.stdout.write(f"  débit de {url} sous gunicorn pendant {duree_debit} s…")
                    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                    mesure = mesurer_debit(url, cookie, duree=duree_debit)
                    mesures["throughput"].append({"name": nom, "url": url, "scale": echelle, **mesure})
                    self.stdout.write("  /sante/ sous gunicorn pendant la préparation de six PDF…")
                    mesure = sante_pendant_des_pdf(urls_de_pdf_a_preparer(), cookie)
                    mesures["health"].append({"name": SANTE, "url": "/sante/", "scale": echelle, **mesure})
                nom, url = CONNEXION
                mesures["login"].append({"name": nom, "url": url, "scale": echelle, **mesurer_connexion()})
        self.afficher(mesures, absentes)
        echecs = verifier_objectifs(mesures, max(echelles))
        for ligne in echecs or ["Objectifs tenus."]:
            self.stdout.write(ligne)
        self.stdout.write(json.dumps(mesures, ensure_ascii=False))
        if echecs:
            raise CommandError(f"{len(echecs)} objectif(s) non tenu(s), voir ci-dessus.")

    def afficher(self, mesures, absentes):
        entete = (
            f"{'Page':<40} {'URL':<34} {'Éch.':>4} {'Médiane ms':>10} {'p95 ms':>8} {'Requêtes':>8} "
            f"{'À froid':>7} {'Lignes':>7}"
        )
        self.stdout.write("")
        self.stdout.write(entete)
        self.stdout.write("-" * len(entete))
        lignes = mesures["pages"] + mesures["baselines"] + mesures["cold"]
        for ligne in sorted(lignes, key=lambda m: (m["scale"], m.get("cold", False), m["url"])):
            self.stdout.write(
                f"{ligne['name'][:40]:<40} {ligne['url'][:34]:<34} {ligne['scale']:>4} "
                f"{ligne['median_ms']:>10.1f} {ligne['p95_ms']:>8.1f} {ligne['queries']:>8} "
                f"{'oui' if ligne.get('cold') else '':>7} {ligne.get('rows', ''):>7}"
            )
        for ligne in mesures["throughput"]:
            self.stdout.write(
                f"{ligne['name']} à {ligne['scale']}× : {nombre(ligne['rps'])} requêtes par seconde, "
                f"médiane {nombre(ligne['median_ms'])} ms, p95 {nombre(ligne['p95_ms'])} ms, "
                f"{ligne['errors']} erreur(s) "
                f"sur {ligne['requests']} requêtes."
            )
        for ligne in mesures.get("health", []):
            self.stdout.write(
                f"{ligne['name']} à {ligne['scale']}× : médiane {nombre(ligne['median_ms'])} ms, "
                f"la plus lente {nombre(ligne['p95_ms'])} ms, {ligne['errors']} erreur(s) "
                f"sur {ligne['requests']} requêtes ; PDF : {ligne['pdf']}."
            )
        for ligne in mesures.get("login", []):
            self.stdout.write(
                f"{ligne['name']} à {ligne['scale']}× : médiane {nombre(ligne['median_ms'])} ms, "
                f"la plus lente {nombre(ligne['p95_ms'])} ms."
            )
        if absentes:
            self.stdout.write(f"Pages pas encore construites, non mesurées : {', '.join(sorted(absentes))}")
        self.stdout.write("")


class BaseDeMesure:
    """A database of its own for the benchmark, created on entry and dropped on exit."""

    def __init__(self, sortie):
        self.sortie = sortie

    def __enter__(self):
        reglages = connection.settings_dict
        self.nom_initial = reglages["NAME"]
        if connection.vendor == "sqlite":
            self.dossier = tempfile.TemporaryDirectory(prefix="bench-")
            reglages["TEST"] = {
                **reglages.get("TEST", {}),
                "NAME": str(Path(self.dossier.name) / "bench.sqlite3"),
            }
        else:
            self.dossier = None
            reglages["TEST"] = {**reglages.get("TEST", {}), "NAME": f"{self.nom_initial}_bench"}
        nom = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.sortie.write(
            f"Base de mesure dédiée ({connection.vendor}) : {nom}. Elle sera supprimée à la fin ; "
            f"la base « {self.nom_initial} » n'est ni lue ni modifiée."
        )
        return self

    def vider(self):
        call_command("flush", interactive=False, verbosity=0)

    def __exit__(self, *exc):
        connection.creation.destroy_test_db(self.nom_initial, verbosity=0)
        if self.dossier is not None:
            self.dossier.cleanup()
        return False


def reglages_de_mesure():
    """In-process requests: plain HTTP, static files from the source folders (no collectstatic).
    A throwaway key of production strength: the gunicorn server of the throughput measure runs
    without DEBUG, refuses `make run`'s demonstration key, and must check the sessions this process
    opens with the same key."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": False,
        "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


def client_de_mesure():
    """An administrator who also pilots one fiche in eleven, so "Mes actions" is not empty."""
    User = get_user_model()
    user = User.objects.create(
        username="fictif-mesure",
        first_name="Compte",
        last_name="de mesure (fictif)",
        email="fictif-mesure@exemple.invalid",
        is_staff=True,
        is_superuser=True,
    )
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATION))
    fiches = list(FicheAction.objects.order_by("pk").values_list("pk", flat=True))
    FicheAction.objects.filter(pk__in=fiches[::11]).update(pilote=user)
    client = Client()
    client.force_login(user)
    return client


def mesurer(client, urls, repetitions, echauffement):
    """{url: median, p95 and queries} of the warm pages, requested in rounds (every page once per
    round) rather than one page after the other: the pages are judged against the reference list,
    and a machine whose load drifts during the minutes of the measure then weighs on all alike."""
    for url in urls:
        for _ in range(echauffement):
            reponse = client.get(url)
            if reponse.status_code != 200:
                raise CommandError(f"{url} répond {reponse.status_code} au lieu de 200.")
    requetes = {}
    for url in urls:
        # Counted by a wrapper rather than from connection.queries, which each request resets.
        compte = []

        def compter(execute, sql, params, many, context, compte=compte):
            compte.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(compter):
            client.get(url)
        requetes[url] = len(compte)
    durees = {url: [] for url in urls}
    for _ in range(repetitions):
        for url in urls:
            debut = time.perf_counter()
            client.get(url)
            durees[url].append((time.perf_counter() - debut) * 1000)
    return {
        url: {
            "median_ms": round(statistics.median(d), 1),
            "p95_ms": round(statistics.quantiles(d, n=20)[18], 1) if len(d) > 1 else round(d[0], 1),
            "queries": requetes[url],
        }
        for url, d in durees.items()
    }


def a_froid():
    """(name, url) of what is measured cold: the renderings people wait for after a change, and
    every export."""
    from conseil.models import Instance

    mesures = [("Tableau de bord", "/")]
    prochaine = Instance.objects.prochaine()
    if prochaine is not None:
        mesures += [
            ("Rapport de la prochaine instance", f"/instances/{prochaine.pk}/rapport/"),
            ("PDF du rapport de la prochaine instance", f"/instances/{prochaine.pk}/rapport.pdf"),
        ]
    mesures += [
        (f"Export {contenu} ({format_.upper()})", f"/plan/fiches/export/{contenu}.{format_}")
        for contenu, format_ in EXPORTS
    ]
    return mesures


CHANGEMENTS = itertools.count(1)


def changer_le_suivi():
    """A journal entry as a pilot would write one: every cache keyed on the follow-up state moves.
    Each comment differs: the same comment sent twice is written once (a double submission)."""
    from suivi import services

    fiche = FicheAction.objects.order_by("pk").first()
    services.commenter(
        fiche,
        fiche.pilote or get_user_model().objects.first(),
        commentaire=f"[Démo] Mesure à froid n° {next(CHANGEMENTS)}.",
    )


def mesurer_a_froid(client, url, repetitions):
    """Each time: a change, the cache emptied, then the response read to its last byte. One request
    first, not timed, as for the warm pages: what a process pays once (the PDF helper started, the
    templates compiled, the libraries loaded) is not what people wait for after a change."""
    from django.core.cache import cache

    client.get(url).getvalue()
    durees, requetes, lignes = [], [], 0
    for rang in range(repetitions):
        changer_le_suivi()
        cache.clear()
        compte = []

        def compter(execute, sql, params, many, context, compte=compte):
            compte.append(sql)
            return execute(sql, params, many, context)

        debut = time.perf_counter()
        with connection.execute_wrapper(compter):
            reponse = client.get(url)
            contenu = reponse.getvalue()
        durees.append((time.perf_counter() - debut) * 1000)
        if reponse.status_code != 200:
            raise CommandError(f"{url} répond {reponse.status_code} au lieu de 200.")
        requetes.append(len(compte))
        if rang == 0 and url.endswith(".csv"):
            lignes = contenu.count(b"\r\n") - 1
    mesure = {
        "median_ms": round(statistics.median(durees), 1),
        "p95_ms": round(max(durees), 1),
        "queries": max(requetes),
    }
    if url.endswith(".csv"):
        mesure["rows"] = lignes
    return mesure


def urls_de_pdf_a_preparer(nombre_=6):
    """The PDF addresses of `nombre_` fictitious meetings to come, added for this measure: each has a
    report of its own, so each asks for its own preparation."""
    from conseil.models import Instance

    maintenant = timezone.now()
    types = [Instance.Type.CA, Instance.Type.BUREAU, Instance.Type.AG]
    return [
        reverse(
            "conseil:rapport-pdf",
            args=[
                Instance.objects.create(
                    type=types[rang % 3],
                    date=maintenant + timedelta(days=10 + rang),
                    lieu="[Démo] Lieu fictif",
                ).pk
            ],
        )
        for rang in range(nombre_)
    ]


def mesurer_connexion(repetitions=5):
    """Median and slowest of a login as a person makes it, with the production password hasher
    (the test suite uses MD5 to go fast)."""
    mot_de_passe = secrets.token_urlsafe(16)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        personne = get_user_model()(username="fictif-connexion", first_name="[Démo]", last_name="Connexion")
        personne.set_password(mot_de_passe)
        personne.save()
        durees, requetes = [], []
        for _ in range(repetitions):
            client = Client()
            client.get(CONNEXION[1])
            debut = time.perf_counter()
            with CaptureQueriesContext(connection) as capture:
                reponse = client.post(CONNEXION[1], {"username": personne.username, "password": mot_de_passe})
            durees.append((time.perf_counter() - debut) * 1000)
            requetes.append(len(capture))
            if reponse.status_code != 302:
                raise CommandError(f"La connexion répond {reponse.status_code} au lieu de 302.")
    return {
        "median_ms": round(statistics.median(durees), 1),
        "p95_ms": round(max(durees), 1),
        "queries": max(requetes),
    }


def verifier_objectifs(mesures, echelle_max):
    """French descriptions of the targets missed (see the module's docstring)."""
    echecs = []
    par_page = {}
    for ligne in mesures["pages"] + mesures.get("cold", []):
        par_page.setdefault(ligne["name"], {})[ligne["scale"]] = ligne
    for nom, echelles in par_page.items():
        comptes = {e: m["queries"] for e, m in echelles.items()}
        if len(set(comptes.values())) > 1:
            detail = ", ".join(f"{c} à {e}×" for e, c in sorted(comptes.items()))
            echecs.append(f"NON TENU : « {nom} » ne fait pas le même nombre de requêtes ({detail}).")
    reference = next(
        (m for m in mesures["baselines"] if m["url"] == REFERENCE and m["scale"] == echelle_max), None
    )
    if reference is not None:
        plafond = FACTEUR_MAX * reference["median_ms"]
        for nom, echelles in par_page.items():
            ligne = echelles.get(echelle_max)
            if ligne and not ligne.get("cold") and ligne["median_ms"] >= plafond:
                echecs.append(
                    f"NON TENU : « {nom} » à {echelle_max}× : médiane {ligne['median_ms']} ms, au-delà de "
                    f"{FACTEUR_MAX} × {reference['median_ms']} ms (liste des fiches du back-office)."
                )
    for nom, echelles in par_page.items():
        for echelle, plafond_ms in OBJECTIFS_A_FROID.get(nom, {}).items():
            ligne = echelles.get(echelle)
            if ligne and ligne["median_ms"] >= plafond_ms:
                echecs.append(
                    f"NON TENU : « {nom} » à froid à {echelle}× : {ligne['median_ms']} ms, "
                    f"au-delà de {plafond_ms} ms."
                )
        if not nom.startswith("Export "):
            continue
        grande = echelles.get(echelle_max)
        if grande and grande["median_ms"] >= EXPORT_MAX_MS:
            echecs.append(
                f"NON TENU : « {nom} » à {echelle_max}× : {grande['median_ms']} ms, au-delà de 5 s."
            )
        petite = echelles.get(min(echelles))
        if petite and grande and petite is not grande and petite.get("rows", 0) >= LIGNES_MIN_PAR_MILLIER:
            avant = petite["median_ms"] / petite["rows"] * 1000
            apres = grande["median_ms"] / max(grande["rows"], 1) * 1000
            if abs(apres - avant) > ECART_PAR_MILLIER * avant:
                echecs.append(
                    f"NON TENU : « {nom} » coûte {apres:.0f} ms pour 1 000 lignes à {echelle_max}×, "
                    f"contre {avant:.0f} ms à {min(echelles)}× (écart au-delà de 30 %)."
                )
    for ligne in mesures.get("throughput", []):
        if ligne["scale"] != echelle_max:
            continue
        if ligne["rps"] < DEBIT_MIN or ligne["errors"]:
            echecs.append(
                f"NON TENU : « {ligne['name']} » à {echelle_max}× : {nombre(ligne['rps'])} requêtes "
                f"par seconde et {ligne['errors']} erreur(s), pour au moins {DEBIT_MIN} et aucune."
            )
    for ligne in mesures.get("health", []):
        if ligne["p95_ms"] >= SANTE_MAX_MS or ligne["errors"] or not ligne["requests"]:
            echecs.append(
                f"NON TENU : « {ligne['name']} » à {ligne['scale']}× : la plus lente en "
                f"{nombre(ligne['p95_ms'])} ms, {ligne['errors']} erreur(s), pour moins de {SANTE_MAX_MS} ms "
                "et aucune."
            )
    for ligne in mesures.get("login", []):
        if ligne["median_ms"] >= CONNEXION_MAX_MS:
            echecs.append(
                f"NON TENU : « {ligne['name']} » à {ligne['scale']}× : {nombre(ligne['median_ms'])} ms, "
                f"au-delà de {CONNEXION_MAX_MS} ms."
            )
    return echecs
