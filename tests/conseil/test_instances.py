"""Meetings: who may prepare them, marking one as held, the demonstration command and the bounded
queries of the report."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from conseil.models import Instance, RapportFige
from plan.models import FicheAction
from tests.factories import EntreeJournalFactory
from tests.plan.html import main

from .donnees import plan_suivi

# 3 of them draw the territory map of fiche 1.1 (communes, antennes, permanences); the changes of
# the entries flagged for the board are read even when none is (the same queries whatever the data).
PLAFOND_RAPPORT = 44


def saisie(date, **champs):
    return {
        "type": "ca",
        "date": timezone.localtime(date).strftime("%Y-%m-%dT%H:%M"),
        "lieu": "Salle du conseil",
        "ordre_du_jour": "Avancement du plan\nBudget",
        "statut": "preparee",
        **champs,
    }


@pytest.fixture
def instance_passee(plan_charge):
    return Instance.objects.create(
        date=timezone.now().replace(second=0, microsecond=0) - timedelta(days=3), lieu="Béthune"
    )


def test_la_liste_des_instances_s_ouvre_pour_chaque_role(
    instance_passee, client_de, compte_ca, compte_equipe
):
    for compte in (compte_ca, compte_equipe):
        reponse = client_de(compte).get("/instances/")
        assert reponse.status_code == 200
        assert f"/instances/{instance_passee.pk}/rapport.pdf" in reponse.content.decode()


def test_le_conseil_ne_voit_ni_bouton_ni_lien_de_modification(instance_passee, client_de, compte_ca):
    client = client_de(compte_ca)
    for url in ("/instances/", f"/instances/{instance_passee.pk}/rapport/"):
        page = main(client.get(url))
        libelles = [e.texte().lower() for e in page.tous("a") + page.tous("button")]
        assert not [t for t in libelles if "modifier" in t or "préparer" in t or "tenue" in t], url


@pytest.mark.parametrize("compte", ["compte_ca", "compte_equipe"])
def test_seules_la_direction_et_l_administration_preparent_et_tiennent_les_instances(
    instance_passee, client_de, compte, request
):
    client = client_de(request.getfixturevalue(compte))
    pk = instance_passee.pk

    assert client.get("/instances/nouvelle/").status_code == 403
    assert client.post("/instances/nouvelle/", saisie(timezone.now())).status_code == 403
    assert client.get(f"/instances/{pk}/modifier/").status_code == 403
    assert client.post(f"/instances/{pk}/modifier/", saisie(instance_passee.date)).status_code == 403
    assert client.post(f"/instances/{pk}/tenir/").status_code == 403
    assert Instance.objects.count() == 1
    assert not RapportFige.objects.exists()


def test_la_direction_prepare_une_instance(plan_charge, client_de, compte_direction):
    date = timezone.now().replace(second=0, microsecond=0) + timedelta(days=20)

    reponse = client_de(compte_direction).post("/instances/nouvelle/", saisie(date))

    assert reponse.status_code == 302
    instance = Instance.objects.get()
    assert (instance.date, instance.lieu, instance.statut) == (date, "Salle du conseil", "preparee")


def test_le_formulaire_refuse_une_instance_tenue_avant_sa_date_avec_un_message_en_francais(
    plan_charge, client_de, compte_direction
):
    reponse = client_de(compte_direction).post(
        "/instances/nouvelle/", saisie(timezone.now() + timedelta(days=5), statut="tenue")
    )

    assert reponse.status_code == 200
    assert "Une instance ne peut pas être marquée tenue avant sa date." in reponse.content.decode()
    assert not Instance.objects.exists()


def test_le_formulaire_refuse_deux_instances_du_meme_type_a_la_meme_heure(
    instance_passee, client_de, compte_admin
):
    reponse = client_de(compte_admin).post("/instances/nouvelle/", saisie(instance_passee.date))

    assert reponse.status_code == 200
    assert "Une instance de ce type est déjà prévue à cette date et heure." in reponse.content.decode()


def test_marquer_une_instance_tenue_fige_son_rapport(instance_passee, client_de, compte_direction):
    client = client_de(compte_direction)
    assert "définitive" in client.get(f"/instances/{instance_passee.pk}/tenir/").content.decode()

    reponse = client.post(f"/instances/{instance_passee.pk}/tenir/")

    assert reponse.status_code == 302
    instance_passee.refresh_from_db()
    assert instance_passee.est_tenue
    fige = instance_passee.rapport_fige
    assert fige.fige_par == compte_direction
    assert fige.arrete_au == instance_passee.date
    assert fige.donnees["etat"]["plan"]["titre"] == instance_passee.rapport().plan_titre


def test_passer_le_statut_a_tenue_dans_le_formulaire_fige_aussi_le_rapport(
    instance_passee, client_de, compte_direction
):
    client_de(compte_direction).post(
        f"/instances/{instance_passee.pk}/modifier/", saisie(instance_passee.date, statut="tenue")
    )

    assert RapportFige.objects.filter(instance=instance_passee).exists()


def test_une_instance_tenue_ne_change_plus_de_date_ni_de_statut(instance_passee, client_de, compte_direction):
    instance_passee.figer()
    nouvelle_date = instance_passee.date - timedelta(days=30)

    client_de(compte_direction).post(
        f"/instances/{instance_passee.pk}/modifier/",
        saisie(nouvelle_date, statut="preparee", lieu="Autre salle"),
    )

    instance_passee.refresh_from_db()
    assert instance_passee.est_tenue and instance_passee.date != nouvelle_date
    assert instance_passee.lieu == "Autre salle"


def test_une_instance_a_venir_ne_peut_pas_etre_tenue(plan_charge, client_de, compte_direction):
    future = Instance.objects.create(date=timezone.now() + timedelta(days=3))

    client_de(compte_direction).post(f"/instances/{future.pk}/tenir/")

    future.refresh_from_db()
    assert not future.est_tenue


def test_figer_deux_fois_ne_change_rien(instance_passee):
    premier = instance_passee.figer()
    fiche = FicheAction.objects.get(code="1.1")
    EntreeJournalFactory(fiche=fiche, cree_le=instance_passee.date - timedelta(days=1), avancement_fiche=80)

    second = instance_passee.figer()

    assert premier.pk == second.pk
    assert second.donnees == premier.donnees
    assert RapportFige.objects.count() == 1


@pytest.mark.usefixtures("contexte_des_reponses")
@pytest.mark.parametrize("suivi_d_un_an", [1, 20], indirect=True)
def test_le_rapport_reste_sous_son_plafond_de_requetes_a_1x_et_20x(
    suivi_d_un_an, client_de, compte_ca, django_assert_max_num_queries
):
    fois = suivi_d_un_an
    maintenant = timezone.now()
    # One previous meeting replayed from the journal (not frozen), the next one to prepare.
    Instance.objects.create(date=maintenant - timedelta(days=120))
    prochaine = Instance.objects.create(date=maintenant + timedelta(days=10))
    client = client_de(compte_ca)

    with django_assert_max_num_queries(PLAFOND_RAPPORT):
        reponse = client.get(f"/instances/{prochaine.pk}/rapport/")

    assert reponse.status_code == 200
    rapport = reponse.context["rapport"]
    assert len(rapport.fiches) == 11 * fois
    assert rapport.nb_entrees > 11 * fois
    assert len(rapport.activite_par_fiche) == 11 * fois


def test_la_commande_de_demonstration_refuse_de_tourner_en_production(plan_charge):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("charger_demo_instances", stdout=io.StringIO())


def test_la_commande_de_demonstration_cree_des_ca_tenus_et_le_prochain_a_preparer(plan_charge):
    with override_settings(DEBUG=True):
        call_command("charger_demo_instances", stdout=io.StringIO())
        nombre = Instance.objects.count()
        call_command("charger_demo_instances", stdout=io.StringIO())

    assert Instance.objects.count() == nombre  # idempotent
    maintenant = timezone.now()
    passes = Instance.objects.filter(type="ca", date__lt=maintenant)
    assert passes.exists()
    assert all(i.est_tenue and RapportFige.objects.filter(instance=i).exists() for i in passes)
    [prochain] = Instance.objects.filter(type="ca", date__gt=maintenant)
    assert prochain.statut == "preparee"
    assert all("(démonstration)" in i.lieu for i in Instance.objects.all())


def test_marquer_tenue_dans_le_back_office_fige_aussi_le_rapport(instance_passee, client_de, compte_admin):
    client = client_de(compte_admin)
    moment = timezone.localtime(instance_passee.date)
    donnees = saisie(instance_passee.date, statut="tenue") | {
        # The back-office splits date and time in two fields.
        "date_0": f"{moment:%d/%m/%Y}",
        "date_1": f"{moment:%H:%M:%S}",
        # The inline of the frozen report (shown once frozen) needs its management form.
        "rapport_fige-TOTAL_FORMS": "0",
        "rapport_fige-INITIAL_FORMS": "0",
        "rapport_fige-MIN_NUM_FORMS": "0",
        "rapport_fige-MAX_NUM_FORMS": "0",
    }

    reponse = client.post(f"/admin/conseil/instance/{instance_passee.pk}/change/", donnees)

    assert reponse.status_code == 302
    assert RapportFige.objects.filter(instance=instance_passee).exists()
    # The frozen figures are read-only in the back-office.
    fige = RapportFige.objects.get()
    assert client.get(f"/admin/conseil/rapportfige/{fige.pk}/change/").status_code == 200
    assert client.post(f"/admin/conseil/rapportfige/{fige.pk}/change/", {}).status_code == 403


def test_le_tableau_de_bord_et_le_rapport_ont_une_feuille_d_impression(instance_passee, client_de, compte_ca):
    client = client_de(compte_ca)
    lien = '<link rel="stylesheet" href="/static/css/impression.css" media="print">'

    for url in ("/", "/plan/fiches/", f"/instances/{instance_passee.pk}/rapport/"):
        assert lien in client.get(url).content.decode(), url


@pytest.mark.usefixtures("contexte_des_reponses")
def test_le_rapport_fige_est_rendu_une_fois_puis_servi_tel_quel(instance_passee, client_de, compte_ca):
    instance_passee.figer()
    client = client_de(compte_ca)
    url = f"/instances/{instance_passee.pk}/rapport/"

    def corps_rendu(reponse):
        return "conseil/includes/_rapport.html" in [t.name for t in reponse.templates]

    premiere = client.get(url)
    seconde = client.get(url)

    assert corps_rendu(premiere) and not corps_rendu(seconde)
    # The page around it still changes per request (nonce of the content security policy).
    assert seconde.context["corps"] == premiere.context["corps"]
    assert premiere.context["corps"] in seconde.content.decode()
    assert "Journal de la période" in seconde.context["corps"]


def test_le_pdf_d_un_rapport_fige_est_produit_une_fois(instance_passee, client_de, compte_ca, monkeypatch):
    from conseil import documents

    instance_passee.figer()
    appels = []
    en_pdf = documents.en_pdf

    def espion(html, base_url):
        appels.append(html)
        return en_pdf(html, base_url)

    monkeypatch.setattr(documents, "en_pdf", espion)
    client = client_de(compte_ca)
    url = f"/instances/{instance_passee.pk}/rapport.pdf"

    premier, second = client.get(url), client.get(url)

    assert premier.getvalue().startswith(b"%PDF") and second.getvalue() == premier.getvalue()
    assert len(appels) == 1


@pytest.mark.usefixtures("contexte_des_reponses")
def test_le_rapport_provisoire_est_reutilise_tant_que_le_suivi_ne_change_pas(
    db, client_de, compte_ca, compte_direction, django_assert_max_num_queries
):
    plan_suivi(nb_fiches=3, annees=1)
    maintenant = timezone.now()
    prochaine = Instance.objects.create(date=maintenant + timedelta(days=10))
    client = client_de(compte_ca)
    premier = client.get(f"/instances/{prochaine.pk}/rapport/").context["rapport"]

    # Nothing changed: the figures computed for the first reading are served again, cheaply.
    with django_assert_max_num_queries(16):
        second = client.get(f"/instances/{prochaine.pk}/rapport/").context["rapport"]
    assert second.arrete_au == premier.arrete_au

    # A new journal entry changes the follow-up state: the report is computed afresh.
    fiche = FicheAction.objects.order_by("pk").first()
    EntreeJournalFactory(fiche=fiche, auteur=compte_direction, commentaire="Nouvelle étape franchie")
    troisieme = client.get(f"/instances/{prochaine.pk}/rapport/").context["rapport"]
    assert troisieme.arrete_au > premier.arrete_au
