"""Reception spaces (fiche 1.3): dated assessments against the checklist, photos checked like
evidence, improvement actions with their cost; antennes compared and followed over time."""

import struct
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from antennes.models import (
    ActionAmelioration,
    Antenne,
    CritereAccueil,
    EvaluationAccueil,
    NoteCritere,
    PhotoAccueil,
)
from suivi.indicateurs import REGISTRE
from tests.plan.html import main


def png():
    """A real 1×1 PNG."""

    def bloc(nature, donnees):
        return (
            struct.pack(">I", len(donnees))
            + nature
            + donnees
            + struct.pack(">I", zlib.crc32(nature + donnees))
        )

    entete = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + bloc(b"IHDR", entete)
        + bloc(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + bloc(b"IEND", b"")
    )


def notes(valeur, **particulieres):
    donnees = {"date": "2026-03-12", "auteur": "Rita Responsable", "commentaire": "Salle d'attente sombre."}
    for critere in CritereAccueil.objects.all():
        donnees[f"note_{critere.pk}"] = particulieres.get(critere.libelle, valeur)
    return donnees


def evaluer(antenne, jour, valeur):
    evaluation = EvaluationAccueil.objects.create(antenne=antenne, date=jour, auteur="Essai")
    NoteCritere.objects.bulk_create(
        NoteCritere(evaluation=evaluation, critere=c, note=valeur) for c in CritereAccueil.objects.all()
    )
    return evaluation


def test_la_grille_de_depart_suit_le_projet(plan_charge):
    assert list(CritereAccueil.objects.values_list("libelle", flat=True)) == [
        "Confort",
        "Confidentialité des échanges",
        "Accessibilité",
        "Signalétique",
        "Affichage de l'offre de service",
        "Équipement numérique",
    ]


def test_le_responsable_evalue_l_accueil_de_son_antenne(bruay, responsable):
    reponse = responsable.post(f"/antennes/{bruay.pk}/accueil/evaluer/", notes(3, Confort=1))
    evaluation = EvaluationAccueil.objects.avec_score().get()
    assert reponse.url == f"/antennes/accueil/evaluations/{evaluation.pk}/"
    assert evaluation.antenne == bruay and evaluation.nb_notes == 6
    assert round(evaluation.score, 2) == round((5 * 3 + 1) / 6 * 25, 2)
    texte = main(responsable.get(reponse.url)).texte()
    assert "Score : 67 / 100" in texte and "Confort 1 / 4" in texte


@pytest.mark.parametrize(
    ("note", "message"), [(5, "inférieure ou égale à 4"), (-1, "supérieure ou égale à 0")]
)
def test_une_note_hors_de_0_a_4_est_refusee_a_cote_du_champ(bruay, responsable, note, message):
    confort = CritereAccueil.objects.get(libelle="Confort")
    reponse = responsable.post(f"/antennes/{bruay.pk}/accueil/evaluer/", notes(3, Confort=note))
    assert reponse.status_code == 200
    assert message in main(reponse).un(id_=f"error_1_id_note_{confort.pk}").texte()
    assert not EvaluationAccueil.objects.exists()


def test_on_n_evalue_pas_l_antenne_d_un_autre(plan_charge, bruay, client_de, compte_pilote, compte_ca):
    for compte in (compte_pilote, compte_ca):
        assert client_de(compte).post(f"/antennes/{bruay.pk}/accueil/evaluer/", notes(3)).status_code == 403
    assert not EvaluationAccueil.objects.exists()


