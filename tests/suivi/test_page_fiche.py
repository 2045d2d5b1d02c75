"""The fiche page: in-place step updates with htmx, the same forms without JavaScript, the other
follow-up forms, the timeline and the indicators."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from plan.models import Etape, FicheAction, Meteo
from suivi import services
from suivi.models import EntreeJournal, Indicateur, Mesure, a_la_date
from tests.factories import AxeFactory, FicheActionFactory, IndicateurFactory, MesureFactory
from tests.suivi.conftest import donnees_etape, donnees_fiche, etape_de, pdf

S = Etape.Statut
HTMX = {"HX-Request": "true"}


def url_etape(etape):
    return f"/plan/fiches/{etape.fiche.code}/etapes/{etape.pk}/"


def test_la_page_montre_la_fiche_ses_etapes_et_l_avancement_du_plan(fiche, client_de, compte_equipe):
    page = client_de(compte_equipe).get("/plan/fiches/1.1/").text
    assert f"Fiche-action 1.1 : {fiche.titre}" in page
    for libelle in ("Diagnostic", "Ateliers", "Atelier A", "Atelier B", "Bilan"):
        assert libelle in page
    assert "avance avec ses sous-étapes" in page
    assert 'aria-label="Avancement de l\'axe"' in page and 'aria-label="Avancement du plan"' in page
    assert "1er janvier 2025" in page and "31 décembre 2027" in page


def test_une_etape_se_met_a_jour_avec_htmx_sans_quitter_la_page(fiche, client_de, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    reponse = client_de(compte_pilote).post(
        url_etape(diagnostic),
        donnees_etape(diagnostic, statut=S.EN_COURS, avancement=60, commentaire="Bien parti"),
        headers=HTMX,
    )
    assert reponse.status_code == 200
    html = reponse.text
    assert html.lstrip().startswith(f'<div id="etape-{diagnostic.pk}" class="etape flex-grow-1">')
    assert "<html" not in html
    # The step, folded back to its compact form with its new state and a way to reopen it...
    etape = html[: html.index("</div>\n\n")]
    assert "<form" not in html.split('hx-swap-oob="true"')[0]
    assert "En cours · 60\u202f%" in etape and "Bien parti" in html
    assert f'hx-get="/plan/fiches/1.1/etapes/{diagnostic.pk}/"' in html
    assert "Étape enregistrée à" in html
    # ...and, out of band, the fiche's progress, the journal entry and a spoken confirmation.
    assert '<div id="avancement-fiche" hx-swap-oob="true">' in html
    assert "20\u202f%" in html
    assert 'hx-swap-oob="afterbegin:#journal-fiche"' in html
    assert "Statut : À venir" in html and "Bien parti" in html
    assert '<div id="annonce-suivi" hx-swap-oob="innerHTML">Étape enregistrée.' in html
    fiche.refresh_from_db()
    assert fiche.avancement == Decimal("20.00")


def test_une_sous_etape_met_aussi_a_jour_l_etat_de_son_etape_parente(fiche, client_de, compte_pilote):
    atelier = etape_de(fiche, "Atelier A")
    parent = etape_de(fiche, "Ateliers")
    html = (
        client_de(compte_pilote)
        .post(url_etape(atelier), donnees_etape(atelier, statut=S.REALISE), headers=HTMX)
        .text
    )
    assert f'id="etat-etape-{parent.pk}" class="badge text-bg-light border" hx-swap-oob="true"' in html
    assert "En cours · 50\u202f%" in html


def test_sans_javascript_le_formulaire_revient_a_l_etape_avec_une_confirmation(
    fiche, client_de, compte_pilote
):
    diagnostic = etape_de(fiche, "Diagnostic")
    client = client_de(compte_pilote)
    reponse = client.post(url_etape(diagnostic), donnees_etape(diagnostic, statut=S.REALISE))
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/plan/fiches/1.1/?enregistree={diagnostic.pk}#etape-{diagnostic.pk}"
    page = client.get(reponse["Location"]).text
    bloc = page[page.index(f'<div id="etape-{diagnostic.pk}"') :]
    assert "Réalisé · 100\u202f%" in bloc[:2000]
    assert 'role="status">Étape enregistrée à' in bloc[: bloc.index("</form>")]


def test_la_page_propre_d_une_etape_a_un_formulaire_ordinaire(fiche, client_de, compte_pilote):
    """Opened in a new tab, with JavaScript on, the step's own page must not update in place: the
    fiche's progress bar and journal that the answer would refresh are not on it."""
    diagnostic = etape_de(fiche, "Diagnostic")
    html = client_de(compte_pilote).get(url_etape(diagnostic)).text
    debut = html.index('class="formulaire-etape')
    formulaire = html[html.rindex("<form", 0, debut) : html.index("</form>", debut)]
    assert "hx-" not in formulaire
    assert f'action="{url_etape(diagnostic)}"' in formulaire


