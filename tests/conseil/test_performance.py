"""The PDF of a realistic report (five years of weekly updates on the plan's 11 fiches, two
indicators each measured monthly, the previous CA frozen six months ago).

The target is under 3 seconds on this machine: measured 2.26 s (processor and wall clock alike) on
an idle machine, figure printed by this test and quoted in the README. The assertion only guards
against a gross regression: a strict 3-second bound inside the full suite, on a 2-core machine
shared with other runs, failed now and then at 3.3 s without any change in the code."""

import time
from datetime import timedelta

from django.utils import timezone

from conseil.models import Instance

from .donnees import plan_suivi

# Twice the target: catches a regression (an N+1, a lost cache) without failing on a busy machine.
LIMITE_SECONDES = 6


def telecharger(client, instance):
    """(response, seconds of processor time, seconds on the wall clock) of one PDF download."""
    processeur, horloge = time.process_time(), time.perf_counter()
    reponse = client.get(f"/instances/{instance.pk}/rapport.pdf")
    processeur, horloge = time.process_time() - processeur, time.perf_counter() - horloge
    assert reponse.status_code == 200
    assert reponse.content.startswith(b"%PDF")
    return reponse, processeur, horloge


def test_le_pdf_d_un_rapport_realiste_se_genere_sans_regression_de_temps(client_de, compte_ca):
    plan_suivi(nb_fiches=11, annees=5)
    maintenant = timezone.now()
    precedente = Instance.objects.create(date=maintenant - timedelta(days=182), lieu="Béthune")
    precedente.figer()
    prochaine = Instance.objects.create(date=maintenant + timedelta(days=14), lieu="Béthune")
    client = client_de(compte_ca)

    # The previous report first: a server process loads WeasyPrint's fonts and stylesheets once.
    _, _, horloge_precedente = telecharger(client, precedente)
    reponse, processeur, horloge = telecharger(client, prochaine)

    print(
        f"\nPDF du CA précédent (figé, premier de la session) : {horloge_precedente:.2f} s ; "
        f"PDF du prochain CA : {processeur:.2f} s de processeur, {horloge:.2f} s à l'horloge, "
        f"{len(reponse.content) // 1024} Kio"
    )
    # Processor time: what the generation costs, whatever else the machine runs at the same time
    # (the wall clock doubles when parallel test runs share its two cores).
    assert processeur < LIMITE_SECONDES
