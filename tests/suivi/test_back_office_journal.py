"""The back-office keeps the journal too: an admin's follow-up change writes the entries the app would."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from plan.models import Etape, FicheAction, Meteo
from suivi import services
from suivi.models import Changement, EntreeJournal
from tests.factories import EtapeFactory, FicheActionFactory
from tests.plan.test_admin import donnees_du_formulaire, url_admin
from tests.suivi.conftest import etape_de

S = Etape.Statut


@pytest.fixture
def admin_client_(client_de, compte_admin):
    return client_de(compte_admin)


def formulaire_de(client, modele, objet):
    """(url, data) of the object's change form, as the browser would post it back unchanged."""
    url = url_admin(modele, "change", objet.pk)
    return url, donnees_du_formulaire(client.get(url))


def index_de(donnees, etape):
    """The index of `etape` among the fiche form's inline steps."""
    return next(i for i in range(int(donnees["etapes-TOTAL_FORMS"])) if donnees[f"etapes-{i}-id"] == etape.pk)


def enregistrer(client, url, donnees):
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    return reponse


def lignes(entree):
    return [(c.champ, c.avant, c.apres, c.avant_brut, c.apres_brut) for c in entree.changements.all()]


def rejeu_egal_au_direct(*fiches):
    maintenant = timezone.now()
    direct = {f.pk: FicheAction.objects.get(pk=f.pk).avancement for f in fiches}
    return EntreeJournal.objects.avancements_au(maintenant, fiches) == direct


def test_changer_le_statut_d_une_etape_dans_la_fiche_ecrit_une_entree_comme_celle_de_l_application(
    fiche, admin_client_, compte_admin, compte_pilote
):
    diagnostic = etape_de(fiche, "Diagnostic")
    url, donnees = formulaire_de(admin_client_, FicheAction, fiche)
    i = index_de(donnees, diagnostic)
    donnees[f"etapes-{i}-statut"], donnees[f"etapes-{i}-avancement"] = S.EN_COURS, 40

    enregistrer(admin_client_, url, donnees)

    entree = EntreeJournal.objects.get(fiche=fiche)
    fiche.refresh_from_db()
    diagnostic.refresh_from_db()
    assert (entree.type, entree.auteur, entree.etape) == (
        EntreeJournal.Type.MODIFICATION,
        compte_admin,
        diagnostic,
    )
    assert entree.commentaire == "Modifié dans le back-office"
    assert lignes(entree) == [
        ("statut", "À venir", "En cours", "a_venir", "en_cours"),
        ("avancement", "0\u202f%", "40\u202f%", "0", "40"),
    ]
    assert entree.version_etape == diagnostic.version == 2
    # The snapshot is the fiche after the change: 40 % on one of its three top-level steps.
    assert (entree.avancement_fiche, entree.statut_fiche) == (Decimal("13.33"), FicheAction.Statut.EN_COURS)
    assert (fiche.avancement, fiche.statut) == (entree.avancement_fiche, entree.statut_fiche)

    # The same change made in the app reads exactly the same in the journal.
    jumelle = EtapeFactory(fiche=FicheActionFactory(axe=fiche.axe), ordre=1)
    dans_l_application = services.mettre_a_jour_etape(
        jumelle, compte_pilote, version=1, valeurs={"statut": S.EN_COURS, "avancement": 40}
    )
    assert lignes(dans_l_application) == lignes(entree)


def test_changer_une_etape_dans_son_propre_formulaire_ecrit_une_entree_avec_avant_et_apres(
    fiche, admin_client_, compte_equipe
):
    bilan = etape_de(fiche, "Bilan")
    url, donnees = formulaire_de(admin_client_, Etape, bilan)
    donnees |= {
        "statut": S.REALISE,
        "avancement": 100,
        "responsable": compte_equipe.pk,
        "date_echeance": "2026-06-30",
    }

    enregistrer(admin_client_, url, donnees)

    entree = EntreeJournal.objects.get(fiche=fiche)
    bilan.refresh_from_db()
    assert entree.etape == bilan
    assert entree.commentaire == "Modifié dans le back-office"
    assert lignes(entree) == [
        ("statut", "À venir", "Réalisé", "a_venir", "realise"),
        ("avancement", "0\u202f%", "100\u202f%", "0", "100"),
        ("responsable", "", services.nom_de(compte_equipe), "", str(compte_equipe.pk)),
        ("date_echeance", "", "30 juin 2026", "", "2026-06-30"),
    ]
    assert entree.version_etape == bilan.version == 2
    assert (entree.avancement_fiche, entree.statut_fiche) == (Decimal("33.33"), FicheAction.Statut.EN_COURS)


