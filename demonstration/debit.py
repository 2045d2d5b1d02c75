"""Throughput of a page as production serves it: gunicorn with the application's own gunicorn.conf.py
(2 threaded workers), on the benchmark's database, read by concurrent clients of one logged-in
person for a fixed time. Measured from outside the server's processes, over local HTTP."""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.db import connection

RACINE = Path(__file__).resolve().parents[1]


def _port_libre():
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def _url_de_la_base():
    base = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{base['NAME']}"
    identite = base["USER"] + (f":{base['PASSWORD']}" if base["PASSWORD"] else "")
    return f"postgres://{identite}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}/{base['NAME']}"


class Serveur:
    """gunicorn on the current database, production settings over plain HTTP, stopped on exit.
    `options` go to gunicorn's command line, `variables` to its environment (MEDIA_ROOT...)."""

    def __init__(self, *options, **variables):
        self.options, self.variables = options, variables

    def __enter__(self):
        self.port = _port_libre()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": _url_de_la_base(),
            "DEBUG": "False",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            # No collectstatic for a measure: the pages' static URLs are enough, never fetched.
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "SECRET_KEY": settings.SECRET_KEY,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            **self.variables,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.processus = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "mission_locale.wsgi", *self.options],
            cwd=RACINE,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/sante/", timeout=1)  # noqa: S310 — our own server
                return self
            except OSError:
                if self.processus.poll() is not None:
                    raise RuntimeError(self.processus.stderr.read().decode()) from None
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("gunicorn n'a pas démarré en 30 s.")

    def __exit__(self, *exc):
        self.processus.terminate()
        try:
            self.processus.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.processus.kill()
        return False


def mesurer_debit(url, cookie_de_session, *, clients=10, duree=20, echauffement=3, serveur=None):
    """{"rps", "errors", "median_ms", "p95_ms", "requests"} of `url` read in a loop by `clients`
    keep-alive connections for `duree` seconds, after `echauffement` seconds not counted. On a
    gunicorn of its own with the production settings, or on `serveur` (a running `Serveur`)."""
    entetes = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie_de_session}", "Host": "127.0.0.1"}
    with nullcontext(serveur) if serveur else Serveur() as serveur:
        debut_mesure = time.monotonic() + echauffement
        fin = debut_mesure + duree
        durees, erreurs, verrou = [], [], threading.Lock()

        def client():
            connexion = http.client.HTTPConnection("127.0.0.1", serveur.port, timeout=30)
            while (maintenant := time.monotonic()) < fin:
                try:
                    connexion.request("GET", url, headers=entetes)
                    reponse = connexion.getresponse()
                    reponse.read()
                    statut = reponse.status
                except (OSError, http.client.HTTPException) as erreur:
                    statut = type(erreur).__name__
                    connexion.close()
                    connexion = http.client.HTTPConnection("127.0.0.1", serveur.port, timeout=30)
                duree_ms = (time.monotonic() - maintenant) * 1000
                if maintenant >= debut_mesure:
                    with verrou:
                        durees.append(duree_ms)
                        if statut != 200:
                            erreurs.append(statut)
            connexion.close()

        fils = [threading.Thread(target=client) for _ in range(clients)]
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join()
    return {
        "rps": round(len(durees) / duree, 1),
        "errors": len(erreurs),
        "requests": len(durees),
        "median_ms": round(statistics.median(durees), 1) if durees else 0,
        "p95_ms": round(statistics.quantiles(durees, n=20)[18], 1) if len(durees) > 1 else 0,
    }


def sante_pendant_des_pdf(urls_pdf, cookie_de_session, pause=0.2, **variables):
    """{"median_ms", "p95_ms" (the slowest), "requests", "errors", "pdf"} of /sante/, asked every
    `pause` seconds by a client of its own while the same gunicorn server prepares the PDFs of
    `urls_pdf`, each asked by a concurrent client: the health check must not queue behind them.
    `variables` go to the server's environment (MEDIA_ROOT...)."""
    entetes = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie_de_session}", "Host": "127.0.0.1"}
    with Serveur(**variables) as serveur:

        def pdf(url):
            connexion = http.client.HTTPConnection("127.0.0.1", serveur.port, timeout=120)
            try:
                connexion.request("GET", url, headers=entetes)
                reponse = connexion.getresponse()
                reponse.read()
                return reponse.status
            finally:
                connexion.close()

        with ThreadPoolExecutor(max_workers=len(urls_pdf)) as pool:
            en_cours = [pool.submit(pdf, url) for url in urls_pdf]
            durees, erreurs = [], 0
            while not all(f.done() for f in en_cours):
                debut = time.monotonic()
                try:
                    with urllib.request.urlopen(f"{serveur.url}/sante/", timeout=30) as reponse:  # noqa: S310
                        reponse.read()
                except OSError:
                    erreurs += 1
                durees.append((time.monotonic() - debut) * 1000)
                time.sleep(pause)
            statuts = sorted(f.result() for f in en_cours)
    return {
        "median_ms": round(statistics.median(durees), 1) if durees else 0,
        "p95_ms": round(max(durees), 1) if durees else 0,
        "requests": len(durees),
        "errors": erreurs,
        "pdf": statuts,
    }
