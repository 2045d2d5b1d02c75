"""The fiche page's lists (people, statuses, météo) are written in Python for speed: they must stay
exactly what Django's own widgets write, escaping included."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.html import escape

from suivi.forms import CommentaireForm, EtapeForm, FicheForm, RenduRapide, Selection
from suivi.templatetags.suivi_extras import champ, icone_meteo, options_a_cocher
from tests.suivi.conftest import etape_de

CHOIX = [("", "Aucun"), (1, "Anne <script>alert(1)</script>"), (2, 'Bruno "B" & Cie')]


class Formulaire(forms.Form):
    rapide = forms.TypedChoiceField(choices=CHOIX, coerce=int, required=False, widget=Selection)
    django = forms.TypedChoiceField(choices=CHOIX, coerce=int, required=False)


def rendus(formulaire):
    """The <select> of the Python widget and of Django's, with the same name and id."""
    rapide = formulaire["rapide"].as_widget(attrs={"aria-describedby": "aide"})
    django = formulaire["django"].as_widget(attrs={"aria-describedby": "aide"})
    return parse_html(rapide.replace("rapide", "django")), parse_html(django)


def test_la_liste_deroulante_rapide_ecrit_le_meme_html_que_django():
    formulaire = Formulaire(initial={"rapide": 2, "django": 2})
    rapide, django = rendus(formulaire)
    assert rapide == django
    assert formulaire["rapide"].as_widget().count(" selected") == 1


def test_la_liste_deroulante_rapide_garde_la_saisie_refusee_et_echappe_les_noms():
    formulaire = Formulaire({"rapide": "1", "django": "1"})
    formulaire.fields["rapide"].widget.attrs["autofocus"] = True
    formulaire.fields["django"].widget.attrs["autofocus"] = True
    rapide, django = rendus(formulaire)
    assert rapide == django
    html = formulaire["rapide"].as_widget()
    assert '<option value="1" selected>Anne &lt;script&gt;alert(1)&lt;/script&gt;</option>' in html
    assert "Bruno &quot;B&quot; &amp; Cie" in html
    assert " autofocus" in html


def test_une_valeur_hors_liste_ne_selectionne_rien():
    html = Formulaire(initial={"rapide": 99})["rapide"].as_widget()
    assert " selected" not in html


def icone_de(nom, option):
    return icone_meteo(option.data["value"]) if nom == "meteo" else ""


def test_les_cases_a_cocher_ecrivent_le_meme_html_que_django(fiche, compte_pilote, compte_co_pilote):
    formulaire = FicheForm(
        fiche=fiche,
        personnes=[(compte_pilote.pk, "Pilote <b>gras</b>"), (compte_co_pilote.pk, "Claire")],
        direction=True,
    )
    for nom, en_ligne in (("co_pilotes", False), ("meteo", True)):
        champ = formulaire[nom]
        classe = "form-check form-check-inline" if en_ligne else "form-check"
        attendu = "".join(
            f'<div class="{classe}">{option.tag()}'
            f'<label class="form-check-label" for="{option.id_for_label}">'
            + (f'<span aria-hidden="true">{icone}</span> ' if (icone := icone_de(nom, option)) else "")
            + f"{escape(option.choice_label)}</label></div>"
            for option in champ
        )
        assert parse_html(options_a_cocher(champ, en_ligne)) == parse_html(attendu)
    assert "Pilote &lt;b&gt;gras&lt;/b&gt;" in options_a_cocher(formulaire["co_pilotes"])
    assert f'value="{compte_co_pilote.pk}" class="form-check-input" id="id_fiche-co_pilotes_1" checked' in (
        options_a_cocher(formulaire["co_pilotes"])
    )


