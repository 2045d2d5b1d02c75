"""One write path: follow-up changes only through suivi.services, whatever the door, and the
back-office shows them read-only with a link to where they are made."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plan.models import Axe, Etape, FicheAction
from suivi import services
from suivi.models import EntreeJournal, Indicateur
from tests.suivi.conftest import etape_de

S = Etape.Statut


@pytest.fixture
def admin_client_(client_de, compte_admin):
    return client_de(compte_admin)


def url_admin(modele, vue, *args):
    return reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_{vue}", args=args)


@pytest.mark.parametrize("modele", [FicheAction, Etape, Indicateur, EntreeJournal])
def test_le_suivi_ne_s_enregistre_pas_dans_le_back_office(fiche, admin_client_, modele):
    objet = {
        FicheAction: fiche,
        Etape: etape_de(fiche, "Diagnostic"),
        EntreeJournal: services.commenter(fiche, fiche.pilote, commentaire="Note"),
        Indicateur: None,
    }[modele]
    if objet is None:
        indicateur = Indicateur(libelle="Jeunes reçus", valeur_initiale=0, cible=10)
        services.ajouter_indicateur(fiche, fiche.pilote, indicateur)
        objet = indicateur
    url = url_admin(modele, "change", objet.pk)
    page = admin_client_.get(url)
    assert page.status_code == 200
    # A view page: no save button, the fields as text.
    assert 'name="_save"' not in page.content.decode()
    assert admin_client_.post(url, {"statut": "realise"}).status_code == 403
    assert admin_client_.get(url_admin(modele, "add")).status_code == 403


def test_le_back_office_renvoie_vers_la_page_ou_le_suivi_se_modifie(fiche, admin_client_):
    page = admin_client_.get(url_admin(FicheAction, "change", fiche.pk)).content.decode()
    assert f'href="{fiche.get_absolute_url()}#pilotage"' in page
    assert "Mettre à jour dans l&#x27;application" in page or "Mettre à jour dans l'application" in page
    etape = etape_de(fiche, "Bilan")
    page = admin_client_.get(url_admin(Etape, "change", etape.pk)).content.decode()
    assert f'href="{fiche.get_absolute_url()}#etape-{etape.pk}"' in page


def test_un_passage_dans_le_back_office_apres_la_pilote_ne_remet_jamais_l_ancienne_valeur(
    fiche, admin_client_, compte_pilote
):
    bilan = etape_de(fiche, "Bilan")
    admin_vue = admin_client_.get(url_admin(FicheAction, "change", fiche.pk))
    services.mettre_a_jour_etape(
        bilan, compte_pilote, version=bilan.version, valeurs={"statut": S.EN_COURS, "avancement": 60}
    )
    # The admin's stale page cannot post anything back.
    assert admin_vue.status_code == 200
    reponse = admin_client_.post(url_admin(FicheAction, "change", fiche.pk), {"etapes-0-avancement": 0})
    assert reponse.status_code == 403
    bilan.refresh_from_db()
    assert (bilan.statut, bilan.avancement) == (S.EN_COURS, 60)


def test_seul_le_resume_simple_d_un_axe_s_ecrit_dans_le_back_office(fiche, admin_client_):
    axe = fiche.axe
    url = url_admin(Axe, "change", axe.pk)
    reponse = admin_client_.post(
        url, {"resume_simple": "Aller vers les jeunes là où ils vivent.", "titre": "X"}
    )
    assert reponse.status_code == 302
    axe.refresh_from_db()
    assert axe.resume_simple == "Aller vers les jeunes là où ils vivent."
    assert axe.titre != "X"


def test_une_sous_etape_changee_laisse_etape_fiche_axe_et_plan_coherents(fiche, compte_pilote):
    atelier_a = etape_de(fiche, "Atelier A")
    services.mettre_a_jour_etape(
        atelier_a, compte_pilote, version=atelier_a.version, valeurs={"statut": S.REALISE}
    )
    parent = etape_de(fiche, "Ateliers")
    fiche.refresh_from_db()
    # The parent step shows the mean of its sub-steps; the fiche counts it for the exact mean.
    assert (parent.statut, parent.avancement) == (S.EN_COURS, 50)
    assert fiche.avancement == Decimal("16.67")  # (0 + 50 + 0) / 3
    par_axe, plan = fiche.axe.plan.avancements()
    assert par_axe[fiche.axe_id] == fiche.avancement == plan
    derniere = EntreeJournal.objects.filter(fiche=fiche).first()
    assert derniere.avancement_fiche == fiche.avancement

    atelier_b = etape_de(fiche, "Atelier B")
    services.mettre_a_jour_etape(
        atelier_b, compte_pilote, version=atelier_b.version, valeurs={"statut": S.REALISE}
    )
    parent.refresh_from_db()
    fiche.refresh_from_db()
    assert (parent.statut, parent.avancement) == (S.REALISE, 100)
    assert fiche.avancement == Decimal("33.33")
    assert EntreeJournal.objects.filter(fiche=fiche).first().avancement_fiche == fiche.avancement


def test_une_etape_a_sous_etapes_n_avance_qu_avec_elles(fiche, compte_pilote):
    parent = etape_de(fiche, "Ateliers")
    with pytest.raises(Exception, match="sous-étapes"):
        services.mettre_a_jour_etape(
            parent, compte_pilote, version=parent.version, valeurs={"statut": S.REALISE}
        )
    parent.refresh_from_db()
    assert parent.statut == S.A_VENIR


def test_la_regle_a_venir_zero_realise_cent_vaut_pour_toute_ecriture(fiche, compte_pilote):
    bilan = etape_de(fiche, "Bilan")
    services.mettre_a_jour_etape(
        bilan, compte_pilote, version=bilan.version, valeurs={"statut": S.REALISE, "avancement": 30}
    )
    bilan.refresh_from_db()
    assert bilan.avancement == 100
    assert Etape.avancement_selon_statut(S.A_VENIR, 70) == 0
    assert Etape.avancement_selon_statut(S.EN_COURS, 70) == 70


def test_la_direction_change_le_poids_d_une_etape_et_le_journal_le_dit(
    fiche, compte_direction, compte_pilote
):
    bilan, diagnostic = etape_de(fiche, "Bilan"), etape_de(fiche, "Diagnostic")
    services.mettre_a_jour_etape(
        diagnostic, compte_pilote, version=diagnostic.version, valeurs={"statut": S.REALISE}
    )
    fiche.refresh_from_db()
    assert fiche.avancement == Decimal("33.33")
    entree = services.mettre_a_jour_etape(
        bilan, compte_direction, version=bilan.version, valeurs={"poids": 2}
    )
    fiche.refresh_from_db()
    assert fiche.avancement == Decimal("25.00")  # 100 / (1 + 1 + 2)
    assert [(c.champ, c.avant, c.apres) for c in entree.changements.all()] == [("poids", "1", "2")]
    assert entree.avancement_fiche == Decimal("25.00")