def test_une_piece_jointe_et_un_lien_accompagnent_la_mise_a_jour(fiche, client_de, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    donnees = donnees_etape(
        diagnostic, statut=S.EN_COURS, avancement=50, lien="https://exemple.fr/compte-rendu"
    ) | {f"etape-{diagnostic.pk}-piece_jointe": pdf("Compte rendu.pdf")}
    html = client_de(compte_pilote).post(url_etape(diagnostic), donnees, headers=HTMX).text
    entree = EntreeJournal.objects.get()
    assert entree.nom_piece_jointe == "Compte rendu.pdf"
    assert entree.lien == "https://exemple.fr/compte-rendu"
    assert f'href="/journal/pieces/{entree.pk}/"' in html


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "sans-javascript"])
def test_les_erreurs_s_affichent_en_francais_a_cote_du_champ(htmx, fiche, client_de, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    donnees = donnees_etape(diagnostic, statut=S.EN_COURS, avancement=140) | {
        f"etape-{diagnostic.pk}-piece_jointe": pdf("virus.exe")
    }
    reponse = client_de(compte_pilote).post(url_etape(diagnostic), donnees, headers=HTMX if htmx else {})
    assert reponse.status_code == 200
    html = reponse.text
    assert ("<html" in html) is not htmx
    champ = f"id_etape-{diagnostic.pk}-avancement"
    assert re.search(rf'aria-invalid="true"[^>]*aria-describedby="[^"]*{champ}_error', html) or re.search(
        rf'aria-describedby="[^"]*{champ}_error[^"]*"[^>]*aria-invalid="true"', html
    )
    erreur = html[html.index(f'id="{champ}_error"') :]
    assert "L&#x27;avancement est compris" in erreur[:300]
    assert "Ce fichier n&#x27;est pas accepté" in html
    assert "Le formulaire contient 2 erreurs" in html
    # Without JavaScript the page reloads at its top: the first wrong field takes the focus.
    assert re.search(rf'<input type="number"[^>]* autofocus[ >][^>]*id="{champ}"', html)
    assert len(re.findall(r" autofocus[ >]", html)) == 1
    assert not EntreeJournal.objects.exists()
    diagnostic.refresh_from_db()
    assert diagnostic.version == 1


def test_en_cours_sans_pourcentage_est_refuse(fiche, client_de, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    html = (
        client_de(compte_pilote)
        .post(
            url_etape(diagnostic), donnees_etape(diagnostic, statut=S.EN_COURS, avancement=""), headers=HTMX
        )
        .text
    )
    assert "Indiquez l&#x27;avancement en pourcentage" in html


def test_rien_a_enregistrer_est_signale(fiche, client_de, compte_pilote):
    diagnostic = etape_de(fiche, "Diagnostic")
    html = client_de(compte_pilote).post(url_etape(diagnostic), donnees_etape(diagnostic), headers=HTMX).text
    assert "Aucune modification à enregistrer." in html


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "sans-javascript"])
def test_deux_personnes_sur_la_meme_etape_la_seconde_voit_ce_qui_a_change(
    htmx, fiche, client_de, compte_pilote, compte_co_pilote
):
    diagnostic = etape_de(fiche, "Diagnostic")
    formulaire_du_co_pilote = donnees_etape(diagnostic, statut=S.REALISE, commentaire="Terminé de mon côté")
    client_de(compte_pilote).post(
        url_etape(diagnostic), donnees_etape(diagnostic, statut=S.EN_COURS, avancement=30)
    )

    reponse = client_de(compte_co_pilote).post(
        url_etape(diagnostic), formulaire_du_co_pilote, headers=HTMX if htmx else {}
    )
    html = reponse.text
    assert reponse.status_code == 200
    assert f"{compte_pilote.get_full_name()} a modifié cette étape, en dernier le" in html
    assert "statut : À venir → En cours" in html
    assert "Vos modifications n&#x27;ont pas été enregistrées" in html
    # The form now carries the current values and version, and keeps what the person wrote.
    assert f'name="etape-{diagnostic.pk}-version" value="2"' in html
    assert "Terminé de mon côté</textarea>" in html
    assert re.search(rf'<select name="etape-{diagnostic.pk}-statut"[^>]* autofocus', html)
    diagnostic.refresh_from_db()
    assert (diagnostic.statut, diagnostic.avancement) == (S.EN_COURS, 30)
    assert not EntreeJournal.objects.filter(commentaire="Terminé de mon côté").exists()


