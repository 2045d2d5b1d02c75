"""Each value leads to where it is put into practice; the plan's introduction to the values is the
seed's, word for word, loaded by `charger_plan`."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from antennes.models import Procedure
from ethique.models import PresentationValeurs, ValeurFiche
from plan.models import FicheAction, Plan, Valeur
from tests.factories import ArticleFactory, SensibilisationFactory
from tests.plan import seed
from tests.plan.html import main

from .donnees import charte_adoptee

# The footnote call the text extraction glued to a word ("équipes¹") and the footnote itself.
APPEL_DE_NOTE = "¹"


def section_2_1_avant_les_valeurs():
    """Section 2.1 of the seed, from its first heading to the first value ("Respect")."""
    (_, section) = seed.texte().split("\n2.1 - LES VALEURS DE NOTRE MISSION LOCALE\n")
    return section.split("\nRespect\n")[0]


def test_la_presentation_des_valeurs_est_celle_du_projet_mot_pour_mot_et_dans_l_ordre(plan_charge):
    p = PresentationValeurs.objects.get()
    morceaux = [
        p.titre,
        *p.paragraphes,
        p.annonce,
        *(f"- {point}" for point in p.points),
        p.titre_finalite,
        p.finalite,
        p.titre_valeurs,
        p.texte_valeurs,
        f"{APPEL_DE_NOTE} {p.note}",
    ]
    projet = section_2_1_avant_les_valeurs().replace(f"équipes{APPEL_DE_NOTE}.", "équipes.")
    assert seed.normaliser(" ".join(morceaux)) == seed.normaliser(projet)
    assert p.titre == "Des valeurs associatives, qu'est-ce que c'est ?"
    assert len(p.paragraphes) == 3 and len(p.points) == 2
    # The finalité is the plan's.
    assert p.finalite == Plan.objects.get().finalite


def test_le_rechargement_ne_duplique_rien(plan_charge):
    call_command("charger_plan", stdout=io.StringIO())
    assert PresentationValeurs.objects.count() == 1
    assert ValeurFiche.objects.count() == 10


def test_chaque_fiche_rattachee_par_le_projet_cite_ses_propres_mots(plan_charge):
    liens = ValeurFiche.objects.filter(origine=ValeurFiche.Origine.PROJET).select_related("fiche", "valeur")
    assert len(liens) == 10
    projet = seed.normaliser(seed.texte())
    for lien in liens:
        fiche = lien.fiche
        textes = [fiche.titre, fiche.resume, *fiche.objectifs.values_list("texte", flat=True)]
        textes += list(fiche.etapes.values_list("texte", flat=True))
        assert lien.citation in textes, (lien.valeur.nom, fiche.code)
        assert seed.normaliser(lien.citation) in projet
        # The value is named in the quotation (its first word, whatever the inflection).
        racine = re.split(r"[ ,]", lien.valeur.nom)[0].lower()[:6]
        assert racine in lien.citation.lower(), (lien.valeur.nom, lien.citation)


def test_un_lien_ajoute_par_l_equipe_survit_au_rechargement(plan_charge):
    lien = ValeurFiche.objects.create(
        valeur=Valeur.objects.get(nom="Coopération"),
        fiche=FicheAction.objects.get(code="3.1"),
        citation="Essai",
    )
    call_command("charger_plan", stdout=io.StringIO())
    assert ValeurFiche.objects.filter(pk=lien.pk).exists()


def test_la_liste_des_valeurs_presente_l_introduction_du_projet_et_mene_a_chaque_valeur(
    comptes_par_role, client_de
):
    page = main(client_de(comptes_par_role["ca"]).get("/valeurs/"))
    presentation = page.un("section", **{"aria-labelledby": "titre-presentation"})
    assert presentation.un("h2").texte() == "Des valeurs associatives, qu'est-ce que c'est ?"
    assert "La Mission Locale met ses ressources au service des jeunes" in presentation.texte()
    assert "Annexe « La participation à l'élaboration du projet »." in presentation.texte()
    liens = {a.texte() for a in page.tous("a") if a.attrs.get("href", "").startswith("/valeurs/")}
    assert set(Valeur.objects.values_list("nom", flat=True)) <= liens


def test_la_page_d_une_valeur_montre_ou_elle_est_mise_en_pratique(comptes_par_role, client_de):
    egalite = Valeur.objects.get(nom="Égalité de traitement")
    charte = charte_adoptee(timezone.localdate() - timedelta(days=10), articles=1, valeurs=[egalite.nom])
    from ethique.models import Charte

    brouillon = Charte.nouvelle_version()
    ArticleFactory(charte=brouillon, numero=2, titre="Nouvel article").valeurs.set([egalite])
    procedure = Procedure.objects.create(titre="Procédure d'accueil commune")
    procedure.valeurs.add(egalite)
    session = SensibilisationFactory(titre="Atelier égalité", date=timezone.localdate() - timedelta(days=5))
    session.valeurs.add(egalite)

    reponse = client_de(comptes_par_role["equipe"]).get(f"/valeurs/{egalite.ordre}/")
    page = main(reponse)
    assert page.un("h1").texte() == "Égalité de traitement"

    def section(cle):
        return page.un("section", **{"aria-labelledby": cle}).texte()

    assert "Une approche inclusive et sans discrimination" in section("titre-pratiques")
    article = charte.articles.get()
    assert f"Article 1 : {article.titre}" in section("titre-charte")
    assert "Dans le brouillon de la version 2" in section("titre-charte")
    assert "Nouvel article" in section("titre-charte")
    assert "Procédure d'accueil commune" in section("titre-procedures")
    fiches = section("titre-fiches")
    assert "Fiche 1.2 : Déploiement ciblé des services dans les antennes" in fiches
    assert "Assurer une égalité de traitement en harmonisant l'offre de services" in fiches
    assert "Fiche 4.2 : Promotion des valeurs de la Mission Locale" in fiches
    assert "Atelier égalité" in section("titre-sessions")
    # Previous and next values.
    assert page.tous("a", href=f"/valeurs/{egalite.ordre - 1}/") and page.tous(
        "a", href=f"/valeurs/{egalite.ordre + 1}/"
    )


def test_sans_charte_la_page_d_une_valeur_renvoie_a_sa_redaction(comptes_par_role, client_de):
    texte = main(client_de(comptes_par_role["ca"]).get("/valeurs/1/")).texte()
    assert "La charte d'engagement n'est pas encore adoptée." in texte


def test_la_direction_rattache_puis_detache_une_fiche(comptes_par_role, client_de):
    direction = client_de(comptes_par_role["direction"])
    cooperation = Valeur.objects.get(nom="Coopération")
    fiche = FicheAction.objects.get(code="3.1")
    reponse = direction.post(
        f"/valeurs/{cooperation.ordre}/fiches/rattacher/",
        {"fiche": fiche.pk, "citation": "Les temps forts partenariaux font vivre la coopération."},
    )
    assert reponse.url == f"/valeurs/{cooperation.ordre}/"
    lien = ValeurFiche.objects.get(valeur=cooperation)
    assert (lien.fiche, lien.origine, lien.cree_par) == (
        fiche,
        ValeurFiche.Origine.EQUIPE,
        comptes_par_role["direction"],
    )
    page = main(direction.get(f"/valeurs/{cooperation.ordre}/"))
    assert "Fiche 3.1" in page.un("section", **{"aria-labelledby": "titre-fiches"}).texte()

    # A fiche already linked is no longer offered; an empty form says what is missing.
    reponse = direction.post(
        f"/valeurs/{cooperation.ordre}/fiches/rattacher/", {"fiche": fiche.pk, "citation": "Bis"}
    )
    assert reponse.status_code == 200
    assert ValeurFiche.objects.filter(valeur=cooperation).count() == 1

    direction.post(f"/valeurs/{cooperation.ordre}/fiches/{lien.pk}/detacher/")
    assert not ValeurFiche.objects.filter(valeur=cooperation).exists()


def test_un_lien_du_projet_ne_se_detache_pas_et_l_equipe_ne_rattache_rien(comptes_par_role, client_de):
    lien = ValeurFiche.objects.filter(origine=ValeurFiche.Origine.PROJET).select_related("valeur").first()
    direction = client_de(comptes_par_role["direction"])
    assert direction.post(f"/valeurs/{lien.valeur.ordre}/fiches/{lien.pk}/detacher/").status_code == 404
    equipe = client_de(comptes_par_role["equipe"])
    assert equipe.post(f"/valeurs/{lien.valeur.ordre}/fiches/rattacher/", {}).status_code == 403
    page = main(equipe.get(f"/valeurs/{lien.valeur.ordre}/"))
    assert not page.tous("form", method="post")


@pytest.mark.parametrize("ordre", [0, 99])
def test_une_valeur_inconnue_repond_404(comptes_par_role, client_de, ordre):
    assert client_de(comptes_par_role["equipe"]).get(f"/valeurs/{ordre}/").status_code == 404
