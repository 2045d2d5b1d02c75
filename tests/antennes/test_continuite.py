"""Continuity of service (fiche 1.5): conseillers' absences per antenne, appointments covered
(counts only), the diagnostic per quarter and each antenne's rule."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from antennes.models import AbsenceConseiller, Antenne, MembreEquipe
from antennes.views import _trimestres
from suivi.indicateurs import REGISTRE
from tests.factories import MembreEquipeFactory
from tests.plan.html import main


def test_les_trimestres_remontent_d_annee_en_annee():
    assert _trimestres(date(2026, 2, 14)) == [
        date(2026, 1, 1),
        date(2025, 10, 1),
        date(2025, 7, 1),
        date(2025, 4, 1),
    ]


def test_le_responsable_declare_une_absence_de_son_antenne(bruay, responsable):
    conseillere = MembreEquipeFactory(antenne=bruay, poste=MembreEquipe.Poste.CONSEILLER)
    debut = timezone.localdate() - timedelta(days=3)
    donnees = {
        "antenne": bruay.pk,
        "membre": conseillere.pk,
        "debut": debut,
        "fin": debut - timedelta(days=1),
        "rdv_prevus": 8,
        "rdv_couverts": 9,
    }
    reponse = responsable.post("/antennes/continuite/absences/nouvelle/", donnees)
    texte = main(reponse).texte()
    assert "Le premier jour d'absence doit précéder le dernier." in texte
    assert not AbsenceConseiller.objects.exists()
    donnees["fin"] = debut + timedelta(days=1)
    reponse = responsable.post("/antennes/continuite/absences/nouvelle/", donnees)
    assert "Les rendez-vous couverts ne peuvent dépasser les rendez-vous prévus." in main(reponse).texte()
    reponse = responsable.post("/antennes/continuite/absences/nouvelle/", donnees | {"rdv_couverts": 6})
    assert reponse.url == "/antennes/continuite/"
    absence = AbsenceConseiller.objects.get()
    assert (absence.jours, absence.prevue) == (2, False)
    siege = Antenne.objects.get(est_siege=True)
    reponse = responsable.post(
        "/antennes/continuite/absences/nouvelle/", donnees | {"antenne": siege.pk, "membre": ""}
    )
    assert "Sélectionnez un choix valide" in main(reponse).un(id_="error_1_id_antenne").texte()


def test_le_diagnostic_compte_par_antenne_et_par_trimestre(bruay, client_de, compte_ca):
    debut = _trimestres(timezone.localdate())[0]
    AbsenceConseiller.objects.create(
        antenne=bruay, debut=debut, fin=debut, prevue=True, rdv_prevus=5, rdv_couverts=5
    )
    AbsenceConseiller.objects.create(antenne=bruay, debut=debut, fin=debut, rdv_prevus=7, rdv_couverts=2)
    bruay.regle_continuite = "Le binôme reprend les rendez-vous du jour ; l'accueil prévient les jeunes."
    bruay.save()
    page = main(client_de(compte_ca).get("/antennes/continuite/"))
    diagnostic = page.un("section", **{"aria-labelledby": "titre-diagnostic"})
    ligne = next(tr for tr in diagnostic.un("tbody").tous("tr") if "Bruay" in tr.un("th").texte())
    assert ligne.tous("td")[0].texte() == "2 absences dont 1 imprévue ; 7 rendez-vous couverts sur 12"
    assert "7 rendez-vous couverts sur 12" in page.texte()
    assert (
        "Le binôme reprend les rendez-vous du jour"
        in page.un("section", **{"aria-labelledby": "titre-regles"}).texte()
    )
    assert "Déclarer une absence" not in page.texte()


def test_la_regle_de_continuite_se_modifie_par_le_responsable(bruay, responsable, client_de, compte_pilote):
    url = f"/antennes/{bruay.pk}/continuite/"
    assert client_de(compte_pilote).post(url, {"regle_continuite": "x"}).status_code == 403
    responsable.post(url, {"regle_continuite": "Un collègue désigné chaque matin."})
    bruay.refresh_from_db()
    assert bruay.regle_continuite == "Un collègue désigné chaque matin."


def test_la_part_des_rendez_vous_couverts_de_la_fiche_1_5_bouge(bruay):
    calcul = REGISTRE["continuite-rdv-couverts-12-mois"]
    assert calcul.fiche == "1.5"
    jour = timezone.localdate()
    assert calcul.calculer(jour) is None
    AbsenceConseiller.objects.create(antenne=bruay, debut=jour, fin=jour, rdv_prevus=8, rdv_couverts=6)
    assert calcul.calculer(jour) == Decimal("75.00")
    ancienne = jour - timedelta(days=400)
    AbsenceConseiller.objects.create(
        antenne=bruay, debut=ancienne, fin=ancienne, rdv_prevus=8, rdv_couverts=0
    )
    assert calcul.calculer(jour) == Decimal("75.00")