def test_une_etape_parente_ne_se_modifie_pas_directement(fiche, client_de, compte_pilote):
    ateliers = etape_de(fiche, "Ateliers")
    reponse = client_de(compte_pilote).post(url_etape(ateliers), donnees_etape(ateliers, statut=S.REALISE))
    assert reponse.status_code == 400


def test_une_etape_d_une_autre_fiche_est_introuvable(fiche, client_de, compte_pilote):
    autre = Etape.objects.create(
        fiche=FicheAction.objects.create(axe=fiche.axe, numero=2, titre="Autre"), ordre=1
    )
    reponse = client_de(compte_pilote).post(f"/plan/fiches/1.1/etapes/{autre.pk}/", donnees_etape(autre))
    assert reponse.status_code == 404


def test_la_meteo_se_change_avec_un_texte_et_un_commentaire_si_elle_se_degrade(
    fiche, client_de, compte_pilote
):
    client = client_de(compte_pilote)
    client.post("/plan/fiches/1.1/suivi/", donnees_fiche(fiche, meteo=Meteo.SOLEIL))
    fiche.refresh_from_db()
    assert fiche.meteo == Meteo.SOLEIL

    page = client.post("/plan/fiches/1.1/suivi/", donnees_fiche(fiche, meteo=Meteo.ORAGE)).text
    assert "La météo se dégrade : expliquez pourquoi en quelques mots." in page
    fiche.refresh_from_db()
    assert fiche.meteo == Meteo.SOLEIL

    reponse = client.post(
        "/plan/fiches/1.1/suivi/", donnees_fiche(fiche, meteo=Meteo.ORAGE, commentaire="Partenaire perdu")
    )
    assert reponse.status_code == 302
    page = client.get("/plan/fiches/1.1/").text
    assert "Orageux" in page
    assert "Météo : Ensoleillé" in page


def test_la_direction_change_pilote_co_pilotes_et_dates(fiche, client_de, compte_direction, compte_equipe):
    donnees = donnees_fiche(fiche, direction=True) | {
        "fiche-pilote": compte_equipe.pk,
        "fiche-co_pilotes": [],
        "fiche-date_echeance": "2029-06-30",
    }
    reponse = client_de(compte_direction).post("/plan/fiches/1.1/suivi/", donnees)
    assert reponse.status_code == 302
    fiche.refresh_from_db()
    assert fiche.pilote == compte_equipe
    assert not fiche.co_pilotes.exists()
    assert fiche.date_echeance == date(2029, 6, 30)
    assert set(EntreeJournal.objects.get().changements.values_list("champ", flat=True)) == {
        "pilote",
        "co_pilotes",
        "date_echeance",
    }