def test_changer_le_pilotage_de_la_fiche_ecrit_une_entree_comme_celle_de_l_application(
    fiche, admin_client_, compte_admin, compte_pilote, compte_co_pilote, compte_direction
):
    url, donnees = formulaire_de(admin_client_, FicheAction, fiche)
    donnees["pilote"] = compte_direction.pk
    donnees.pop("co_pilotes")
    donnees["date_debut"], donnees["date_echeance"] = "2025-03-01", "2027-06-30"
    donnees["meteo"] = Meteo.NUAGE

    enregistrer(admin_client_, url, donnees)

    entree = EntreeJournal.objects.get(fiche=fiche)
    assert (entree.auteur, entree.etape, entree.commentaire) == (
        compte_admin,
        None,
        "Modifié dans le back-office",
    )
    assert lignes(entree) == [
        (
            "pilote",
            services.nom_de(compte_pilote),
            services.nom_de(compte_direction),
            str(compte_pilote.pk),
            str(compte_direction.pk),
        ),
        ("co_pilotes", "Claire Copilote", "", str(compte_co_pilote.pk), ""),
        ("date_debut", "1 janvier 2025", "1 mars 2025", "2025-01-01", "2025-03-01"),
        ("date_echeance", "31 décembre 2027", "30 juin 2027", "2027-12-31", "2027-06-30"),
        ("meteo", "Non renseignée", "Nuageux", "", "nuage"),
    ]
    assert (entree.avancement_fiche, entree.statut_fiche) == (Decimal("0.00"), FicheAction.Statut.A_VENIR)

    # The same change made in the app reads exactly the same in the journal.
    jumelle = FicheActionFactory(
        axe=fiche.axe, pilote=compte_pilote, date_debut=date(2025, 1, 1), date_echeance=date(2027, 12, 31)
    )
    jumelle.co_pilotes.add(compte_co_pilote)
    valeurs = {
        "pilote": compte_direction,
        "co_pilotes": [],
        "date_debut": date(2025, 3, 1),
        "date_echeance": date(2027, 6, 30),
        "meteo": Meteo.NUAGE,
    }
    vues = {
        "pilote": compte_pilote,
        "co_pilotes": [compte_co_pilote],
        "date_debut": date(2025, 1, 1),
        "date_echeance": date(2027, 12, 31),
        "meteo": "",
    }
    dans_l_application = services.mettre_a_jour_fiche(jumelle, compte_direction, valeurs=valeurs, vues=vues)
    assert lignes(dans_l_application) == lignes(entree)


def test_changer_seulement_des_textes_ou_l_ordre_n_ecrit_rien_au_journal(fiche, admin_client_):
    url, donnees = formulaire_de(admin_client_, FicheAction, fiche)
    donnees["titre"] = "Accueillir chaque jeune près de chez lui"
    donnees["resume"] = "Un accueil de proximité."
    i = index_de(donnees, etape_de(fiche, "Bilan"))
    donnees[f"etapes-{i}-libelle"] = "Bilan annuel"
    donnees[f"etapes-{i}-texte"] = "Présenter le bilan au conseil."
    donnees[f"etapes-{i}-ordre"] = 4
    enregistrer(admin_client_, url, donnees)

    url, donnees = formulaire_de(admin_client_, Etape, etape_de(fiche, "Diagnostic"))
    donnees["libelle"] = "Diagnostic territorial"
    enregistrer(admin_client_, url, donnees)

    assert FicheAction.objects.get(pk=fiche.pk).titre == "Accueillir chaque jeune près de chez lui"
    assert not EntreeJournal.objects.exists()


def test_une_ponderation_qui_deplace_l_avancement_est_journalisee_sans_changement_de_suivi(
    fiche, admin_client_
):
    diagnostic = etape_de(fiche, "Diagnostic")
    diagnostic.statut = S.REALISE
    diagnostic.save()
    fiche.recalculer()
    url, donnees = formulaire_de(admin_client_, FicheAction, fiche)
    donnees[f"etapes-{index_de(donnees, diagnostic)}-poids"] = 3

    enregistrer(admin_client_, url, donnees)

    entree = EntreeJournal.objects.get(fiche=fiche)
    assert entree.commentaire == "Pondération modifiée dans le back-office : « Diagnostic » 1 → 3."
    assert entree.etape is None
    assert not entree.changements.exists()
    # Diagnostic done with weight 3 against two steps of weight 1: 3 / 5.
    assert entree.avancement_fiche == Decimal("60.00")


