"""Antennes, permanences, the staff register and the offer of services, kept from the application:
Direction edits everything, a responsable d'antenne their own antenne, everyone logged in reads."""

from decimal import Decimal

import pytest
from django.utils import timezone

from antennes.models import Antenne, Commune, MembreEquipe, OffreAntenne, Permanence, ThemeOffre
from antennes.views import PERMANENCES_PAR_PAGE
from partenaires.models import Partenaire
from suivi.indicateurs import REGISTRE
from tests.factories import AntenneFactory, MembreEquipeFactory, PermanenceFactory, UserFactory
from tests.plan.html import main


@pytest.fixture
def siege(plan_charge):
    return Antenne.objects.get(est_siege=True)


@pytest.fixture
def bruay(plan_charge):
    commune = Commune.objects.get(nom="Bruay-la-Buissière")
    return Antenne.objects.create(nom="Antenne de Bruay", adresse="1 rue de la Gare", commune=commune)


def rendre_responsable(user, antenne):
    membre = MembreEquipeFactory(
        utilisateur=user,
        antenne=antenne,
        poste=MembreEquipe.Poste.RESPONSABLE,
        prenom="Rita",
        nom="Responsable",
    )
    antenne.responsable = membre
    antenne.save(update_fields=["responsable"])
    return membre


def donnees_antenne(antenne, **changements):
    donnees = {
        "nom": antenne.nom,
        "adresse": antenne.adresse,
        "commune": antenne.commune_id,
        "latitude": "",
        "longitude": "",
        "telephone": "03 21 00 00 00",
        "email": "",
        "horaires": "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
        "accessibilite": "oui",
        "lien_acceslibre": "",
        "responsable": antenne.responsable_id or "",
    }
    return donnees | changements


# Reading ------------------------------------------------------------------------------------------


def test_la_liste_des_antennes_compte_celles_du_projet(siege, bruay, client_de, compte_ca):
    page = main(client_de(compte_ca).get("/antennes/"))
    assert "2 antennes enregistrées sur les 10 que compte le projet" in page.texte()
    lignes = page.un("table").un("tbody").tous("tr")
    assert [ligne.un("th").texte() for ligne in lignes] == ["Béthune (siège) Siège", "Antenne de Bruay"]
    assert "Ajouter une antenne" not in page.texte()


def test_la_fiche_d_une_antenne_dit_ses_horaires_en_francais_son_accessibilite_et_son_equipe(
    bruay, client_de, compte_equipe
):
    bruay.horaires = "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00"
    bruay.accessibilite = Antenne.Accessibilite.PARTIELLE
    bruay.lien_acceslibre = "https://acceslibre.beta.gouv.fr/app/62-bruay/a/fictif/"
    bruay.save()
    MembreEquipeFactory(antenne=bruay, prenom="Léa", nom="Conseillère", poste=MembreEquipe.Poste.CONSEILLER)
    MembreEquipeFactory(antenne=bruay, prenom="Partie", nom="Avant", date_depart="2024-01-31")
    emploi = ThemeOffre.objects.get(code="emploi")
    OffreAntenne.objects.create(antenne=bruay, theme=emploi, modalite=OffreAntenne.Modalite.ANTENNE)
    texte = main(client_de(compte_equipe).get(f"/antennes/{bruay.pk}/")).texte()
    assert "Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h" in texte
    assert "Le samedi, 9 h – 12 h" in texte
    assert "Partiellement accessible — fiche Acceslibre" in texte
    assert "mairie de Bruay-la-Buissière, approximative" in texte
    assert "Léa Conseillère — Conseiller ou conseillère (CISP)" in texte
    assert "Partie Avant" not in texte
    assert "Emploi Dans l'antenne" in texte
    assert "Modifier l'antenne" not in texte


# Writing: Direction --------------------------------------------------------------------------------


