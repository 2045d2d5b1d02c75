"""HTML to a tagged A4 PDF with WeasyPrint, in a process of its own.

WeasyPrint holds Python's global lock for long stretches (over a second at a time on a long report):
rendered in a thread of a web worker, it would stall that worker's other threads, `/sante/`
included. Each web process therefore hands its PDFs to one long-lived helper process (started on the
first PDF, with `forkserver` so that no thread of the web process is copied), and waits without
holding the lock.
"""

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.contrib.staticfiles import finders

from . import rendu_pdf

FEUILLES_DE_STYLE = ["css/largeurs.css", "conseil/rapport_pdf.css"]

_verrou = threading.Lock()
_executeur = None


def _processus():
    global _executeur
    with _verrou:
        if _executeur is None:
            _executeur = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("forkserver")
            )
        return _executeur


def _oublier_le_processus():
    global _executeur
    with _verrou:
        _executeur = None


def en_pdf(html, base_url):
    """(PDF bytes, number of pages)."""
    feuilles = [finders.find(nom) for nom in FEUILLES_DE_STYLE]
    try:
        return _processus().submit(rendu_pdf.rendre, html, base_url, feuilles).result()
    except BrokenProcessPool:
        # The helper died (killed for memory, for instance): the next PDF starts a new one.
        _oublier_le_processus()
        raise
