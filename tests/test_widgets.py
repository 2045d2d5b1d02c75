"""SelectRapide: the same select as Django's, drawn without a template per option."""

from django import forms

from mission_locale.widgets import SelectRapide
from tests.plan.html import lire

CHOIX = [("", "Toutes les communes"), ("7", 'Béthune & <Beuvry> "centre"'), ("8", "Busnes")]


class Formulaire(forms.Form):
    django = forms.ChoiceField(
        choices=CHOIX, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    rapide = forms.ChoiceField(
        choices=CHOIX, required=False, widget=SelectRapide(attrs={"class": "form-select"})
    )


def options(html):
    select = lire(html).un("select")
    return [(o.attrs.get("value"), "selected" in o.attrs, o.texte()) for o in select.tous("option")], {
        cle: valeur for cle, valeur in select.attrs.items() if cle not in {"name", "id"}
    }


def test_le_select_rapide_ecrit_les_memes_options_que_celui_de_django():
    for donnees in ({}, {"django": "7", "rapide": "7"}, {"django": "8", "rapide": "8"}):
        formulaire = Formulaire(data=donnees or None)
        assert options(str(formulaire["rapide"])) == options(str(formulaire["django"]))


def test_le_select_rapide_echappe_les_libelles():
    html = str(Formulaire()["rapide"])
    assert "&lt;Beuvry&gt;" in html and "&quot;centre&quot;" in html and "<Beuvry>" not in html