def test_la_direction_cree_une_antenne_placee_par_defaut_a_la_mairie(
    plan_charge, client_de, compte_direction
):
    commune = Commune.objects.get(nom="Auchel")
    nouvelle = Antenne(nom="Antenne d'Auchel", adresse="2 rue Roger Salengro", commune=commune)
    reponse = client_de(compte_direction).post("/antennes/nouvelle/", donnees_antenne(nouvelle))
    antenne = Antenne.objects.get(nom="Antenne d'Auchel")
    assert reponse.url == f"/antennes/{antenne.pk}/"
    assert not antenne.est_siege
    assert antenne.position == (commune.latitude, commune.longitude)
    assert antenne.position_approximative


def test_des_horaires_illisibles_sont_refuses_a_cote_du_champ(bruay, client_de, compte_direction):
    reponse = client_de(compte_direction).post(
        f"/antennes/{bruay.pk}/modifier/", donnees_antenne(bruay, horaires="du lundi au vendredi 9h-12h")
    )
    assert reponse.status_code == 200
    erreur = main(reponse).un(id_="error_1_id_horaires")
    assert "écrivez les jours puis les heures" in erreur.texte()
    bruay.refresh_from_db()
    assert bruay.horaires == ""


@pytest.mark.parametrize(
    ("latitude", "longitude", "champ", "message"),
    [
        ("48.85661", "2.35222", "latitude", "hors de l'arrondissement de Béthune"),  # Paris
        ("2.63825", "50.53049", "latitude", "hors de l'arrondissement de Béthune"),  # inverted
        ("50.53049", "", "longitude", "Indiquez la latitude et la longitude"),
        ("95", "2.6", "latitude", "hors de l'arrondissement de Béthune"),
    ],
)
def test_des_coordonnees_hors_de_l_arrondissement_sont_refusees(
    bruay, client_de, compte_direction, latitude, longitude, champ, message
):
    reponse = client_de(compte_direction).post(
        f"/antennes/{bruay.pk}/modifier/", donnees_antenne(bruay, latitude=latitude, longitude=longitude)
    )
    assert reponse.status_code == 200
    assert message in main(reponse).un(id_=f"error_1_id_{champ}").texte()
    bruay.refresh_from_db()
    assert bruay.latitude is None


def test_des_coordonnees_dans_l_arrondissement_remplacent_la_mairie(bruay, client_de, compte_direction):
    client_de(compte_direction).post(
        f"/antennes/{bruay.pk}/modifier/", donnees_antenne(bruay, latitude="50,48210", longitude="2.54830")
    )
    bruay.refresh_from_db()
    assert bruay.position == (Decimal("50.48210"), Decimal("2.54830"))
    assert not bruay.position_approximative


# Writing: the responsable d'antenne ---------------------------------------------------------------


def test_le_responsable_modifie_son_antenne_mais_pas_une_autre_ni_son_responsable(
    siege, bruay, client_de, compte_equipe
):
    rendre_responsable(compte_equipe, bruay)
    client = client_de(compte_equipe)
    page = client.get(f"/antennes/{bruay.pk}/modifier/")
    assert page.status_code == 200
    assert 'name="responsable"' not in page.text
    reponse = client.post(
        f"/antennes/{bruay.pk}/modifier/", donnees_antenne(bruay, telephone="03 21 99 99 99")
    )
    assert reponse.status_code == 302
    bruay.refresh_from_db()
    assert bruay.telephone == "03 21 99 99 99"
    assert bruay.responsable.utilisateur == compte_equipe
    assert client.get(f"/antennes/{siege.pk}/modifier/").status_code == 403
    assert client.post(f"/antennes/{siege.pk}/modifier/", donnees_antenne(siege)).status_code == 403
    assert client.get("/antennes/nouvelle/").status_code == 403


def test_un_responsable_devenu_membre_du_conseil_ne_modifie_plus_rien(bruay, client_de, compte_ca):
    rendre_responsable(compte_ca, bruay)
    assert client_de(compte_ca).get(f"/antennes/{bruay.pk}/modifier/").status_code == 403


