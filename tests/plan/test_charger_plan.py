"""`charger_plan` loads the reference data, is idempotent and never loses what staff recorded."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management import call_command

from antennes.models import Antenne, Commune, Permanence
from partenaires.models import ChampIntervention, Partenaire
from plan.models import (
    Axe,
    Enjeu,
    Etape,
    FicheAction,
    Meteo,
    Objectif,
    Organisation,
    Plan,
    Pratique,
    Valeur,
)
from suivi.models import EntreeJournal
from tests.factories import EntreeJournalFactory, UserFactory

MODELES = [
    Plan,
    Enjeu,
    Axe,
    FicheAction,
    FicheAction.enjeux.through,
    Objectif,
    Etape,
    Valeur,
    Pratique,
    Organisation,
    Commune,
    Antenne,
    ChampIntervention,
    Partenaire,
    Partenaire.champs.through,
]
HISTORISES = [Plan, Axe, FicheAction, Objectif, Etape, Valeur]


def charger():
    sortie = io.StringIO()
    call_command("charger_plan", stdout=sortie)
    return sortie.getvalue()


def comptes():
    return {modele._meta.label: modele.objects.count() for modele in MODELES}


def comptes_historiques():
    return {modele._meta.label: modele.history.count() for modele in HISTORISES}


def test_le_chargement_annonce_ce_qu_il_a_fait_en_francais(db):
    sortie = charger()
    assert "Plan et données de référence chargés." in sortie
    assert "fiches-actions : 11 créés" in sortie
    assert "communes : 104 créés" in sortie


def test_un_second_chargement_ne_duplique_rien_et_n_ecrit_aucun_historique(db):
    charger()
    avant, historique_avant = comptes(), comptes_historiques()
    sortie = charger()
    assert comptes() == avant
    assert comptes_historiques() == historique_avant
    assert "modifiés" not in sortie and "créés" not in sortie
    assert avant == {
        "plan.Plan": 1,
        "plan.Enjeu": 6,
        "plan.Axe": 4,
        "plan.FicheAction": 11,
        "plan.FicheAction_enjeux": 25,
        "plan.Objectif": 32,
        "plan.Etape": 52,  # 43 steps and 9 sub-steps
        "plan.Valeur": 10,
        "plan.Pratique": 44,
        "plan.Organisation": 1,
        "antennes.Commune": 104,
        "antennes.Antenne": 1,
        "partenaires.ChampIntervention": 9,
        "partenaires.Partenaire": 9,
        "partenaires.Partenaire_champs": 9,
    }


def test_un_rechargement_conserve_tout_le_suivi_saisi_par_l_equipe(plan_charge):
    pilote, co_pilote, responsable = UserFactory(), UserFactory(), UserFactory()
    fiche = FicheAction.objects.get(code="1.2")
    fiche.pilote = pilote
    fiche.date_debut = date(2025, 1, 6)
    fiche.date_echeance = date(2026, 11, 26)
    fiche.meteo = Meteo.NUAGE
    fiche.frequence_revue_jours = 15
    fiche.derniere_revue = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
    fiche.decision_attendue = "Valider le recrutement d'un responsable d'antenne."
    fiche.save()
    fiche.co_pilotes.add(co_pilote)

    premiere, deuxieme, _ = fiche.etapes.filter(parent=None).order_by("ordre")
    premiere.statut, premiere.avancement, premiere.responsable = Etape.Statut.EN_COURS, 40, responsable
    premiere.date_echeance = date(2026, 6, 30)
    premiere.save()
    deuxieme.statut = Etape.Statut.REALISE
    deuxieme.save()
    # A step that is not in the fixtures and carries follow-up: a reload leaves it and says so.
    ajoutee = Etape.objects.create(
        fiche=fiche, ordre=4, cle="ajoutee", texte="Étape ajoutée en cours de route.", responsable=responsable
    )
    fiche.recalculer()
    entree = EntreeJournalFactory(fiche=fiche, etape=premiere, commentaire="Réunion avec les antennes.")

    adice = Partenaire.objects.get(nom="Adice")
    adice.contact_nom, adice.contact_fonction = "Camille Martin", "Chargée de mobilité"
    adice.contact_email, adice.contact_telephone = "camille.martin@exemple.invalid", "03 21 00 00 00"
    adice.commune = Commune.objects.get(code_insee="62119")
    adice.save()
    siege = Antenne.objects.get(est_siege=True)
    siege.telephone, siege.horaires = "03 21 61 30 20", "Du lundi au vendredi, de 8 h 30 à 17 h."
    siege.save()
    Permanence.objects.create(
        lieu="Mairie de Beuvry", commune=Commune.objects.get(nom="Beuvry"), antenne=siege
    )
    avancement, statut = FicheAction.objects.get(pk=fiche.pk).avancement, fiche.statut

    sortie = charger()
    assert "NON appliqués" in sortie and "Étape ajoutée en cours de route" in sortie

    fiche = FicheAction.objects.get(pk=fiche.pk)
    assert fiche.pilote == pilote
    assert list(fiche.co_pilotes.all()) == [co_pilote]
    assert (fiche.date_debut, fiche.date_echeance) == (date(2025, 1, 6), date(2026, 11, 26))
    assert fiche.meteo == Meteo.NUAGE
    assert fiche.frequence_revue_jours == 15
    assert fiche.derniere_revue == datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert fiche.decision_attendue == "Valider le recrutement d'un responsable d'antenne."
    assert (
        (fiche.avancement, fiche.statut)
        == (avancement, statut)
        == (Decimal("35.00"), FicheAction.Statut.EN_COURS)
    )

    premiere.refresh_from_db()
    assert (premiere.statut, premiere.avancement, premiere.responsable) == (
        Etape.Statut.EN_COURS,
        40,
        responsable,
    )
    assert premiere.date_echeance == date(2026, 6, 30)
    deuxieme.refresh_from_db()
    assert (deuxieme.statut, deuxieme.avancement) == (Etape.Statut.REALISE, 100)
    assert Etape.objects.filter(pk=ajoutee.pk).exists()
    assert EntreeJournal.objects.filter(pk=entree.pk, etape=premiere).exists()

    adice.refresh_from_db()
    assert (adice.contact_nom, adice.contact_fonction) == ("Camille Martin", "Chargée de mobilité")
    assert (adice.contact_email, adice.contact_telephone) == (
        "camille.martin@exemple.invalid",
        "03 21 00 00 00",
    )
    assert adice.commune.code_insee == "62119"
    siege.refresh_from_db()
    assert (siege.telephone, siege.horaires) == ("03 21 61 30 20", "Du lundi au vendredi, de 8 h 30 à 17 h.")
    assert siege.permanences.count() == 1


def test_un_rechargement_ne_compte_pas_deux_fois_les_etapes_deja_versionnees(plan_charge):
    etape = Etape.objects.get(fiche__code="3.1", ordre=1, parent=None)
    etape.statut, etape.avancement, etape.version = Etape.Statut.EN_COURS, 60, 3
    etape.save()
    charger()
    etape.refresh_from_db()
    assert (etape.statut, etape.avancement, etape.version) == (Etape.Statut.EN_COURS, 60, 3)


def test_un_rechargement_restaure_le_texte_adopte_modifie_en_base(plan_charge):
    fiche = FicheAction.objects.get(code="1.1")
    titre = fiche.titre
    FicheAction.objects.filter(pk=fiche.pk).update(titre="Titre réécrit par erreur")
    objectif = fiche.objectifs.get(ordre=2)
    texte_objectif = objectif.texte
    Objectif.objects.filter(pk=objectif.pk).update(texte="Objectif raccourci")
    fiche.enjeux.remove(Enjeu.objects.get(code="accueillir-informer"))
    Axe.objects.filter(numero=2).update(description="")

    sortie = charger()

    fiche.refresh_from_db()
    assert fiche.titre == titre == "Réfléchir à une optimisation de notre implantation géographique"
    assert Objectif.objects.get(pk=objectif.pk).texte == texte_objectif
    assert fiche.enjeux.filter(code="accueillir-informer").exists()
    assert Axe.objects.get(numero=2).description.startswith("Cet axe rassemble les actions")
    assert "fiches-actions : 1 modifiés" in sortie
    assert "objectifs : 1 modifiés" in sortie


def test_un_plan_deja_en_vigueur_le_reste_apres_rechargement(plan_charge):
    suivant = Plan.objects.create(titre="Projet 2030-2035", annee_debut=2030, annee_fin=2035)
    Plan.objects.update(est_en_vigueur=False)
    Plan.objects.filter(pk=suivant.pk).update(est_en_vigueur=True)
    charger()
    assert Plan.objects.en_vigueur() == suivant
    assert Plan.objects.filter(est_en_vigueur=True).count() == 1


# Structure edited in the fixtures: steps are matched on their `cle`, never on their position ---------


def fixture_modifiee(monkeypatch, modifier):
    """charger_plan reading the plan fixture as `modifier(fiche 1.2's data)` leaves it."""
    from plan import chargement
    from suivi.management.commands import charger_plan

    vraie = chargement.lire

    def lire(nom):
        donnees = vraie(nom)
        if nom == "plan_2024_2029.json":
            fiche = next(
                f for a in donnees["axes"] if a["numero"] == 1 for f in a["fiches"] if f["numero"] == 2
            )
            modifier(fiche)
        return donnees

    monkeypatch.setattr(charger_plan, "lire", lire)


def charger_avec(*options):
    sortie = io.StringIO()
    call_command("charger_plan", *options, stdout=sortie)
    return sortie.getvalue()


def suivre_la_premiere_etape(pilote):
    from suivi import services

    premiere = Etape.objects.get(fiche__code="1.2", ordre=1, parent=None)
    services.mettre_a_jour_etape(
        premiere, pilote, version=premiere.version, valeurs={"statut": Etape.Statut.REALISE}
    )
    return premiere


def test_des_etapes_reordonnees_gardent_leur_suivi_sous_leur_texte(plan_charge, monkeypatch):
    premiere = suivre_la_premiere_etape(UserFactory())
    fixture_modifiee(monkeypatch, lambda f: f["etapes"].reverse())

    sortie = charger_avec()
    premiere.refresh_from_db()
    assert premiere.ordre == 1 and premiere.statut == Etape.Statut.REALISE
    assert "NON appliqués" in sortie and "déplacée (position 3)" in sortie

    entrees = EntreeJournal.objects.filter(fiche__code="1.2").count()
    sortie = charger_avec("--appliquer-structure")
    premiere.refresh_from_db()
    assert (premiere.ordre, premiere.statut, premiere.avancement) == (3, Etape.Statut.REALISE, 100)
    assert premiere.texte.startswith("Déployer une offre de services homogène")
    fiche = FicheAction.objects.get(code="1.2")
    assert fiche.avancement == Decimal("33.33")
    derniere = EntreeJournal.objects.filter(fiche=fiche).first()
    assert EntreeJournal.objects.filter(fiche=fiche).count() == entrees + 1
    assert "réordonnées" in derniere.commentaire and derniere.origine == EntreeJournal.Origine.COMMANDE
    assert "Structure : fiche 1.2" in sortie


def test_une_etape_suivie_retiree_des_fixtures_n_est_abandonnee_qu_avec_l_option(plan_charge, monkeypatch):
    premiere = suivre_la_premiere_etape(UserFactory())
    fixture_modifiee(monkeypatch, lambda f: f["etapes"].pop(0))
    assert FicheAction.objects.get(code="1.2").avancement == Decimal("33.33")

    assert "retirée des fixtures" in charger_avec()
    premiere.refresh_from_db()
    assert premiere.statut == Etape.Statut.REALISE

    charger_avec("--appliquer-structure")
    premiere.refresh_from_db()
    fiche = FicheAction.objects.get(code="1.2")
    # Kept with its history, out of the plan's count: no silent drop, the journal says it.
    assert premiere.statut == Etape.Statut.ABANDONNE
    assert fiche.avancement == Decimal("0.00")
    assert EntreeJournal.objects.filter(fiche=fiche).first().avancement_fiche == fiche.avancement
    assert EntreeJournal.objects.filter(fiche=fiche, commentaire__contains="retirée du plan").exists()
    assert list(fiche.etapes.filter(parent=None).order_by("ordre").values_list("ordre", flat=True)) == [
        1,
        2,
        501,
    ]


def test_une_etape_ajoutee_aux_fixtures_est_creee_et_inscrite_au_journal(plan_charge, monkeypatch):
    suivre_la_premiere_etape(UserFactory())
    nouvelle = {
        "cle": "evaluer-offre",
        "libelle": "",
        "texte": "Évaluer l'offre déployée.",
        "sous_etapes": [],
    }
    fixture_modifiee(monkeypatch, lambda f: f["etapes"].append(nouvelle))

    charger_avec()
    fiche = FicheAction.objects.get(code="1.2")
    assert fiche.etapes.get(cle="evaluer-offre").ordre == 4
    assert fiche.avancement == Decimal("25.00")
    derniere = EntreeJournal.objects.filter(fiche=fiche).first()
    assert derniere.avancement_fiche == Decimal("25.00") and "ajoutée" in derniere.commentaire
    # Loaded again, nothing changes and nothing more is written.
    nombre = EntreeJournal.objects.count()
    charger_avec()
    assert EntreeJournal.objects.count() == nombre


def test_une_etape_sans_suivi_retiree_des_fixtures_disparait_et_le_journal_le_dit(plan_charge, monkeypatch):
    suivre_la_premiere_etape(UserFactory())
    fixture_modifiee(monkeypatch, lambda f: f["etapes"].pop())
    charger_avec()
    fiche = FicheAction.objects.get(code="1.2")
    assert fiche.etapes.count() == 2
    assert fiche.avancement == Decimal("50.00")
    assert "retirée du plan" in EntreeJournal.objects.filter(fiche=fiche).first().commentaire
