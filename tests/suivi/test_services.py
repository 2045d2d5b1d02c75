"""The write path: each change saves the step, recomputes the fiche and writes the journal, atomically."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plan.models import Etape, FicheAction, Meteo
from suivi import services
from suivi.models import Changement, EntreeJournal, Indicateur, LectureSeuleError, Mesure
from tests.suivi.conftest import etape_de, pdf

S = Etape.Statut


def mettre_a_jour(etape, auteur, **valeurs):
    commentaire = valeurs.pop("commentaire", "")
    return services.mettre_a_jour_etape(
        etape, auteur, version=etape.version, valeurs=valeurs, commentaire=commentaire
    )


def test_mettre_a_jour_une_etape_recalcule_la_fiche_et_ecrit_le_journal(fiche, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    entree = mettre_a_jour(
        diagnostic, compte_pilote, statut=S.EN_COURS, avancement=60, commentaire="Bien parti"
    )

    diagnostic.refresh_from_db()
    fiche.refresh_from_db()
    assert (diagnostic.statut, diagnostic.avancement, diagnostic.version) == (S.EN_COURS, 60, 2)
    assert fiche.avancement == Decimal("20.00")
    assert fiche.statut == FicheAction.Statut.EN_COURS
    assert entree.type == EntreeJournal.Type.MODIFICATION
    assert (entree.fiche, entree.etape, entree.auteur) == (fiche, diagnostic, compte_pilote)
    assert entree.commentaire == "Bien parti"
    assert (entree.avancement_fiche, entree.statut_fiche) == (Decimal("20.00"), FicheAction.Statut.EN_COURS)
    changements = {c.champ: c for c in entree.changements.all()}
    assert (changements["statut"].avant, changements["statut"].apres) == ("À venir", "En cours")
    assert (changements["statut"].avant_brut, changements["statut"].apres_brut) == ("a_venir", "en_cours")
    assert (changements["avancement"].avant, changements["avancement"].apres) == ("0\u202f%", "60\u202f%")
    assert (changements["avancement"].avant_brut, changements["avancement"].apres_brut) == ("0", "60")


def test_une_mise_a_jour_marque_la_fiche_comme_revue(fiche, compte_pilote):
    mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_pilote, statut=S.EN_COURS, avancement=10)
    fiche.refresh_from_db()
    assert timezone.now() - fiche.derniere_revue < timedelta(minutes=1)
    assert not fiche.est_a_revoir


def test_realise_force_cent_pour_cent_dans_le_journal(fiche, compte_pilote):
    entree = mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_pilote, statut=S.REALISE, avancement=20)
    assert entree.changements.get(champ="avancement").apres_brut == "100"


def test_une_sous_etape_met_a_jour_son_etape_parente(fiche, compte_pilote):
    mettre_a_jour(etape_de(fiche, "Atelier A"), compte_pilote, statut=S.REALISE)
    mettre_a_jour(etape_de(fiche, "Atelier B"), compte_pilote, statut=S.EN_COURS, avancement=50)
    ateliers = etape_de(fiche, "Ateliers")
    fiche.refresh_from_db()
    assert (ateliers.statut, ateliers.avancement) == (S.EN_COURS, 75)
    assert fiche.avancement == Decimal("25.00")


def test_le_responsable_et_l_echeance_d_une_etape_sont_journalises(fiche, compte_pilote, compte_equipe):
    entree = mettre_a_jour(
        etape_de(fiche, "Bilan"), compte_pilote, responsable=compte_equipe, date_echeance=date(2026, 3, 31)
    )
    changements = {c.champ: c for c in entree.changements.all()}
    assert changements["responsable"].apres == compte_equipe.get_full_name()
    assert changements["responsable"].apres_brut == str(compte_equipe.pk)
    assert (changements["date_echeance"].avant, changements["date_echeance"].apres) == ("", "31 mars 2026")


def test_rien_a_enregistrer_est_refuse_sans_rien_ecrire(fiche, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    with pytest.raises(ValidationError):
        mettre_a_jour(diagnostic, compte_pilote, statut=S.A_VENIR, avancement=0)
    diagnostic.refresh_from_db()
    assert diagnostic.version == 1
    assert not EntreeJournal.objects.exists()


def test_un_commentaire_seul_sur_une_etape_est_une_entree_de_commentaire(fiche, compte_pilote):
    entree = mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_pilote, commentaire="RAS, on attend l'été.")
    assert entree.type == EntreeJournal.Type.COMMENTAIRE
    assert not entree.changements.exists()


def test_deux_modifications_de_la_meme_etape_la_seconde_est_refusee(fiche, compte_pilote, compte_co_pilote):
    # Both opened the page at version 1.
    ecran_du_pilote = etape_de(fiche, "Diagnostic")
    ecran_du_co_pilote = etape_de(fiche, "Diagnostic")
    mettre_a_jour(ecran_du_pilote, compte_pilote, statut=S.EN_COURS, avancement=30)

    with pytest.raises(services.ConflitDeModification) as conflit:
        mettre_a_jour(ecran_du_co_pilote, compte_co_pilote, statut=S.REALISE, commentaire="Fini !")

    message = conflit.value.message
    assert compte_pilote.get_full_name() in message
    assert "(statut : À venir → En cours ; avancement : 0\u202f% → 30\u202f%)" in message
    assert "n'ont pas été enregistrées" in message
    diagnostic = etape_de(fiche, "Diagnostic")
    assert (diagnostic.statut, diagnostic.avancement, diagnostic.version) == (S.EN_COURS, 30, 2)
    assert EntreeJournal.objects.count() == 1
    assert not EntreeJournal.objects.filter(commentaire="Fini !").exists()


def test_le_refus_cite_toutes_les_modifications_manquees_et_leurs_auteurs(
    fiche, compte_pilote, compte_co_pilote, compte_direction
):
    ecran_ancien = etape_de(fiche, "Diagnostic")
    mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_pilote, statut=S.EN_COURS, avancement=30)
    mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_co_pilote, avancement=50, statut=S.EN_COURS)
    with pytest.raises(services.ConflitDeModification) as conflit:
        mettre_a_jour(ecran_ancien, compte_direction, statut=S.BLOQUE)
    message = conflit.value.message
    assert message.startswith(
        f"{compte_pilote.get_full_name()} et {compte_co_pilote.get_full_name()} ont modifié"
    )
    manquees = (
        "statut : À venir → En cours ; avancement : 0\u202f% → 30\u202f% ; avancement : 30\u202f% → 50\u202f%"
    )
    assert f"({manquees})" in message


def test_une_modification_hors_journal_est_aussi_refusee_avec_les_valeurs_actuelles(fiche, compte_pilote):
    ecran = etape_de(fiche, "Diagnostic")
    # As the back-office does: the step changes and its version moves, without a journal entry.
    Etape.objects.filter(pk=ecran.pk).update(statut=S.EN_PAUSE, avancement=20, version=2)
    with pytest.raises(services.ConflitDeModification) as conflit:
        mettre_a_jour(ecran, compte_pilote, statut=S.REALISE)
    assert "elle est maintenant « En pause » à 20\u202f%" in conflit.value.message
    assert etape_de(fiche, "Diagnostic").statut == S.EN_PAUSE


def test_la_version_rafraichie_permet_d_enregistrer_apres_un_conflit(fiche, compte_pilote, compte_co_pilote):
    mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_pilote, statut=S.EN_COURS, avancement=30)
    mettre_a_jour(etape_de(fiche, "Diagnostic"), compte_co_pilote, statut=S.REALISE)
    assert etape_de(fiche, "Diagnostic").version == 3


def changer_fiche(fiche, auteur, commentaire="", **valeurs):
    vues = {champ: getattr(fiche, champ) for champ in valeurs if champ not in ("pilote", "co_pilotes")}
    if "pilote" in valeurs:
        vues["pilote"] = fiche.pilote
    if "co_pilotes" in valeurs:
        vues["co_pilotes"] = list(fiche.co_pilotes.all())
    return services.mettre_a_jour_fiche(fiche, auteur, valeurs=valeurs, vues=vues, commentaire=commentaire)


def test_une_meteo_qui_se_degrade_exige_un_commentaire(fiche, compte_pilote):
    changer_fiche(fiche, compte_pilote, meteo=Meteo.SOLEIL)
    fiche.refresh_from_db()
    with pytest.raises(ValidationError) as erreur:
        changer_fiche(fiche, compte_pilote, meteo=Meteo.ORAGE)
    assert "expliquez pourquoi" in erreur.value.message_dict["commentaire"][0]
    fiche.refresh_from_db()
    assert fiche.meteo == Meteo.SOLEIL

    entree = changer_fiche(fiche, compte_pilote, meteo=Meteo.ORAGE, commentaire="Financement suspendu")
    changement = entree.changements.get()
    assert (changement.champ, changement.avant, changement.apres) == ("meteo", "Ensoleillé", "Orageux")


def test_une_meteo_qui_s_ameliore_ou_une_premiere_meteo_se_passe_de_commentaire(fiche, compte_pilote):
    changer_fiche(fiche, compte_pilote, meteo=Meteo.ORAGE)
    fiche.refresh_from_db()
    changer_fiche(fiche, compte_pilote, meteo=Meteo.SOLEIL)
    fiche.refresh_from_db()
    assert fiche.meteo == Meteo.SOLEIL


def test_les_dates_doivent_rester_dans_les_annees_du_plan(fiche, compte_direction):
    with pytest.raises(ValidationError) as erreur:
        changer_fiche(fiche, compte_direction, date_echeance=date(2031, 1, 1))
    assert "entre 2024 et 2029" in erreur.value.message_dict["date_echeance"][0]
    with pytest.raises(ValidationError) as erreur:
        changer_fiche(fiche, compte_direction, date_debut=date(2028, 1, 1))
    assert "postérieure" in erreur.value.message_dict["date_echeance"][0]


def test_changer_le_pilote_et_les_dates_ecrit_avant_apres(fiche, compte_direction, compte_equipe):
    ancien = fiche.pilote
    entree = changer_fiche(
        fiche,
        compte_direction,
        pilote=compte_equipe,
        co_pilotes=[],
        date_echeance=date(2028, 6, 30),
        commentaire="Nouvelle organisation",
    )
    fiche.refresh_from_db()
    assert fiche.pilote == compte_equipe
    assert not fiche.co_pilotes.exists()
    assert fiche.date_echeance == date(2028, 6, 30)
    changements = {c.champ: c for c in entree.changements.all()}
    assert (changements["pilote"].avant, changements["pilote"].apres) == (
        ancien.get_full_name(),
        compte_equipe.get_full_name(),
    )
    assert changements["co_pilotes"].apres == ""
    assert changements["co_pilotes"].avant == "Claire Copilote"
    assert (changements["date_echeance"].avant, changements["date_echeance"].apres) == (
        "31 décembre 2027",
        "30 juin 2028",
    )
    assert changements["date_echeance"].apres_brut == "2028-06-30"


def test_un_champ_de_fiche_change_entre_temps_est_refuse(fiche, compte_pilote, compte_direction):
    vue_par_le_pilote = FicheAction.objects.get(pk=fiche.pk)
    changer_fiche(fiche, compte_direction, meteo=Meteo.NUAGE)
    with pytest.raises(services.ConflitDeModification) as conflit:
        changer_fiche(vue_par_le_pilote, compte_pilote, meteo=Meteo.SOLEIL)
    assert "météo : Non renseignée → Nuageux" in conflit.value.message
    assert compte_direction.get_full_name() in conflit.value.message
    fiche.refresh_from_db()
    assert fiche.meteo == Meteo.NUAGE


def test_un_champ_different_change_entre_temps_ne_gene_pas(fiche, compte_pilote, compte_direction):
    vue_par_le_pilote = FicheAction.objects.get(pk=fiche.pk)
    changer_fiche(fiche, compte_direction, date_echeance=date(2028, 12, 31))
    changer_fiche(vue_par_le_pilote, compte_pilote, meteo=Meteo.SOLEIL)
    fiche.refresh_from_db()
    assert (fiche.meteo, fiche.date_echeance) == (Meteo.SOLEIL, date(2028, 12, 31))


def test_un_commentaire_garde_la_piece_jointe_et_son_nom(fiche, compte_equipe):
    entree = services.commenter(fiche, compte_equipe, commentaire="Voir le compte rendu", piece_jointe=pdf())
    assert entree.type == EntreeJournal.Type.COMMENTAIRE
    assert entree.nom_piece_jointe == "rapport.pdf"
    assert entree.piece_jointe.name.startswith("preuves/")
    assert "rapport" not in entree.piece_jointe.name
    fiche.refresh_from_db()
    assert fiche.derniere_revue is None, "un commentaire d'un non-pilote ne vaut pas mise à jour"


def test_rien_de_nouveau_marque_la_fiche_comme_revue_en_une_entree(fiche, compte_pilote):
    entree = services.marquer_rien_de_nouveau(fiche, compte_pilote)
    fiche.refresh_from_db()
    assert entree.type == EntreeJournal.Type.REVUE
    assert timezone.now() - fiche.derniere_revue < timedelta(minutes=1)
    assert not fiche.est_a_revoir
    assert entree.avancement_fiche == fiche.avancement


def test_indicateur_et_mesure_sont_journalises(fiche, compte_pilote):
    indicateur = Indicateur(libelle="Jeunes reçus", unite="jeunes", valeur_initiale=0, cible=200)
    entree = services.ajouter_indicateur(fiche, compte_pilote, indicateur)
    assert "Nouvel indicateur « Jeunes reçus » : cible 200 jeunes." in entree.commentaire
    entree = services.ajouter_mesure(
        indicateur, compte_pilote, Mesure(date=date(2026, 1, 31), valeur=Decimal("50"), commentaire="Janvier")
    )
    assert entree.commentaire.startswith("Janvier\n")
    assert "au 31 janvier 2026 : 50 jeunes (25\u202f% de la cible)" in entree.commentaire
    assert Mesure.objects.get().saisi_par == compte_pilote


def test_une_entree_du_journal_ne_se_modifie_pas(fiche, compte_pilote):
    entree = services.marquer_rien_de_nouveau(fiche, compte_pilote)
    entree.commentaire = "réécrit"
    with pytest.raises(LectureSeuleError):
        entree.save()


def test_changement_affiche_avant_apres():
    assert str(Changement(champ="statut", avant="À venir", apres="")) == "Statut : À venir → —"
