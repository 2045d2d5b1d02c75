"""Opening hours in OpenStreetMap syntax: the common subset is read back in French, the rest refused."""

import pytest
from django.core.exceptions import ValidationError

from antennes.horaires import en_francais, valider_horaires


@pytest.mark.parametrize(
    ("saisie", "lecture"),
    [
        (
            "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
            ["du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h", "le samedi, 9 h – 12 h"],
        ),
        ("Tu[2] 14:00-17:00", ["le 2e mardi du mois, 14 h – 17 h"]),
        ("We[1,3] 14:00-17:00", ["les 1er et 3e mercredis du mois, 14 h – 17 h"]),
        ("Fr[-1] 09:00-12:00", ["le dernier vendredi du mois, 9 h – 12 h"]),
        (
            "Mo,We,Fr 09:00-12:00; Th off",
            ["le lundi, le mercredi et le vendredi, 9 h – 12 h", "le jeudi : fermé"],
        ),
        ("24/7", ["tous les jours, 24 heures sur 24"]),
        ("", []),
    ],
)
def test_les_horaires_se_lisent_en_francais(saisie, lecture):
    valider_horaires(saisie)
    assert en_francais(saisie) == lecture


@pytest.mark.parametrize(
    ("saisie", "message"),
    [
        ("du lundi au vendredi 9h-12h", "écrivez les jours puis les heures"),
        ("Lu-Ve 09:00-12:00", "jour « Lu-Ve » inconnu"),
        ("Mo-Fr 9:00-12:00", "horaire « 9:00-12:00 » illisible"),
        ("Fr-Mo 09:00-12:00", "finit avant de commencer"),
        ("Mo 12:00-09:00", "finit avant de commencer"),
        ("Mo 25:00-26:00", "n'existe pas"),
        ("Mo 13:00-17:00,08:00-12:00", "se chevauchent"),
        ("PH off", "jour « PH » inconnu"),
    ],
)
def test_des_horaires_illisibles_sont_refuses_avec_un_message_francais_et_un_exemple(saisie, message):
    with pytest.raises(ValidationError) as erreur:
        valider_horaires(saisie)
    texte = erreur.value.messages[0]
    assert message in texte
    assert "Exemple de saisie : « Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00 »" in texte


def test_des_horaires_anciens_saisis_librement_restent_affiches_tels_quels():
    assert en_francais("Le mardi matin") == ["Le mardi matin"]
