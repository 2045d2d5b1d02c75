"""Indicators computed from the application's own data: declared by an app, measured by a command
and when a meeting is held, shown on their fiche and in the report like typed ones."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from antennes.models import Antenne, Commune, Permanence
from conseil.models import Instance
from partenaires.models import Partenaire
from suivi import indicateurs
from suivi.models import EntreeJournal, Indicateur, Mesure
from tests.plan.html import main

POPULATION = "territoire-population-a-10-km"
CONTACTS = "partenaires-avec-contact"


def mesurer():
    sortie = io.StringIO()
    call_command("mesurer_indicateurs", stdout=sortie)
    return sortie.getvalue()


def valeur(code):
    return (
        Mesure.objects.en_vigueur()
        .filter(indicateur__code=code)
        .order_by("-date", "-saisi_le")
        .first()
        .valeur
    )


def test_les_applications_declarent_leurs_indicateurs_calcules():
    assert {POPULATION, CONTACTS} <= set(indicateurs.REGISTRE)
    assert indicateurs.REGISTRE[POPULATION].fiche == "1.1"
    assert indicateurs.REGISTRE[CONTACTS].fiche == "3.1"


def test_la_commande_cree_l_indicateur_au_journal_puis_enregistre_la_mesure_du_jour(plan_charge):
    sortie = mesurer()
    assert "Part des partenaires ayant une personne contact : 0 %" in sortie
    contacts = Indicateur.objects.get(code=CONTACTS)
    assert contacts.fiche.code == "3.1" and contacts.est_calcule
    mesure = Mesure.objects.get(indicateur=contacts)
    assert (mesure.date, mesure.valeur, mesure.saisi_par) == (timezone.localdate(), Decimal("0.00"), None)
    assert mesure.nom_saisi_par == "Calcul automatique"
    # Other apps declare indicators of fiche 3.1 too: the entry that created this one.
    (entree,) = EntreeJournal.objects.filter(fiche=contacts.fiche, commentaire__contains=contacts.libelle)
    assert entree.origine == EntreeJournal.Origine.COMMANDE and entree.auteur is None
    assert "Nouvel indicateur « Part des partenaires ayant une personne contact »" in entree.commentaire
    assert "Calculé automatiquement" in entree.commentaire


def test_une_entree_par_fiche_nomme_chacun_des_indicateurs_qu_elle_gagne(plan_charge):
    mesurer()
    for code_fiche in {declaration.fiche for declaration in indicateurs.REGISTRE.values()}:
        (entree,) = EntreeJournal.objects.filter(fiche__code=code_fiche, commentaire__contains="Nouvel")
        assert entree.commentaire.count("Nouvel indicateur « ") == len(indicateurs.pour_fiche(code_fiche))
        for declaration in indicateurs.pour_fiche(code_fiche):
            assert f"Nouvel indicateur « {declaration.libelle} »" in entree.commentaire


def test_un_indicateur_saisi_du_meme_nom_qu_un_calcule_est_signale_sans_rien_creer(plan_charge):
    """Such a name is refused when typed (next test); one already in the base, written before that
    rule, is reported when the computed indicator comes to be created, and nothing is half-saved."""
    from django.core.exceptions import ValidationError

    from plan.models import FicheAction

    declaration = indicateurs.REGISTRE[CONTACTS]
    fiche = FicheAction.objects.get(code=declaration.fiche)
    Indicateur.objects.create(fiche=fiche, libelle=declaration.libelle, valeur_initiale=0, cible=10)
    journal = EntreeJournal.objects.count()
    with pytest.raises(ValidationError, match="Cette fiche a déjà un indicateur de ce nom."):
        indicateurs.mesurer_les_indicateurs()
    assert Indicateur.objects.calcules().count() == 0
    assert (Mesure.objects.count(), EntreeJournal.objects.count()) == (0, journal)


def test_le_nom_d_un_indicateur_calcule_est_refuse_a_la_saisie_et_l_instance_se_tient(
    comptes_par_role, client_de
):
    """Typed before the computed one exists, that name would stop it from being created when the
    next meeting is held (see the test above): the form and the service refuse it, whatever its case."""
    from django.core.exceptions import ValidationError

    from plan.models import FicheAction
    from suivi import services

    declaration = indicateurs.REGISTRE[POPULATION]
    pilote = comptes_par_role["pilote"]
    donnees = {
        "indicateur-libelle": f"  {declaration.libelle.upper()} ",
        "indicateur-sens": "augmenter",
        "indicateur-valeur_initiale": "0",
        "indicateur-cible": "20",
    }
    reponse = client_de(pilote).post(f"/plan/fiches/{declaration.fiche}/indicateurs/", donnees)
    message = "est le nom d'un indicateur que l'application calcule pour cette fiche"
    # Next to the name field, not above the form.
    assert message in main(reponse).un(id_="error_1_id_indicateur-libelle").texte()
    fiche = FicheAction.objects.get(code=declaration.fiche)
    with pytest.raises(ValidationError, match=message):
        services.ajouter_indicateur(
            fiche, pilote, Indicateur(libelle=declaration.libelle, valeur_initiale=0, cible=20)
        )
    assert not Indicateur.objects.exists()

    instance = Instance.objects.create(type=Instance.Type.CA, date=timezone.now() - timedelta(hours=1))
    instance.figer(par=comptes_par_role["direction"])
    assert Indicateur.objects.get(code=POPULATION).libelle == declaration.libelle


def test_relancee_le_meme_jour_sans_changement_la_commande_n_ecrit_rien(plan_charge):
    mesurer()
    nombre = Mesure.objects.count(), EntreeJournal.objects.count()
    assert "déjà enregistrée aujourd'hui" in mesurer()
    assert (Mesure.objects.count(), EntreeJournal.objects.count()) == nombre


def test_une_valeur_qui_change_dans_la_journee_est_corrigee_pas_ecrasee(plan_charge):
    mesurer()
    Partenaire.objects.filter(nom="SPIP").update(contact_nom="Camille Exemple")
    mesurer()
    assert valeur(CONTACTS) == Decimal("11.11")  # 1 of the 9 diagnostic partners
    assert Mesure.objects.filter(indicateur__code=CONTACTS).count() == 2
    assert Mesure.objects.filter(indicateur__code=CONTACTS, corrige__isnull=False).count() == 1


def test_les_mesures_du_jour_s_ecrivent_en_un_nombre_de_requetes_fixe(
    plan_charge, django_assert_max_num_queries
):
    """However many indicators the apps declare: one lock of their fiches, one read, one insert."""
    from suivi import services

    lignes = indicateurs.synchroniser()
    assert len(lignes) > 20
    jour = timezone.localdate()
    with django_assert_max_num_queries(5):
        premieres = services.enregistrer_mesures_calculees(jour, [(i, Decimal(1)) for i in lignes.values()])
    with django_assert_max_num_queries(5):
        corrections = services.enregistrer_mesures_calculees(jour, [(i, Decimal(2)) for i in lignes.values()])
    assert len(premieres) == len(corrections) == len(lignes)
    assert {m.corrige_id for m in corrections} == {m.pk for m in premieres}
    assert services.enregistrer_mesures_calculees(jour, [(i, Decimal(2)) for i in lignes.values()]) == []


def test_la_part_de_population_proche_suit_les_lieux_d_accueil(plan_charge):
    mesurer()
    avant = valeur(POPULATION)
    assert Decimal(0) < avant < Decimal(100)
    siege = Antenne.objects.get(est_siege=True)
    # The commune farthest north of the arrondissement, well beyond 10 km from Béthune.
    lointaine = Commune.objects.exclude(pk=siege.commune_id).order_by("-latitude").first()
    Permanence.objects.create(lieu="Mairie (essai)", commune=lointaine, antenne=siege)
    mesurer()
    assert valeur(POPULATION) > avant


def test_tenir_une_instance_mesure_les_indicateurs_et_les_fige_dans_le_rapport(comptes_par_role):
    instance = Instance.objects.create(type=Instance.Type.CA, date=timezone.now() - timedelta(hours=1))
    fige = instance.figer(par=comptes_par_role["direction"])
    fiche = next(f for f in fige.donnees["etat"]["fiches"] if f["code"] == "3.1")
    (ligne,) = [
        i for i in fiche["indicateurs"] if i["libelle"] == "Part des partenaires ayant une personne contact"
    ]
    assert ligne["calcule"] is True
    # Dated the day the figures are taken (the meeting's), not the day the test runs: an hour
    # before midnight they differ.
    assert ligne["mesures"] == [[timezone.localdate(fige.arrete_au).isoformat(), "0.00"]]


def test_un_indicateur_calcule_s_affiche_sur_sa_fiche_sans_formulaire_de_saisie(comptes_par_role, client_de):
    mesurer()
    page = client_de(comptes_par_role["direction"]).get("/plan/fiches/3.1/").content.decode()
    assert "Part des partenaires ayant une personne contact" in page
    assert "Calculé automatiquement" in page
    contacts = Indicateur.objects.get(code=CONTACTS)
    assert f'id="mesure-{contacts.pk}-valeur"' not in page


def test_on_ne_saisit_pas_a_la_main_une_mesure_d_indicateur_calcule(comptes_par_role, client_de):
    mesurer()
    contacts = Indicateur.objects.get(code=CONTACTS)
    reponse = client_de(comptes_par_role["direction"]).post(
        f"/plan/fiches/3.1/indicateurs/{contacts.pk}/mesures/",
        {f"mesure-{contacts.pk}-date": "2026-01-01", f"mesure-{contacts.pk}-valeur": "99"},
    )
    assert reponse.status_code == 404
    assert Mesure.objects.filter(indicateur=contacts).count() == 1


def test_une_declaration_dont_la_fiche_n_existe_pas_est_ignoree(plan_charge, monkeypatch):
    monkeypatch.setitem(
        indicateurs.REGISTRE,
        "essai",
        indicateurs.IndicateurCalcule(code="essai", fiche="9.9", libelle="Essai", calcul=lambda jour: 1),
    )
    sortie = mesurer()
    assert "indicateur(s) calculé(s) mesuré(s)" in sortie and "Essai" not in sortie
    assert not Indicateur.objects.filter(code="essai").exists()