def test_le_responsable_ajoute_une_permanence_a_son_antenne_seulement(siege, bruay, client_de, compte_equipe):
    rendre_responsable(compte_equipe, bruay)
    client = client_de(compte_equipe)
    houdain = Commune.objects.get(nom="Houdain")
    donnees = {
        "lieu": "Mairie de Houdain",
        "commune": houdain.pk,
        "antenne": siege.pk,
        "jours_horaires": "Tu[2] 14:00-17:00",
    }
    reponse = client.post("/antennes/permanences/nouvelle/", donnees)
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in main(reponse).un(id_="error_1_id_antenne").texte()
    reponse = client.post("/antennes/permanences/nouvelle/", donnees | {"antenne": bruay.pk})
    permanence = Permanence.objects.get(lieu="Mairie de Houdain")
    assert reponse.url == f"/antennes/{bruay.pk}/#permanence-{permanence.pk}"
    autre = PermanenceFactory(antenne=siege, commune=houdain)
    assert client.post(f"/antennes/permanences/{autre.pk}/supprimer/").status_code == 403
    assert client.post(f"/antennes/permanences/{permanence.pk}/supprimer/").status_code == 302
    assert not Permanence.objects.filter(pk=permanence.pk).exists()


def test_des_jours_de_permanence_illisibles_sont_refuses(siege, client_de, compte_direction):
    reponse = client_de(compte_direction).post(
        "/antennes/permanences/nouvelle/",
        {
            "lieu": "Mairie",
            "commune": siege.commune_id,
            "antenne": siege.pk,
            "jours_horaires": "le mardi matin",
        },
    )
    assert "écrivez les jours puis les heures" in main(reponse).un(id_="error_1_id_jours_horaires").texte()
    assert not Permanence.objects.exists()


def test_la_liste_des_permanences_donne_theme_partenaires_et_horaires(siege, client_de, compte_ca):
    PermanenceFactory(
        lieu="Centre social",
        commune=Commune.objects.get(nom="Lillers"),
        antenne=siege,
        theme=ThemeOffre.objects.get(code="logement"),
        partenaire_hote=Partenaire.objects.get(nom="Adice"),
        jours_horaires="Th 13:30-16:30",
    )
    ligne = main(client_de(compte_ca).get("/antennes/permanences/")).un("table").un("tbody").un("tr")
    assert ligne.texte() == (
        "Centre social Lillers Logement Le jeudi, 13 h 30 – 16 h 30 Adice — Béthune (siège)"
    )


def test_la_liste_des_permanences_se_lit_par_pages_au_dela_de_cent(siege, client_de, compte_ca):
    lillers = Commune.objects.get(nom="Lillers")
    Permanence.objects.bulk_create(
        Permanence(lieu=f"Lieu {n:03d}", commune=lillers, antenne=siege)
        for n in range(PERMANENCES_PAR_PAGE + 1)
    )
    client = client_de(compte_ca)
    premiere = main(client.get("/antennes/permanences/"))
    assert f"{PERMANENCES_PAR_PAGE + 1} permanences enregistrées" in premiere.texte()
    assert len(premiere.un("table").un("tbody").tous("tr")) == PERMANENCES_PAR_PAGE
    assert "Page 1 sur 2" in premiere.un("nav", **{"aria-label": "Pages des permanences"}).texte()
    derniere = main(client.get("/antennes/permanences/?page=2")).un("table").un("tbody").tous("tr")
    assert [ligne.un("th").texte() for ligne in derniere] == [f"Lieu {PERMANENCES_PAR_PAGE:03d}"]


# The staff register ------------------------------------------------------------------------------


