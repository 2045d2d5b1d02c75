"""HTML to a tagged A4 PDF with WeasyPrint, in a process of its own.

WeasyPrint holds Python's global lock for long stretches (over a second at a time on a long report):
rendered in a thread of a web worker, it would stall that worker's other threads, `/sante/`
included. Each web process therefore hands its PDFs to one long-lived helper process
(`python -m conseil.rendu_pdf`, started on the first PDF, restarted if it dies) and waits on a pipe
without holding the lock. A plain subprocess rather than multiprocessing: nothing of the web
process (its threads, its main module) is copied or re-imported.
"""

import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

FEUILLES_DE_STYLE = ["css/largeurs.css", "conseil/rapport_pdf.css"]


class ErreurDeRendu(Exception):
    pass


class ProcessusPDF:
    """The helper process of this web process; one PDF at a time through it."""

    def __init__(self):
        self.verrou = threading.Lock()
        self.processus = None

    def _demarrer(self):
        if self.processus is None or self.processus.poll() is not None:
            self.processus = subprocess.Popen(  # noqa: S603 — our own interpreter and module
                [sys.executable, "-m", "conseil.rendu_pdf"],
                cwd=Path(settings.BASE_DIR),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        return self.processus

    def rendre(self, html, base_url, feuilles):
        demande = pickle.dumps((html, base_url, feuilles), protocol=pickle.HIGHEST_PROTOCOL)
        with self.verrou:
            processus = self._demarrer()
            try:
                processus.stdin.write(struct.pack(">Q", len(demande)) + demande)
                processus.stdin.flush()
                entete = processus.stdout.read(8)
                if len(entete) < 8:
                    raise ErreurDeRendu("le processus de mise en page s'est arrêté")
                # Written by our own helper process, the only writer of this pipe.
                statut, resultat = pickle.loads(processus.stdout.read(struct.unpack(">Q", entete)[0]))  # noqa: S301
            except (BrokenPipeError, ErreurDeRendu):
                processus.kill()
                self.processus = None
                raise
        if statut != "ok":
            raise ErreurDeRendu(resultat)
        return resultat


_PROCESSUS = ProcessusPDF()


def en_pdf(html, base_url):
    """(PDF bytes, number of pages)."""
    feuilles = [finders.find(nom) for nom in FEUILLES_DE_STYLE]
    return _PROCESSUS.rendre(html, base_url, feuilles)