def test_une_ponderation_qui_ne_change_pas_l_avancement_n_ecrit_rien(fiche, admin_client_):
    url, donnees = formulaire_de(admin_client_, Etape, etape_de(fiche, "Bilan"))
    donnees["poids"] = 5
    enregistrer(admin_client_, url, donnees)
    assert not EntreeJournal.objects.exists()


def test_retirer_une_etape_dans_le_back_office_journalise_le_nouvel_avancement(fiche, admin_client_):
    diagnostic = etape_de(fiche, "Diagnostic")
    diagnostic.statut = S.REALISE
    diagnostic.save()
    fiche.recalculer()

    reponse = admin_client_.post(url_admin(Etape, "delete", etape_de(fiche, "Bilan").pk), {"post": "yes"})

    assert reponse.status_code == 302
    entree = EntreeJournal.objects.get(fiche=fiche)
    assert entree.commentaire == "Étape retirée de la fiche dans le back-office : « Bilan »."
    assert entree.avancement_fiche == Decimal("50.00")


def test_apres_des_modifications_dans_le_back_office_le_rejeu_donne_l_avancement_reel(
    fiche, admin_client_, compte_pilote
):
    # Another fiche not started yet, whose replay is 0 % until a step joins it.
    autre = FicheActionFactory(axe=fiche.axe)
    EtapeFactory(fiche=autre, ordre=1)
    services.mettre_a_jour_etape(
        etape_de(fiche, "Diagnostic"),
        compte_pilote,
        version=1,
        valeurs={"statut": S.EN_COURS, "avancement": 20},
    )

    # A sub-step and a weight in the fiche form, and a new step done already.
    url, donnees = formulaire_de(admin_client_, FicheAction, fiche)
    i = index_de(donnees, etape_de(fiche, "Atelier A"))
    donnees[f"etapes-{i}-statut"], donnees[f"etapes-{i}-avancement"] = S.EN_COURS, 50
    donnees[f"etapes-{index_de(donnees, etape_de(fiche, 'Diagnostic'))}-poids"] = 2
    n = int(donnees["etapes-TOTAL_FORMS"])
    donnees["etapes-TOTAL_FORMS"] = n + 1
    donnees |= {
        f"etapes-{n}-fiche": fiche.pk,
        f"etapes-{n}-ordre": 4,
        f"etapes-{n}-libelle": "Restitution",
        f"etapes-{n}-statut": S.REALISE,
        f"etapes-{n}-avancement": 100,
        f"etapes-{n}-poids": 1,
    }
    enregistrer(admin_client_, url, donnees)
    assert rejeu_egal_au_direct(fiche)

    # A step blocked in its own form.
    url, donnees = formulaire_de(admin_client_, Etape, etape_de(fiche, "Bilan"))
    donnees |= {"statut": S.BLOQUE, "avancement": 10}
    enregistrer(admin_client_, url, donnees)
    assert rejeu_egal_au_direct(fiche)
    assert FicheAction.objects.get(pk=fiche.pk).statut == FicheAction.Statut.BLOQUEE

    # A step moved to another fiche changes both.
    url, donnees = formulaire_de(admin_client_, Etape, etape_de(fiche, "Restitution"))
    donnees |= {"fiche": autre.pk, "ordre": 2}
    enregistrer(admin_client_, url, donnees)
    assert FicheAction.objects.get(pk=autre.pk).avancement == Decimal("50.00")
    assert rejeu_egal_au_direct(fiche, autre)

    # Steps deleted as a batch from the list.
    reponse = admin_client_.post(
        "/admin/plan/etape/",
        {"action": "delete_selected", "_selected_action": [etape_de(fiche, "Bilan").pk], "post": "yes"},
    )
    assert reponse.status_code == 302
    assert rejeu_egal_au_direct(fiche, autre)

    fiche.refresh_from_db()
    assert fiche.avancement > 0
    assert EntreeJournal.objects.filter(fiche=fiche, changements__champ=Changement.Champ.STATUT).exists()