def test_les_champs_d_une_etape_ecrivent_le_meme_html_qu_avec_les_gabarits_de_django(fiche, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    prefixe = f"etape-{diagnostic.pk}"
    saisie = {
        f"{prefixe}-version": "1",
        f"{prefixe}-statut": "en_cours",
        f"{prefixe}-avancement": "140",
        f"{prefixe}-commentaire": 'Un <b>commentaire</b> & des "guillemets"',
        f"{prefixe}-lien": "javascript:alert(1)",
        f"{prefixe}-date_echeance": "2026-03-01",
    }
    vierge = EtapeForm(etape=diagnostic, personnes=[(compte_pilote.pk, "Pilote")])
    refuse = EtapeForm(saisie, etape=diagnostic, personnes=[(compte_pilote.pk, "Pilote")])
    assert not refuse.is_valid()
    for formulaire in (vierge, refuse):
        assert isinstance(formulaire.renderer, RenduRapide)
        rapides = {nom: str(formulaire[nom]) for nom in formulaire.fields}
        formulaire.renderer = DjangoTemplates()
        for nom, rapide in rapides.items():
            assert parse_html(rapide) == parse_html(str(formulaire[nom])), nom
    assert (
        "Un &lt;b&gt;commentaire&lt;/b&gt; &amp; des &quot;guillemets&quot;</textarea>"
        in rapides["commentaire"]
    )
    assert 'aria-invalid="true"' in rapides["avancement"]


def test_les_formulaires_des_etapes_partagent_la_liste_des_personnes(fiche, compte_pilote, compte_co_pilote):
    personnes = [(compte_pilote.pk, "Pilote"), (compte_co_pilote.pk, "Claire")]
    diagnostic, bilan = etape_de(fiche, "Diagnostic"), etape_de(fiche, "Bilan")
    bilan.responsable = compte_co_pilote
    premier, second = (EtapeForm(etape=etape, personnes=personnes) for etape in (diagnostic, bilan))
    assert premier.fields["responsable"].choices is second.fields["responsable"].choices
    assert f'<option value="{compte_co_pilote.pk}" selected>Claire</option>' in str(second["responsable"])
    assert '<option value="" selected>Aucun</option>' in str(premier["responsable"])


def test_un_responsable_sorti_des_equipes_reste_dans_la_liste_de_son_etape(fiche, compte_pilote, compte_ca):
    diagnostic = etape_de(fiche, "Diagnostic")
    diagnostic.responsable = compte_ca
    html = str(EtapeForm(etape=diagnostic, personnes=[(compte_pilote.pk, "Pilote")])["responsable"])
    nom = compte_ca.get_full_name() or compte_ca.username
    assert f'<option value="{compte_ca.pk}" selected>{escape(nom)}</option>' in html


def test_un_champ_refuse_montre_son_erreur_et_son_aide_reliees_a_la_saisie(fiche):
    formulaire = CommentaireForm({"commentaire-commentaire": "", "commentaire-etape": "x"}, etapes=[])
    assert not formulaire.is_valid()
    html = champ(formulaire["commentaire"])
    assert '<label class="form-label" for="id_commentaire-commentaire">Commentaire' in html
    assert '<span class="visually-hidden"> (obligatoire)</span></label>' in html
    textarea = re.search(r"<textarea[^>]*>", html).group()
    assert 'aria-describedby="id_commentaire-commentaire_error"' in textarea
    assert " autofocus " in textarea
    assert '<div class="invalid-feedback d-block" id="id_commentaire-commentaire_error">Écrivez' in html
    etape = champ(formulaire["etape"])
    assert 'aria-describedby="id_commentaire-etape_helptext id_commentaire-etape_error"' in etape
    assert '<div class="form-text" id="id_commentaire-etape_helptext">Facultatif.</div>' in etape
    assert "(obligatoire)" not in etape
    case = champ(formulaire["a_presenter_au_conseil"])
    assert case.startswith('<div class="form-check mb-2">\n  <input type="checkbox"')
    assert '<label class="form-check-label" for="id_commentaire-a_presenter_au_conseil">' in case


def test_la_meteo_est_un_groupe_de_boutons_avec_sa_legende_et_sa_valeur_affichee(fiche, compte_pilote):
    html = champ(FicheForm(fiche=fiche, personnes=[], direction=False)["meteo"], en_ligne=True)
    assert html.startswith('<fieldset class="mb-2" aria-describedby="id_fiche-meteo_helptext">')
    assert '<legend class="form-label fs-6 mb-1">Météo</legend>' in html
    assert html.count('class="form-check form-check-inline"') == 4
    assert '<input type="hidden" name="initial-fiche-meteo"' in html
