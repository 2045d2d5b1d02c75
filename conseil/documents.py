"""The PDF of a report: generated once for a given state of its figures, kept in the storage backend
(the media folder, or an object store shared by every server), then served from there.

A `DocumentRapport` row per key is the lock: the request that moves it to "en préparation" (a new
one, or one waiting, failed or abandoned) generates the PDF; any other request for the same document
meanwhile gets "en cours de préparation" and comes back. A document is only prepared by whoever holds
one of the `PDF_SIMULTANES` slots (`EmplacementPDF`), so a few board members asking for PDFs cannot
occupy every worker: the others wait their turn, shown a page that comes back by itself.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import DocumentRapport, EmplacementPDF
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


def reserver(instance):
    """(document, a_preparer): the PDF of `instance`'s report in the current state of its figures,
    and whether this caller holds the right to generate it now (it then must call `preparer`).
    Cheap: the report itself is only computed by whoever prepares it."""
    from .rapport import cle_du_document

    maintenant = timezone.now()
    cle = cle_du_document(instance)
    fige = getattr(instance, "rapport_fige", None) is not None
    try:
        with transaction.atomic():
            document, _ = DocumentRapport.objects.get_or_create(
                cle=cle, defaults={"instance": instance, "fige": fige}
            )
    except IntegrityError:
        document = DocumentRapport.objects.get(cle=cle)
    if document.etat == Etat.PRET and _fichier_present(document):
        return document, False
    if document.etat == Etat.EN_PREPARATION and document.demande_le > maintenant - DELAI_ABANDON:
        return document, False
    # Waiting, failed, abandoned or lost: prepared by whoever gets a slot, then the document.
    if not _prendre_un_emplacement(document, maintenant):
        return document, False
    pris = DocumentRapport.objects.filter(
        pk=document.pk, etat=document.etat, demande_le=document.demande_le
    ).update(etat=Etat.EN_PREPARATION, demande_le=maintenant)
    document.refresh_from_db()
    if not pris:
        _liberer(document)
    return document, bool(pris)


def _prendre_un_emplacement(document, maintenant):
    for rang in range(settings.PDF_SIMULTANES):
        EmplacementPDF.objects.get_or_create(rang=rang)
    libres = EmplacementPDF.objects.filter(rang__lt=settings.PDF_SIMULTANES).filter(
        Q(document__isnull=True) | Q(depuis__lt=maintenant - DELAI_ABANDON)
    )
    for emplacement in libres:
        pris = EmplacementPDF.objects.filter(
            pk=emplacement.pk, document=emplacement.document_id, depuis=emplacement.depuis
        ).update(document=document, depuis=maintenant)
        if pris:
            return True
    return False


def _liberer(document):
    EmplacementPDF.objects.filter(document=document).update(document=None, depuis=None)


def preparer(document, instance, base_url):
    """Compute the report, generate its PDF and store it; the document is then ready (or failed)."""
    debut = time.perf_counter()
    try:
        rapport = instance.rapport()
        html = render_to_string("conseil/rapport_pdf.html", {"instance": instance, "rapport": rapport})
        contenu, pages = en_pdf(html, base_url)
        document.fichier.save(nom_du_fichier(instance), ContentFile(contenu), save=False)
    except Exception:
        DocumentRapport.objects.filter(pk=document.pk).update(etat=Etat.ECHEC, termine_le=timezone.now())
        raise
    finally:
        _liberer(document)
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