def test_les_antennes_sont_comparees_sur_leur_derniere_evaluation(bruay, client_de, compte_ca):
    evaluer(bruay, date(2025, 1, 10), 1)
    evaluer(bruay, date(2026, 2, 10), 4)
    ActionAmelioration.objects.create(
        antenne=bruay, libelle="Cloison acoustique", cout_estime=Decimal("2400")
    )
    ActionAmelioration.objects.create(
        antenne=bruay,
        libelle="Plante verte",
        cout_estime=Decimal("60"),
        statut=ActionAmelioration.Statut.REALISEE,
    )
    page = main(client_de(compte_ca).get("/antennes/accueil/"))
    lignes = page.un("table").un("tbody").tous("tr")
    bruay_ligne = next(ligne for ligne in lignes if "Antenne de Bruay" in ligne.un("th").texte())
    cellules = [td.texte() for td in bruay_ligne.tous("td")]
    assert cellules[1] == "100" and cellules[2:8] == ["4"] * 6
    assert cellules[-2] == "1" and "".join(cellules[-1].split()) == "2400€"
    siege = next(ligne for ligne in lignes if "siège" in ligne.un("th").texte())
    assert "Pas encore évaluée" in siege.texte()
    assert "Score moyen de la dernière évaluation des 1 antenne évaluée : 100 / 100" in page.texte()
    page_antenne = main(client_de(compte_ca).get(f"/antennes/{bruay.pk}/accueil/"))
    evolution = page_antenne.un("section", **{"aria-labelledby": "titre-evolution"}).un("tbody")
    assert [tr.tous("td")[1].texte() for tr in evolution.tous("tr")] == ["25", "100"]


def test_une_photo_est_verifiee_comme_une_piece_justificative_et_servie_comme_image(bruay, responsable):
    evaluation = evaluer(bruay, date(2026, 2, 10), 3)
    url = f"/antennes/accueil/evaluations/{evaluation.pk}/"
    faux = SimpleUploadedFile("accueil.png", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    reponse = responsable.post(url, {"fichier": faux, "legende": "Salle d'attente"})
    assert "ne correspond pas à son extension" in main(reponse).un(id_="error_1_id_fichier").texte()
    pdf = SimpleUploadedFile("accueil.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    reponse = responsable.post(url, {"fichier": pdf, "legende": "Salle d'attente"})
    assert "JPEG ou PNG" in main(reponse).un(id_="error_1_id_fichier").texte()
    assert not PhotoAccueil.objects.exists()
    reponse = responsable.post(
        url, {"fichier": SimpleUploadedFile("accueil.png", png()), "legende": "Salle d'attente"}
    )
    photo = PhotoAccueil.objects.get()
    page = main(responsable.get(url))
    assert page.un("img").attrs["alt"] == "Salle d'attente"
    image = responsable.get(f"/antennes/accueil/photos/{photo.pk}/")
    assert image["Content-Type"] == "image/png" and image["X-Content-Type-Options"] == "nosniff"


def test_une_action_au_cout_negatif_est_refusee(bruay, responsable):
    reponse = responsable.post(
        f"/antennes/{bruay.pk}/accueil/actions/nouvelle/",
        {"libelle": "Signalétique extérieure", "cout_estime": "-5", "statut": "a_faire"},
    )
    assert "supérieure ou égale à 0" in main(reponse).un(id_="error_1_id_cout_estime").texte()
    reponse = responsable.post(
        f"/antennes/{bruay.pk}/accueil/actions/nouvelle/",
        {"libelle": "Signalétique extérieure", "cout_estime": "850", "statut": "a_faire"},
    )
    assert reponse.url == f"/antennes/{bruay.pk}/accueil/"
    assert ActionAmelioration.objects.get().antenne == bruay


def test_seule_la_direction_modifie_la_grille(plan_charge, client_de, compte_direction, compte_equipe):
    assert client_de(compte_equipe).get("/antennes/accueil/criteres/nouveau/").status_code == 403
    client_de(compte_direction).post(
        "/antennes/accueil/criteres/nouveau/", {"libelle": "Espace enfants", "ordre": 7, "actif": "on"}
    )
    assert CritereAccueil.objects.filter(libelle="Espace enfants", actif=True).exists()


def test_le_score_moyen_de_la_fiche_1_3_suit_les_dernieres_evaluations(bruay):
    calcul = REGISTRE["accueil-score-moyen"]
    assert calcul.fiche == "1.3"
    assert calcul.calculer(timezone.localdate()) is None
    evaluer(bruay, date(2025, 1, 10), 2)
    assert calcul.calculer(timezone.localdate()) == Decimal("50.00")
    evaluer(bruay, date(2026, 1, 10), 3)
    evaluer(Antenne.objects.get(est_siege=True), date(2026, 1, 10), 4)
    assert calcul.calculer(timezone.localdate()) == Decimal("87.50")