def test_la_direction_inscrit_une_personne_au_registre_avec_un_compte_libre(
    bruay, client_de, compte_direction, compte_equipe
):
    deja = UserFactory(username="deja-inscrit")
    MembreEquipeFactory(utilisateur=deja, antenne=bruay)
    client = client_de(compte_direction)
    formulaire = client.get("/antennes/equipes/nouveau/").text
    assert f'value="{compte_equipe.pk}"' in formulaire
    assert f'value="{deja.pk}"' not in formulaire
    reponse = client.post(
        "/antennes/equipes/nouveau/",
        {
            "prenom": "Emma",
            "nom": "Équipière",
            "poste": "accueil",
            "antenne": bruay.pk,
            "utilisateur": compte_equipe.pk,
        },
    )
    assert reponse.url == "/antennes/equipes/"
    membre = MembreEquipe.objects.get(utilisateur=compte_equipe)
    assert (membre.poste, membre.antenne) == ("accueil", bruay)
    reponse = client.post(
        "/antennes/equipes/nouveau/",
        {
            "prenom": "X",
            "nom": "Y",
            "poste": "accueil",
            "date_arrivee": "2025-06-01",
            "date_depart": "2025-01-01",
        },
    )
    assert "La date d'arrivée doit précéder la date de départ." in main(reponse).texte()


def test_le_registre_se_filtre_par_poste_et_cache_les_personnes_parties(bruay, client_de, compte_equipe):
    MembreEquipeFactory(antenne=bruay, prenom="Alix", nom="Accueil", poste="accueil")
    MembreEquipeFactory(antenne=bruay, prenom="Claude", nom="Conseil", poste="conseiller")
    MembreEquipeFactory(antenne=bruay, prenom="Sacha", nom="Parti", poste="accueil", date_depart="2025-01-31")
    client = client_de(compte_equipe)
    texte = main(client.get("/antennes/equipes/?poste=accueil")).un("table").texte()
    assert "Accueil Alix" in texte and "Conseil Claude" not in texte and "Parti" not in texte
    assert "Parti Sacha" in main(client.get("/antennes/equipes/?poste=accueil&anciens=1")).un("table").texte()
    assert client.get("/antennes/equipes/nouveau/").status_code == 403


# The offer of services (fiche 1.2) -------------------------------------------------------------------


def test_la_matrice_croise_les_themes_du_catalogue_et_les_antennes(siege, bruay, client_de, compte_ca):
    themes = list(ThemeOffre.objects.all())
    assert [t.code for t in themes][:3] == ["emploi", "formation", "logement"]
    for theme in themes:
        OffreAntenne.objects.create(antenne=siege, theme=theme, modalite=OffreAntenne.Modalite.ANTENNE)
    OffreAntenne.objects.create(
        antenne=bruay,
        theme=themes[0],
        modalite=OffreAntenne.Modalite.PARTENAIRE,
        partenaire=Partenaire.objects.get(nom="Adice"),
    )
    page = main(client_de(compte_ca).get("/antennes/offre-de-service/"))
    matrice = page.un("table", classe="matrice-offre")
    lignes = matrice.un("tbody").tous("tr")
    assert lignes[0].tous("td")[-1].texte() == "100 %"
    assert lignes[1].tous("td")[0].texte() == "Via la permanence d'un partenaire Adice"
    assert lignes[1].tous("td")[1].texte() == "Absent"
    assert len(themes) == 8
    assert lignes[1].tous("td")[-1].texte() == "13 %"
    manques = page.un("section", **{"aria-labelledby": "titre-manques"}).texte()
    assert f"{len(themes) - 1} thèmes absents d'une antenne" in manques
    assert "Antenne de Bruay : formation" in manques
    assert "50 % des antennes offrent tout le catalogue" in page.texte()


