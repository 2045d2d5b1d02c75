"""The follow-up forms, rendered by crispy-forms: every field has its label, its error and its help
linked to it, the first error takes the focus, and choice lists keep the people they need."""

from django.template import Context, Template
from django.utils.html import escape

from suivi.forms import CommentaireForm, EtapeForm, FicheForm
from tests.suivi.conftest import etape_de


def rendu(champ):
    return Template("{% load crispy_forms_tags %}{{ champ|as_crispy_field }}").render(
        Context({"champ": champ})
    )


def test_un_responsable_sorti_des_equipes_reste_dans_la_liste_de_son_etape(fiche, compte_pilote, compte_ca):
    diagnostic = etape_de(fiche, "Diagnostic")
    diagnostic.responsable = compte_ca
    html = str(EtapeForm(etape=diagnostic, personnes=[(compte_pilote.pk, "Pilote")])["responsable"])
    assert f'<option value="{compte_ca.pk}" selected>{escape(compte_ca.nom_affiche)}</option>' in html


def test_un_champ_refuse_montre_son_erreur_et_son_aide_reliees_a_la_saisie(fiche):
    formulaire = CommentaireForm({"commentaire-commentaire": "", "commentaire-etape": "x"}, etapes=[])
    assert not formulaire.is_valid()
    html = rendu(formulaire["commentaire"])
    assert 'for="id_commentaire-commentaire"' in html and "Commentaire" in html
    assert 'aria-describedby="id_commentaire-commentaire_error"' in html
    assert "autofocus" in html and 'aria-invalid="true"' in html
    assert 'id="id_commentaire-commentaire_error"' in html and "Écrivez votre commentaire." in html
    etape = rendu(formulaire["etape"])
    assert 'aria-describedby="id_commentaire-etape_helptext id_commentaire-etape_error"' in etape
    assert '<div id="id_commentaire-etape_helptext" class="form-text">Facultatif.</div>' in etape
    case = rendu(formulaire["a_presenter_au_conseil"])
    assert 'class="checkboxinput form-check-input"' in case
    assert '<label for="id_commentaire-a_presenter_au_conseil" class="form-check-label">' in case


def test_la_meteo_est_un_groupe_de_boutons_avec_sa_legende_et_sa_valeur_affichee(fiche, compte_pilote):
    formulaire = FicheForm(fiche=fiche, personnes=[], direction=False)
    html = rendu(formulaire["meteo"])
    assert "<fieldset" in html and "<legend" in html and "Météo" in html
    assert html.count('type="radio"') == 4
    cachees = Template("{% load suivi_extras %}{% valeurs_affichees f %}").render(Context({"f": formulaire}))
    assert '<input type="hidden" name="initial-fiche-meteo"' in cachees


def test_un_commentaire_de_5000_caracteres_avec_des_retours_a_la_ligne_est_accepte(fiche):
    # The browser counts a line break as one character and sends it as two ("\r\n").
    texte = ("x" * 99 + "\r\n") * 50
    assert len(texte.replace("\r\n", "\n")) == 5000
    formulaire = CommentaireForm({"commentaire-commentaire": texte}, etapes=[])
    assert formulaire.is_valid(), formulaire.errors
    assert "\r" not in formulaire.cleaned_data["commentaire"]
    trop_long = CommentaireForm({"commentaire-commentaire": texte + "x"}, etapes=[])
    assert not trop_long.is_valid()