def test_des_dates_hors_du_plan_sont_refusees_a_cote_du_champ(fiche, client_de, compte_direction):
    donnees = donnees_fiche(fiche, direction=True) | {"fiche-date_debut": "2023-09-01"}
    page = client_de(compte_direction).post("/plan/fiches/1.1/suivi/", donnees).text
    erreur = page[page.index('id="id_fiche-date_debut_error"') :]
    assert "Choisissez une date comprise entre 2024 et 2029" in erreur[:300]
    fiche.refresh_from_db()
    assert fiche.date_debut == date(2025, 1, 1)


def test_la_fiche_modifiee_entre_temps_est_signalee(fiche, client_de, compte_pilote, compte_direction):
    vue = donnees_fiche(fiche, meteo=Meteo.SOLEIL)
    client_de(compte_direction).post("/plan/fiches/1.1/suivi/", donnees_fiche(fiche, meteo=Meteo.NUAGE))
    client = client_de(compte_pilote)
    reponse = client.post("/plan/fiches/1.1/suivi/", vue)
    assert reponse.status_code == 302
    page = client.get(reponse["Location"]).text
    assert "Cette fiche a été modifiée par quelqu&#x27;un d&#x27;autre" in page
    assert "météo : Non renseignée → Nuageux" in page
    fiche.refresh_from_db()
    assert fiche.meteo == Meteo.NUAGE


def test_un_commentaire_simple_entre_dans_le_journal(fiche, client_de, compte_equipe):
    client = client_de(compte_equipe)
    bilan = etape_de(fiche, "Bilan")
    reponse = client.post(
        "/plan/fiches/1.1/commentaires/",
        {
            "commentaire-commentaire": "Les jeunes demandent un créneau le samedi.",
            "commentaire-etape": bilan.pk,
            "commentaire-a_presenter_au_conseil": "on",
        },
    )
    entree = EntreeJournal.objects.get()
    assert reponse["Location"] == f"/plan/fiches/1.1/#entree-{entree.pk}"
    assert (entree.etape, entree.a_presenter_au_conseil, entree.type) == (bilan, True, "commentaire")
    page = client.get("/plan/fiches/1.1/").text
    assert "Les jeunes demandent un créneau le samedi." in page
    assert "À présenter au conseil" in page


def test_un_commentaire_vide_est_refuse(fiche, client_de, compte_equipe):
    page = (
        client_de(compte_equipe).post("/plan/fiches/1.1/commentaires/", {"commentaire-commentaire": ""}).text
    )
    assert "Écrivez votre commentaire." in page
    assert not EntreeJournal.objects.exists()


def test_rien_de_nouveau_en_un_clic_depuis_la_fiche(fiche, client_de, compte_pilote):
    reponse = client_de(compte_pilote).post("/plan/fiches/1.1/rien-de-nouveau/")
    assert reponse["Location"] == "/plan/fiches/1.1/"
    fiche.refresh_from_db()
    assert fiche.derniere_revue is not None
    assert EntreeJournal.objects.get().type == EntreeJournal.Type.REVUE


def test_le_journal_de_la_fiche_est_une_chronologie_du_plus_recent_au_plus_ancien(
    fiche, client_de, compte_pilote, compte_ca
):
    with a_la_date(timezone.make_aware(timezone.datetime(2026, 11, 2, 9, 5))):
        premier = services.commenter(fiche, compte_pilote, commentaire="Premier")
    second = services.commenter(fiche, compte_pilote, commentaire="Second")
    page = client_de(compte_ca).get("/plan/fiches/1.1/").text
    assert '<ol id="journal-fiche" class="journal list-unstyled">' in page
    assert page.index(f'id="entree-{second.pk}"') < page.index(f'id="entree-{premier.pk}"')
    assert "2 novembre 2026 à 9 h 05" in page
    assert compte_pilote.get_full_name() in page


