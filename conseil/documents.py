"""The PDF of a report: generated once for a given state of its figures, kept in the storage backend
(the media folder, or an object store shared by every server), then served from there.

A `DocumentRapport` row per key is the lock: the request that creates it (or takes over a failed or
abandoned one) generates the PDF; any other request for the same document meanwhile gets "en cours
de préparation" and comes back. At most `PDF_SIMULTANES` documents are generated at once across all
processes, so a few board members asking for PDFs cannot occupy every worker.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import DocumentRapport
from .pdf import en_pdf

# A preparation older than this is presumed dead (a worker killed by a timeout) and taken over.
DELAI_ABANDON = timedelta(minutes=3)
# Live reports' documents are superseded by the next change; older ones than this are purged.
CONSERVATION_PROVISOIRES = timedelta(days=7)

Etat = DocumentRapport.Etat


def nom_du_fichier(instance):
    return f"rapport-{instance.type}-{timezone.localtime(instance.date):%Y-%m-%d}.pdf"


def _fichier_present(document):
    return bool(document.fichier) and document.fichier.storage.exists(document.fichier.name)


def reserver(instance, rapport):
    """(document, a_preparer): the document of this report in its current state, and whether this
    caller holds the right to generate it now (it then must call `preparer`)."""
    maintenant = timezone.now()
    try:
        with transaction.atomic():
            document, cree = DocumentRapport.objects.get_or_create(
                cle=rapport.cle_du_document,
                defaults={"instance": instance, "selection": rapport.selection, "fige": rapport.fige},
            )
    except IntegrityError:
        document, cree = DocumentRapport.objects.get(cle=rapport.cle_du_document), False
    if document.etat == Etat.PRET and _fichier_present(document):
        return document, False
    if document.etat == Etat.EN_PREPARATION and not cree and document.demande_le > maintenant - DELAI_ABANDON:
        return document, False
    if _generations_en_cours(maintenant, sauf=document.pk) >= settings.PDF_SIMULTANES:
        return document, False
    if cree:
        return document, True
    # Failed, abandoned or lost: whoever flips the row first prepares it again.
    pris = DocumentRapport.objects.filter(
        pk=document.pk, etat=document.etat, demande_le=document.demande_le
    ).update(etat=Etat.EN_PREPARATION, demande_le=maintenant)
    document.refresh_from_db()
    return document, bool(pris)


def _generations_en_cours(maintenant, sauf=None):
    return (
        DocumentRapport.objects.filter(etat=Etat.EN_PREPARATION, demande_le__gt=maintenant - DELAI_ABANDON)
        .exclude(pk=sauf)
        .count()
    )


def preparer(document, instance, rapport, base_url):
    """Generate the PDF of `rapport` and store it; the document is then ready (or failed)."""
    debut = time.perf_counter()
    try:
        html = render_to_string("conseil/rapport_pdf.html", {"instance": instance, "rapport": rapport})
        contenu, pages = en_pdf(html, base_url)
    except Exception:
        DocumentRapport.objects.filter(pk=document.pk).update(etat=Etat.ECHEC, termine_le=timezone.now())
        raise
    document.fichier.save(nom_du_fichier(instance), ContentFile(contenu), save=False)
    document.etat = Etat.PRET
    document.termine_le = timezone.now()
    document.duree = round(time.perf_counter() - debut, 3)
    document.nb_pages = pages
    document.save(update_fields=["fichier", "etat", "termine_le", "duree", "nb_pages"])
    return document


def purger_provisoires(maintenant=None):
    """Delete live reports' documents older than CONSERVATION_PROVISOIRES, files included.

    Held meetings' documents are kept forever. Returns how many were deleted."""
    maintenant = maintenant or timezone.now()
    anciens = DocumentRapport.objects.filter(fige=False, demande_le__lt=maintenant - CONSERVATION_PROVISOIRES)
    nombre = 0
    for document in anciens:
        if document.fichier:
            document.fichier.delete(save=False)
        document.delete()
        nombre += 1
    return nombre