def test_le_responsable_renseigne_l_offre_de_son_antenne(bruay, client_de, compte_equipe):
    membre = rendre_responsable(compte_equipe, bruay)
    adice = Partenaire.objects.get(nom="Adice")
    PermanenceFactory(antenne=bruay, commune=bruay.commune, partenaire_thematique=adice)
    themes = list(ThemeOffre.objects.all())
    donnees = {f"theme-{t.pk}-modalite": "antenne" for t in themes}
    donnees[f"theme-{themes[0].pk}-referent"] = membre.pk
    donnees[f"theme-{themes[1].pk}-modalite"] = "partenaire"
    client = client_de(compte_equipe)
    reponse = client.post(f"/antennes/{bruay.pk}/offre/", donnees)
    assert reponse.status_code == 200
    assert "Indiquez le partenaire" in reponse.text
    assert not OffreAntenne.objects.exists()
    donnees[f"theme-{themes[1].pk}-partenaire"] = adice.pk
    assert client.post(f"/antennes/{bruay.pk}/offre/", donnees).status_code == 302
    assert OffreAntenne.objects.filter(antenne=bruay).count() == len(themes)
    assert OffreAntenne.objects.get(antenne=bruay, theme=themes[0]).referent == membre
    assert OffreAntenne.objects.get(antenne=bruay, theme=themes[1]).partenaire == adice
    autre = AntenneFactory()
    assert client.post(f"/antennes/{autre.pk}/offre/", donnees).status_code == 403


def test_seule_la_direction_modifie_le_catalogue(plan_charge, client_de, compte_direction, compte_equipe):
    assert client_de(compte_equipe).get("/antennes/offre-de-service/themes/nouveau/").status_code == 403
    reponse = client_de(compte_direction).post(
        "/antennes/offre-de-service/themes/nouveau/",
        {"libelle": "Numérique", "code": "numerique", "public": "jeunes", "ordre": 9},
    )
    assert reponse.url == "/antennes/offre-de-service/"
    assert ThemeOffre.objects.filter(code="numerique").exists()


# Indicators ----------------------------------------------------------------------------------------


def mesurer(code):
    return REGISTRE[code].calculer(timezone.localdate())


def test_la_part_des_communes_a_10_km_monte_avec_une_permanence_eloignee(siege):
    avant = mesurer("territoire-communes-a-10-km")
    assert Decimal(0) < avant < Decimal(100)
    PermanenceFactory(antenne=siege, commune=Commune.objects.get(nom="Saint-Venant"))
    assert mesurer("territoire-communes-a-10-km") > avant


def test_la_part_des_antennes_offrant_tout_le_catalogue_suit_la_matrice(siege, bruay):
    assert mesurer("offre-antennes-catalogue-complet") == Decimal("0.00")
    for theme in ThemeOffre.objects.all():
        OffreAntenne.objects.create(antenne=siege, theme=theme, modalite=OffreAntenne.Modalite.ANTENNE)
    assert mesurer("offre-antennes-catalogue-complet") == Decimal("50.00")
    assert REGISTRE["offre-antennes-catalogue-complet"].fiche == "1.2"


def test_le_registre_se_lit_par_pages_de_cent_personnes_en_gardant_les_filtres(
    plan_charge, client_de, compte_equipe
):
    from antennes.models import MembreEquipe

    MembreEquipe.objects.bulk_create(
        MembreEquipe(prenom="Camille", nom=f"Fictive {rang:03d}", poste=MembreEquipe.Poste.CONSEILLER)
        for rang in range(101)
    )
    client = client_de(compte_equipe)
    premiere = client.get("/antennes/equipes/", {"poste": MembreEquipe.Poste.CONSEILLER}).text
    assert premiere.count("Fictive ") == 100
    assert "Page 1 sur 2 (101 personnes)" in premiere
    assert f"?poste={MembreEquipe.Poste.CONSEILLER}&amp;page=2" in premiere
    seconde = client.get("/antennes/equipes/", {"poste": MembreEquipe.Poste.CONSEILLER, "page": "2"}).text
    assert seconde.count("Fictive ") == 1