def test_le_journal_de_la_fiche_est_pagine(fiche, client_de, compte_equipe):
    for rang in range(25):
        services.commenter(fiche, compte_equipe, commentaire=f"Note {rang}")
    client = client_de(compte_equipe)
    page = client.get("/plan/fiches/1.1/").text
    assert "Page 1 sur 2" in page and "Note 24</p>" in page and "Note 0</p>" not in page
    assert "Note 0</p>" in client.get("/plan/fiches/1.1/?page=2").text


def test_les_indicateurs_montrent_derniere_valeur_part_de_la_cible_graphique_et_tableau(
    fiche, client_de, compte_ca
):
    indicateur = IndicateurFactory(
        fiche=fiche, libelle="Jeunes reçus", unite="jeunes", valeur_initiale=0, cible=80
    )
    MesureFactory(indicateur=indicateur, date=date(2026, 1, 31), valeur=20)
    MesureFactory(indicateur=indicateur, date=date(2026, 2, 28), valeur=Decimal("36.5"))
    page = client_de(compte_ca).get("/plan/fiches/1.1/").text
    assert "<strong>36,5 jeunes</strong> au 28 février 2026" in page
    assert "45,6\u202f%" in page
    donnees = re.search(
        rf'<script id="donnees-indicateur-{indicateur.pk}" type="application/json">(.*?)</script>', page
    )
    assert json.loads(donnees.group(1)) == {
        "libelle": "Jeunes reçus",
        "unite": "jeunes",
        "dates": ["31/01/2026", "28/02/2026"],
        "valeurs": [20.0, 36.5],
        "cible": 80.0,
        "valeur_initiale": 0.0,
    }
    assert f'data-donnees="donnees-indicateur-{indicateur.pk}"' in page
    assert "<caption>Mesures de « Jeunes reçus »" in page
    assert '<th scope="row">31 janvier 2026</th>' in page
    assert "/static/js/graphiques.js" in page and "/static/vendor/chartjs/chart.umd.min.js" in page


def test_la_page_n_a_ni_script_ni_style_en_ligne(fiche, client_de, compte_pilote):
    IndicateurFactory(fiche=fiche)
    MesureFactory(indicateur=Indicateur.objects.get(), date=date(2026, 1, 31))
    page = client_de(compte_pilote).get("/plan/fiches/1.1/").text
    scripts = re.findall(r"<script(?P<attributs>[^>]*)>", page)
    assert all("src=" in s or 'type="application/json"' in s for s in scripts)
    assert " style=" not in page
    assert "hx-on" not in page


