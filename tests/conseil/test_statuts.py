"""The statutes' minimum of meetings a year (CA twice, bureau three times, AG once), checked against
the meetings recorded, and the dashboard's warning when the year's calendar falls short."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from conseil.models import Instance
from conseil.statuts import calendrier_statutaire
from tests.plan.html import main


def instance(jour, type_=Instance.Type.CA, heure=18, tenue=False):
    moment = timezone.make_aware(datetime.combine(jour, time(heure)))
    statut = Instance.Statut.TENUE if tenue else Instance.Statut.PREPAREE
    return Instance.objects.create(type=type_, date=moment, statut=statut)


def test_sans_organisation_chargee_il_n_y_a_rien_a_verifier(db):
    assert calendrier_statutaire(2026) is None


def test_les_instances_tenues_et_prevues_de_l_annee_comptent_celles_des_autres_annees_non(plan_charge):
    instance(datetime(2026, 3, 12).date(), tenue=True)
    instance(datetime(2026, 11, 5).date())
    instance(datetime(2025, 12, 11).date(), tenue=True)
    instance(datetime(2026, 6, 11).date(), type_=Instance.Type.AG, tenue=True)
    calendrier = calendrier_statutaire(2026)
    par_type = {e.type: (e.minimum, e.tenues, e.prevues, e.manquantes) for e in calendrier.exigences}
    assert par_type == {"ca": (2, 1, 1, 0), "bureau": (3, 0, 0, 3), "ag": (1, 1, 0, 0)}
    assert [e.libelle for e in calendrier.manques] == ["Bureau"]
    assert not calendrier.est_complet


def test_le_conseil_est_averti_sur_le_tableau_de_bord_quand_l_annee_est_en_deca(comptes_par_role, client_de):
    fin = timezone.localdate().replace(month=12, day=31)
    instance(fin)
    page = main(client_de(comptes_par_role["ca"]).get("/"))
    alerte = page.un("aside", **{"aria-labelledby": "titre-calendrier-statutaire"})
    texte = alerte.texte()
    assert f"Calendrier {fin.year} des instances : en deçà des statuts" in texte
    assert "Conseil d'administration : 1 au calendrier" in texte and "il en manque 1" in texte
    assert "Bureau : 0 au calendrier" in texte and "il en manque 3" in texte
    assert not alerte.tous("a", href="/instances/nouvelle/")
    direction = main(client_de(comptes_par_role["direction"]).get("/"))
    assert direction.un("aside", **{"aria-labelledby": "titre-calendrier-statutaire"}).tous(
        "a", href="/instances/nouvelle/"
    )


def test_un_calendrier_complet_ne_declenche_aucun_avertissement(comptes_par_role, client_de):
    fin = timezone.localdate().replace(month=12, day=31)
    for heure in (9, 10):
        instance(fin, heure=heure)
    for heure in (11, 12, 13):
        instance(fin, type_=Instance.Type.BUREAU, heure=heure)
    instance(fin - timedelta(days=1), type_=Instance.Type.AG)
    page = main(client_de(comptes_par_role["ca"]).get("/"))
    assert not page.tous("aside", **{"aria-labelledby": "titre-calendrier-statutaire"})
