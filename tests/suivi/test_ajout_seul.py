"""Append-only, for real: journal entries, their changes, measures and frozen reports cannot be
changed or erased through the ORM, a cascade or (on PostgreSQL) raw SQL."""

from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from conseil.models import Instance, RapportFige
from plan.models import Etape, FicheAction
from suivi import services
from suivi.models import Changement, EntreeJournal, Indicateur, LectureSeuleError, Mesure
from tests.suivi.conftest import etape_de


@pytest.fixture
def entree(fiche, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    return services.mettre_a_jour_etape(
        diagnostic, compte_pilote, version=diagnostic.version, valeurs={"statut": Etape.Statut.REALISE}
    )


@pytest.fixture
def mesure(fiche, compte_pilote):
    indicateur = Indicateur(libelle="Jeunes reçus", valeur_initiale=0, cible=100)
    services.ajouter_indicateur(fiche, compte_pilote, indicateur)
    mesure = Mesure(date=date(2026, 3, 31), valeur=40)
    services.ajouter_mesure(indicateur, compte_pilote, mesure)
    return mesure


def test_une_entree_ne_se_modifie_ni_ne_s_efface(entree):
    entree.commentaire = "réécrit"
    with pytest.raises(LectureSeuleError):
        entree.save()
    with pytest.raises(LectureSeuleError):
        entree.delete()
    with pytest.raises(LectureSeuleError):
        EntreeJournal.objects.filter(pk=entree.pk).update(commentaire="réécrit")
    with pytest.raises(LectureSeuleError):
        EntreeJournal.objects.filter(pk=entree.pk).delete()
    changement = entree.changements.get(champ="statut")
    with pytest.raises(LectureSeuleError):
        changement.delete()
    with pytest.raises(LectureSeuleError):
        Changement.objects.filter(entree=entree).update(apres="—")
    assert EntreeJournal.objects.get(pk=entree.pk).commentaire == ""


def test_une_fiche_ou_une_etape_suivie_ne_s_efface_pas_en_cascade(entree, fiche):
    with pytest.raises(ProtectedError):
        FicheAction.objects.filter(pk=fiche.pk).delete()
    with pytest.raises(ProtectedError):
        entree.etape.delete()
    with pytest.raises(ProtectedError):
        entree.auteur.delete()
    assert EntreeJournal.objects.filter(pk=entree.pk).exists()


def test_une_fiche_suivie_s_archive_et_garde_son_journal(entree, fiche, compte_direction):
    services.archiver_fiche(fiche, compte_direction, motif="Fusionnée avec une autre fiche.")
    assert not FicheAction.objects.du_plan(fiche.axe.plan).filter(pk=fiche.pk).exists()
    fiche.refresh_from_db()
    assert fiche.archivee_le is not None
    assert EntreeJournal.objects.filter(fiche=fiche).count() == 2
    assert "Fiche archivée" in EntreeJournal.objects.filter(fiche=fiche).first().commentaire


def test_une_mesure_fausse_se_corrige_par_une_nouvelle_qui_le_dit(mesure, compte_pilote):
    with pytest.raises(LectureSeuleError):
        Mesure.objects.filter(pk=mesure.pk).update(valeur=45)
    mesure.valeur = 45
    with pytest.raises(LectureSeuleError):
        mesure.save()
    mesure.refresh_from_db()

    entree = services.corriger_mesure(
        mesure, compte_pilote, valeur=45, motif="Erreur de saisie : 45, pas 40."
    )
    correction = Mesure.objects.get(corrige=mesure)
    assert correction.valeur == 45 and correction.date == mesure.date
    assert list(Mesure.objects.en_vigueur().filter(indicateur=mesure.indicateur)) == [correction]
    assert Mesure.objects.filter(pk=mesure.pk).exists()
    assert "Correction de la mesure" in entree.commentaire and "Erreur de saisie" in entree.commentaire
    # Replays before the correction still see the value that was recorded then.
    assert list(Mesure.objects.en_vigueur(correction.saisi_le).filter(indicateur=mesure.indicateur)) == [
        mesure
    ]
    with pytest.raises(services.ConflitDeModification):
        services.corriger_mesure(mesure, compte_pilote, valeur=46, motif="Encore")


def test_une_correction_demande_un_motif(mesure, compte_pilote):
    with pytest.raises(Exception, match="pourquoi"):
        services.corriger_mesure(mesure, compte_pilote, valeur=45, motif="  ")
    assert not Mesure.objects.filter(corrige=mesure).exists()


def test_un_rapport_fige_ne_se_modifie_ni_ne_s_efface(comptes_par_role):
    instance = Instance.objects.create(type=Instance.Type.CA, date=timezone.now() - timedelta(days=1))
    fige = instance.figer(par=comptes_par_role["direction"])
    fige.donnees = {}
    with pytest.raises(LectureSeuleError):
        fige.save()
    with pytest.raises(LectureSeuleError):
        fige.delete()
    with pytest.raises(LectureSeuleError):
        RapportFige.objects.all().delete()
    with pytest.raises(ProtectedError):
        instance.delete()
    assert RapportFige.objects.get(pk=fige.pk).donnees["instance"]["id"] == instance.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="déclencheurs PostgreSQL")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE suivi_entreejournal SET commentaire = 'x'",
        "DELETE FROM suivi_entreejournal",
        "DELETE FROM suivi_changement",
        "UPDATE suivi_mesure SET valeur = 0",
    ],
)
def test_postgresql_refuse_aussi_le_sql_brut(entree, mesure, sql):
    with (
        pytest.raises(DatabaseError, match="ajout seul"),
        transaction.atomic(),
        connection.cursor() as curseur,
    ):
        curseur.execute(sql)
    assert EntreeJournal.objects.filter(pk=entree.pk, commentaire="").exists()
