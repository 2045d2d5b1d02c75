"""Back-office: the journal, the indicators and their measures are read there, never changed."""

from datetime import date

from suivi import services
from tests.factories import IndicateurFactory, MesureFactory
from tests.suivi.conftest import pdf


def test_le_journal_se_consulte_sans_se_modifier_dans_le_back_office(
    fiche, client_de, compte_admin, compte_pilote
):
    entree = services.commenter(
        fiche, compte_pilote, commentaire="Preuve jointe", piece_jointe=pdf("preuve.pdf")
    )
    client = client_de(compte_admin)
    liste = client.get("/admin/suivi/entreejournal/")
    assert liste.status_code == 200
    assert "Ajouter entrée du journal" not in liste.text
    fiche_admin = client.get(f"/admin/suivi/entreejournal/{entree.pk}/change/")
    assert fiche_admin.status_code == 200
    assert "Preuve jointe" in fiche_admin.text
    assert f'href="/journal/pieces/{entree.pk}/">preuve.pdf</a>' in fiche_admin.text
    assert 'name="_save"' not in fiche_admin.text
    assert client.get(f"/admin/suivi/entreejournal/{entree.pk}/delete/").status_code == 403
    assert client.get("/admin/suivi/entreejournal/add/").status_code == 403
    reponse = client.post(f"/admin/suivi/entreejournal/{entree.pk}/change/", {"commentaire": "réécrit"})
    assert reponse.status_code == 403
    entree.refresh_from_db()
    assert entree.commentaire == "Preuve jointe"


def test_un_indicateur_se_consulte_avec_ses_mesures_et_renvoie_a_sa_fiche(fiche, client_de, compte_admin):
    indicateur = IndicateurFactory(fiche=fiche, libelle="Jeunes reçus")
    MesureFactory(indicateur=indicateur, date=date(2026, 1, 31), valeur=12)
    client = client_de(compte_admin)
    page = client.get(f"/admin/suivi/indicateur/{indicateur.pk}/change/").text
    assert "Jeunes reçus" in page and "31 janvier 2026" in page
    assert 'name="mesures-0-valeur"' not in page
    assert f'href="/plan/fiches/1.1/#indicateur-{indicateur.pk}"' in page
    assert client.post(f"/admin/suivi/indicateur/{indicateur.pk}/change/", {"cible": "1"}).status_code == 403
