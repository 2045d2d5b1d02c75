"""The PDF of a realistic report (five years of weekly updates) is generated in under 3 seconds."""

import time
from datetime import timedelta

from django.utils import timezone

from conseil.models import Instance

from .donnees import plan_suivi

LIMITE_SECONDES = 3


def test_le_pdf_d_un_rapport_realiste_se_genere_en_moins_de_trois_secondes(client_de, compte_ca):
    plan_suivi(nb_fiches=11, annees=5)
    maintenant = timezone.now()
    precedente = Instance.objects.create(date=maintenant - timedelta(days=182), lieu="Béthune")
    precedente.figer()
    prochaine = Instance.objects.create(date=maintenant + timedelta(days=14), lieu="Béthune")
    client = client_de(compte_ca)

    debut = time.perf_counter()
    reponse = client.get(f"/instances/{prochaine.pk}/rapport.pdf")
    duree = time.perf_counter() - debut

    assert reponse.status_code == 200
    assert reponse.content.startswith(b"%PDF")
    print(f"\nPDF du rapport réaliste : {duree:.2f} s, {len(reponse.content) // 1024} Kio")
    assert duree < LIMITE_SECONDES