def test_un_pilote_ajoute_un_indicateur_et_une_mesure(fiche, client_de, compte_pilote):
    client = client_de(compte_pilote)
    reponse = client.post(
        "/plan/fiches/1.1/indicateurs/",
        {
            "indicateur-libelle": "Délai de premier rendez-vous",
            "indicateur-unite": "jours",
            "indicateur-sens": "diminuer",
            "indicateur-valeur_initiale": "21",
            "indicateur-cible": "10",
            "indicateur-date_cible": "2027-12-31",
        },
    )
    indicateur = Indicateur.objects.get()
    assert reponse["Location"] == f"/plan/fiches/1.1/#indicateur-{indicateur.pk}"
    reponse = client.post(
        f"/plan/fiches/1.1/indicateurs/{indicateur.pk}/mesures/",
        {f"mesure-{indicateur.pk}-date": "2026-10-31", f"mesure-{indicateur.pk}-valeur": "15,5"},
    )
    assert reponse.status_code == 302
    mesure = Mesure.objects.get()
    assert (mesure.valeur, mesure.saisi_par) == (Decimal("15.5"), compte_pilote)
    assert EntreeJournal.objects.count() == 2


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        (
            {"indicateur-sens": "augmenter", "indicateur-cible": "5"},
            "la cible doit dépasser la valeur initiale",
        ),
        ({"indicateur-cible": "10"}, "La cible doit être différente de la valeur initiale."),
        ({"indicateur-libelle": "jeunes reçus"}, "Cette fiche a déjà un indicateur de ce nom."),
    ],
)
def test_un_indicateur_incoherent_est_refuse_en_francais(champs, message, fiche, client_de, compte_pilote):
    IndicateurFactory(fiche=fiche, libelle="Jeunes reçus")
    donnees = {
        "indicateur-libelle": "Nouveau",
        "indicateur-sens": "augmenter",
        "indicateur-valeur_initiale": "10",
        "indicateur-cible": "20",
    } | champs
    page = client_de(compte_pilote).post("/plan/fiches/1.1/indicateurs/", donnees).text
    assert message in page.replace("&#x27;", "'")
    assert Indicateur.objects.count() == 1


def test_une_mesure_en_double_ou_future_est_refusee(fiche, client_de, compte_pilote):
    indicateur = IndicateurFactory(fiche=fiche)
    MesureFactory(indicateur=indicateur, date=date(2026, 1, 31))
    client = client_de(compte_pilote)
    url = f"/plan/fiches/1.1/indicateurs/{indicateur.pk}/mesures/"
    prefixe = f"mesure-{indicateur.pk}"
    page = client.post(url, {f"{prefixe}-date": "2026-01-31", f"{prefixe}-valeur": "3"}).text
    assert "Une mesure est déjà saisie à cette date pour cet indicateur." in page
    page = client.post(url, {f"{prefixe}-date": "2099-01-31", f"{prefixe}-valeur": "3"}).text
    assert "La date de la mesure ne peut pas être dans le futur." in page
    assert Mesure.objects.count() == 1


def test_le_formulaire_de_correction_d_une_mesure_s_ouvre_a_la_demande(fiche, client_de, compte_pilote):
    """Years of monthly measures would draw hundreds of forms nobody opens: each measure has a link
    that fetches its form in place (htmx) or opens it on its own page, and a refused correction
    comes back on the fiche with its error."""
    indicateur = IndicateurFactory(fiche=fiche)
    mesures = [
        MesureFactory(indicateur=indicateur, date=date(2026, mois, 1), valeur=mois) for mois in (1, 2, 3)
    ]
    client = client_de(compte_pilote)
    url = f"/plan/fiches/1.1/mesures/{mesures[0].pk}/correction/"

    page = client.get("/plan/fiches/1.1/").text
    assert "Enregistrer la correction" not in page
    assert page.count('hx-get="/plan/fiches/1.1/mesures/') == 3
    assert f'href="{url}" hx-get="{url}"' in page

    fragment = client.get(url, headers=HTMX).text
    assert "<html" not in fragment
    assert f'name="correction-{mesures[0].pk}-valeur"' in fragment
    seule = client.get(url).text
    assert "<h1" in seule and "Corriger la mesure du 1er janvier 2026" in seule

    page = client.post(url, {f"correction-{mesures[0].pk}-valeur": "7"}).text
    assert "Indiquez pourquoi la mesure est corrigée." in page
    assert page.count("Enregistrer la correction") == 1
    assert Mesure.objects.count() == 3


def test_une_fiche_sans_pilote_ni_dates_s_affiche(plan, client_de, compte_direction):
    FicheActionFactory(axe=AxeFactory(plan=plan, numero=3), numero=1, pilote=None)
    page = client_de(compte_direction).get("/plan/fiches/3.1/").text
    assert "Non désigné" in page and "Non fixée" in page and "Non planifiée" in page
