"""The directory, the contact person and its history, events, communication materials, their
computed indicators and the partners' layer of the territory map."""

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from antennes.carte import COUCHES, PointCarte
from antennes.models import Commune, Permanence, ThemeOffre
from partenaires import extensions
from partenaires.models import (
    ChampIntervention,
    Convention,
    Diffusion,
    Evenement,
    HistoriqueContact,
    Partenaire,
    Participation,
    SuiteEvenement,
    Support,
)
from suivi import indicateurs
from suivi.models import Mesure
from tests.factories import (
    AntenneFactory,
    DiffusionFactory,
    EvenementFactory,
    ParticipationFactory,
    SupportFactory,
    VersionSupportFactory,
)
from tests.plan.html import lire
from tests.plan.html import main as _main


def main(reponse):
    return _main(reponse).texte().replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def direction(comptes_par_role, client_de):
    return client_de(comptes_par_role["direction"])


@pytest.fixture
def equipe(comptes_par_role, client_de):
    return client_de(comptes_par_role["equipe"])


def noms(reponse):
    return [
        ligne.tous("a")[0].texte()
        for ligne in lire(reponse).un("table", id_="annuaire").un("tbody").tous("tr")
    ]


# Directory ---------------------------------------------------------------------------------------


def test_l_annuaire_dit_combien_de_partenaires_sont_enregistres_sur_les_495(plan_charge, equipe):
    texte = main(equipe.get("/partenaires/"))
    assert "9 partenaires enregistrés sur les 495 du réseau décrit par le projet" in texte


def test_l_annuaire_se_filtre_par_type_champ_commune_contact_convention_et_fiche(plan_charge, equipe):
    bethune = Commune.objects.get(code_insee="62119")
    financeur = Partenaire.objects.create(nom="Région (essai)", type="financeur", commune=bethune)
    Convention.objects.create(
        partenaire=financeur,
        objet="CPO",
        nature="financement",
        montant=Decimal("50000"),
        date_debut=timezone.localdate() - timedelta(days=10),
    )
    financeur.fiches.add(financeur.fiches.model.objects.get(code="3.2"))
    adice = Partenaire.objects.get(nom="Adice")
    adice.changer_contact(nom="Camille Exemple")
    assert noms(equipe.get("/partenaires/", {"type": "financeur"})) == ["Région (essai)"]
    champ = ChampIntervention.objects.get(nom="Justice")
    assert noms(equipe.get("/partenaires/", {"champ": champ.pk})) == ["SPIP"]
    assert noms(equipe.get("/partenaires/", {"commune": bethune.pk})) == ["Région (essai)"]
    assert noms(equipe.get("/partenaires/", {"contact": "avec"})) == ["Adice"]
    assert len(noms(equipe.get("/partenaires/", {"contact": "sans"}))) == 9
    assert noms(equipe.get("/partenaires/", {"convention": "en_cours"})) == ["Région (essai)"]
    fiche = financeur.fiches.get()
    assert noms(equipe.get("/partenaires/", {"fiche": fiche.pk})) == ["Région (essai)"]
    assert noms(equipe.get("/partenaires/", {"q": "camille"})) == ["Adice"]
    assert noms(equipe.get("/partenaires/", {"q": "noeux"})) == ["Lycée d'Artois de Nœux-les-Mines"]


def test_une_page_hors_limites_ou_un_tri_inconnu_ne_fait_pas_d_erreur(plan_charge, equipe):
    for parametres in (
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
        {"sort": "inconnu"},
        {"per_page": "-1"},
    ):
        assert equipe.get("/partenaires/", parametres).status_code == 200


def test_la_fiche_du_partenaire_montre_tout_ce_qui_le_concerne(plan_charge, equipe):
    adice = Partenaire.objects.get(nom="Adice")
    adice.changer_contact(nom="Première Personne", jour=timezone.localdate() - timedelta(days=30))
    adice.changer_contact(nom="Seconde Personne", fonction="Chargée de mobilité")
    adice.fiches.add(adice.fiches.model.objects.get(code="3.1"))
    antenne = AntenneFactory()
    Permanence.objects.create(
        lieu="Locaux d'Adice", commune=antenne.commune, antenne=antenne, partenaire_hote=adice
    )
    ParticipationFactory(partenaire=adice, evenement=EvenementFactory(titre="Petit-déjeuner"), present=True)
    DiffusionFactory(partenaire=adice, support=SupportFactory(titre="Livret 2026"), quantite=3)
    Convention.objects.create(
        partenaire=adice, objet="Mobilité européenne", nature="financement", montant=12000
    )
    texte = main(equipe.get(f"/partenaires/{adice.pk}/"))
    for attendu in [
        "Seconde Personne",
        "Chargée de mobilité",
        "Première Personne",
        "Changement de personne",
        "Locaux d'Adice",
        "Petit-déjeuner",
        "présent",
        "Livret 2026 : 3 exemplaires",
        "Mobilité européenne",
        "12 000 €",
        "3.1",
    ]:
        assert attendu in texte, attendu


def test_un_doublon_de_nom_dans_la_meme_commune_est_refuse_a_cote_du_champ(plan_charge, equipe):
    reponse = equipe.post("/partenaires/nouveau/", {"nom": "ADICE", "type": "associatif"})
    assert reponse.status_code == 200
    assert "Un partenaire de même nom existe déjà" in reponse.content.decode()
    reponse = equipe.post("/partenaires/nouveau/", {"nom": "Nouveau", "type": "associatif", "siret": "1234"})
    assert "Un SIRET compte exactement 14 chiffres." in reponse.content.decode()


def test_creer_un_partenaire_avec_son_contact(plan_charge, equipe, comptes_par_role):
    reponse = equipe.post(
        "/partenaires/nouveau/",
        {
            "nom": "Garage solidaire",
            "type": "associatif",
            "siret": "732 829 320 00074",
            "contact-nom": "Nora Test",
            "contact-email": "nora@exemple.invalid",
        },
    )
    partenaire = Partenaire.objects.get(nom="Garage solidaire")
    assert reponse["Location"] == f"/partenaires/{partenaire.pk}/"
    assert (partenaire.siret, partenaire.contact_nom, partenaire.contact_depuis) == (
        "73282932000074",
        "Nora Test",
        timezone.localdate(),
    )


# Contact person ------------------------------------------------------------------------------------


def test_le_formulaire_du_contact_dit_a_quoi_servent_les_donnees(plan_charge, equipe):
    adice = Partenaire.objects.get(nom="Adice")
    page = lire(equipe.get(f"/partenaires/{adice.pk}/contact/"))
    assert "Données professionnelles" in page.un(id_="finalite-contact").texte()


def test_changer_de_contact_garde_l_ancien_dans_l_historique(plan_charge, equipe, comptes_par_role):
    adice = Partenaire.objects.get(nom="Adice")
    url = f"/partenaires/{adice.pk}/contact/"
    equipe.post(url, {"nom": "Première Personne", "email": "premiere@exemple.invalid"})
    equipe.post(
        url, {"nom": "Première Personne", "email": "premiere@exemple.invalid", "telephone": "03 21 00"}
    )
    equipe.post(url, {"nom": "Seconde Personne"})
    adice.refresh_from_db()
    assert (adice.contact_nom, adice.contact_email) == ("Seconde Personne", "")
    assert list(adice.historique_contacts.order_by("pk").values_list("nom", "telephone", "motif")) == [
        ("Première Personne", "", "mise_a_jour"),
        ("Première Personne", "03 21 00", "remplacement"),
    ]
    assert adice.historique_contacts.first().par == comptes_par_role["equipe"]
    reponse = equipe.post(url, {"telephone": "03 21 00 00 00"})
    assert "Nommez la personne contact" in reponse.content.decode()
    reponse = equipe.post(url, {"nom": "X", "telephone": "appelez-moi"})
    assert "des chiffres, espaces et « + » seulement" in reponse.content.decode()


def test_la_direction_exporte_puis_efface_un_contact_a_sa_demande(plan_charge, direction, equipe):
    adice = Partenaire.objects.get(nom="Adice")
    adice.changer_contact(
        nom="Camille Martin", email="camille@exemple.invalid", jour=timezone.localdate() - timedelta(days=9)
    )
    adice.changer_contact(nom="Camille Martin", email="camille.martin@exemple.invalid")
    adice.changer_contact(nom="Autre Personne", email="autre@exemple.invalid")
    adice.changer_contact(nom="Camille Martin", email="camille.martin@exemple.invalid")
    evenement = EvenementFactory()
    ParticipationFactory(partenaire=adice, evenement=evenement, present=True)

    reponse = direction.get(f"/partenaires/{adice.pk}/contact/donnees.json")
    assert reponse["Content-Disposition"] == f'attachment; filename="contact-partenaire-{adice.pk}.json"'
    donnees = json.loads(reponse.content)
    assert donnees["contact_actuel"]["nom"] == "Camille Martin"
    assert [h["email"] for h in donnees["historique"]] == [
        "camille@exemple.invalid",
        "camille.martin@exemple.invalid",
    ]
    assert "Autre Personne" not in reponse.content.decode()
    assert "Joindre la personne" in donnees["finalite"]

    assert equipe.post(f"/partenaires/{adice.pk}/contact/effacer/").status_code == 403
    assert equipe.get(f"/partenaires/{adice.pk}/contact/donnees.json").status_code == 403
    direction.post(f"/partenaires/{adice.pk}/contact/effacer/")

    adice.refresh_from_db()
    assert (adice.contact_nom, adice.contact_email, adice.contact_depuis) == ("", "", None)
    assert not HistoriqueContact.objects.filter(nom__icontains="Camille").exists()
    assert not HistoriqueContact.objects.filter(email__icontains="camille").exists()
    assert HistoriqueContact.objects.filter(nom="Autre Personne").exists()  # someone else's details stay
    assert HistoriqueContact.objects.filter(partenaire=adice, motif="effacement").count() == 1
    assert Participation.objects.filter(partenaire=adice, evenement=evenement, present=True).exists()
    assert "Camille" not in direction.get(f"/partenaires/{adice.pk}/").content.decode()


# Events --------------------------------------------------------------------------------------------


def test_un_evenement_se_cree_puis_on_invite_et_on_note_les_presents(plan_charge, equipe):
    reponse = equipe.post(
        "/partenaires/evenements/nouveau/",
        {
            "type": "rencontre",
            "titre": "Rencontre mobilité",
            "date": "2026-03-12",
            "sujet": "Mobilité",
            "lieu": "Siège",
        },
    )
    evenement = Evenement.objects.get(titre="Rencontre mobilité")
    assert reponse["Location"] == f"/partenaires/evenements/{evenement.pk}/"
    url = f"/partenaires/evenements/{evenement.pk}/participants/"
    page = main(equipe.get(url, {"q": "adice"}))
    assert "Adice" in page and "SPIP" not in page
    adice, spip = Partenaire.objects.get(nom="Adice"), Partenaire.objects.get(nom="SPIP")
    equipe.post(url, {"action": "ajouter", "partenaires": [adice.pk]})
    justice = ChampIntervention.objects.get(nom="Justice")
    equipe.post(url, {"action": "ajouter-champ", "champ": justice.pk})
    equipe.post(url, {"action": "ajouter-champ", "champ": justice.pk})  # twice: no duplicate
    assert set(evenement.participations.values_list("partenaire__nom", "invite", "present")) == {
        ("Adice", True, False),
        ("SPIP", True, False),
    }
    participation = evenement.participations.get(partenaire=spip)
    equipe.post(
        url,
        {"action": "enregistrer", f"invite-{participation.pk}": "on", f"present-{participation.pk}": "on"},
    )
    assert set(evenement.participations.values_list("partenaire__nom", "invite", "present")) == {
        ("Adice", False, False),
        ("SPIP", True, True),
    }
    texte = main(equipe.get(f"/partenaires/evenements/{evenement.pk}/"))
    assert "1 invité, 1 présent" in texte


def test_les_suites_d_un_evenement_ont_un_responsable_une_echeance_et_se_marquent_faites(
    plan_charge, equipe, comptes_par_role
):
    evenement = EvenementFactory()
    reponse = equipe.post(f"/partenaires/evenements/{evenement.pk}/suites/", {"action": ""})
    assert reponse.status_code == 200 and "Ce champ est obligatoire." in reponse.content.decode()
    equipe.post(
        f"/partenaires/evenements/{evenement.pk}/suites/",
        {
            "action": "Envoyer le compte rendu",
            "responsable": comptes_par_role["pilote"].pk,
            "echeance": "2020-01-01",
        },
    )
    suite = SuiteEvenement.objects.get()
    assert suite.est_en_retard and suite.responsable == comptes_par_role["pilote"]
    assert "En retard" in main(equipe.get(f"/partenaires/evenements/{evenement.pk}/"))
    equipe.post(f"/partenaires/suites/{suite.pk}/faite/")
    suite.refresh_from_db()
    assert suite.faite_le == timezone.localdate()


def test_le_conseil_lit_les_evenements_sans_rien_modifier(plan_charge, comptes_par_role, client_de):
    ca = client_de(comptes_par_role["ca"])
    evenement = EvenementFactory()
    suite = SuiteEvenement.objects.create(evenement=evenement, action="Relancer")
    assert ca.get(f"/partenaires/evenements/{evenement.pk}/").status_code == 200
    adice = Partenaire.objects.get(nom="Adice")
    for url, donnees in [
        (
            f"/partenaires/evenements/{evenement.pk}/participants/",
            {"action": "ajouter", "partenaires": [adice.pk]},
        ),
        (f"/partenaires/suites/{suite.pk}/faite/", {}),
        (f"/partenaires/{adice.pk}/contact/", {"nom": "Intrus"}),
        ("/partenaires/import/", {}),
    ]:
        assert ca.post(url, donnees).status_code == 403, url
    assert not Participation.objects.exists()
    suite.refresh_from_db()
    assert suite.faite_le is None


def test_une_autre_application_ajoute_un_bloc_a_la_page_d_un_evenement(plan_charge, equipe, monkeypatch):
    monkeypatch.setattr(extensions, "BLOCS_EVENEMENT", {})
    extensions.enregistrer_bloc_evenement(
        "Interventions des ambassadeurs", lambda evenement: [(f"Témoignage à {evenement.titre}", "")]
    )
    evenement = EvenementFactory(titre="Forum")
    assert "Témoignage à Forum" in main(equipe.get(f"/partenaires/evenements/{evenement.pk}/"))


# Communication materials ----------------------------------------------------------------------------


def test_un_support_prend_la_fiche_de_sa_nature_et_signale_sa_revue_depassee(plan_charge, equipe):
    theme = ThemeOffre.objects.first()
    equipe.post(
        "/supports/nouveau/",
        {
            "titre": "Guide des jeunes",
            "nature": "guide_jeunes",
            "date_mise_a_jour": (timezone.localdate() - timedelta(days=400)).isoformat(),
            "periodicite_revue_mois": "12",
            "themes": [theme.pk],
        },
    )
    support = Support.objects.get(titre="Guide des jeunes")
    assert support.fiche.code == "2.2"
    assert support.est_a_revoir()
    texte = main(equipe.get("/supports/"))
    assert "1 support est à revoir" in texte and "À revoir depuis le" in texte
    assert "À revoir" in main(equipe.get(f"/supports/{support.pk}/"))


def test_chaque_version_a_son_qr_code_en_svg_vers_son_adresse(plan_charge, equipe):
    version = VersionSupportFactory(url="https://exemple.invalid/livret-2026")
    reponse = equipe.get(f"/supports/versions/{version.pk}/qr.svg")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "image/svg+xml"
    assert reponse.content.startswith(b"<svg") and b"https://exemple.invalid/livret-2026" in reponse.content
    assert (
        f'src="/supports/versions/{version.pk}/qr.svg"'
        in equipe.get(f"/supports/{version.support.pk}/").content.decode()
    )
    sans_adresse = VersionSupportFactory(url="")
    assert equipe.get(f"/supports/versions/{sans_adresse.pk}/qr.svg").status_code == 404


def test_une_diffusion_a_un_elu_compte_comme_remise_a_un_elu(plan_charge, equipe):
    support = SupportFactory()
    mairie = Partenaire.objects.get(nom="Mairie de Richebourg")
    url = f"/supports/{support.pk}/diffusions/nouvelle/"
    assert equipe.get(url, {"partenaire": mairie.pk}).status_code == 200
    equipe.post(
        url,
        {"type_destinataire": "partenaire", "partenaire": mairie.pk, "date": "2026-02-01", "quantite": "3"},
    )
    diffusion = Diffusion.objects.get()
    assert (diffusion.type_destinataire, diffusion.quantite, diffusion.support) == ("elu", 3, support)
    reponse = equipe.post(url, {"type_destinataire": "autre", "date": "2026-02-01", "quantite": "0"})
    texte = reponse.content.decode()
    assert "Choisissez un partenaire de l&#x27;annuaire ou nommez le destinataire." in texte
    assert Diffusion.objects.count() == 1


# Computed indicators, map -------------------------------------------------------------------------


def mesures():
    call_command("mesurer_indicateurs", stdout=io.StringIO())
    return dict(Mesure.objects.en_vigueur().values_list("indicateur__code", "valeur"))


def test_les_indicateurs_des_fiches_3_1_3_2_et_2_2_se_calculent_sans_saisie(plan_charge):
    jour = timezone.localdate()
    adice, spip = Partenaire.objects.get(nom="Adice"), Partenaire.objects.get(nom="SPIP")
    adice.changer_contact(nom="Camille Exemple")
    rencontre = EvenementFactory(type="rencontre", date=jour - timedelta(days=30))
    ParticipationFactory(evenement=rencontre, partenaire=adice, present=True)
    ParticipationFactory(evenement=rencontre, partenaire=spip, present=False)
    EvenementFactory(type="forum", date=jour - timedelta(days=30))  # not a meeting with partners
    EvenementFactory(type="temps_fort", date=jour - timedelta(days=400))  # too old
    livret = SupportFactory(nature="livret_partenaires", date_mise_a_jour=jour)
    SupportFactory(nature="autre", date_mise_a_jour=jour - timedelta(days=800))
    VersionSupportFactory(support=livret, format="papier")
    VersionSupportFactory(support=livret, format="web")
    DiffusionFactory(support=livret, partenaire=adice, quantite=5, type_destinataire="partenaire")
    DiffusionFactory(
        support=livret, partenaire=None, destinataire="M. le maire", quantite=2, type_destinataire="elu"
    )
    guide = SupportFactory(nature="guide_jeunes", date_mise_a_jour=jour)
    jeunes = list(ThemeOffre.objects.filter(public="jeunes"))
    guide.themes.set(jeunes[:3])
    DiffusionFactory(
        support=guide,
        partenaire=None,
        destinataire="Jeunes du forum",
        quantite=40,
        type_destinataire="jeunes",
    )

    valeurs = mesures()
    assert valeurs["partenaires-avec-contact"] == Decimal("11.11")
    assert valeurs["partenaires-recenses"] == 9
    assert valeurs["partenaires-presents-12-mois"] == Decimal("11.11")
    assert valeurs["rencontres-partenaires-12-mois"] == 1
    assert valeurs["champs-representes-12-mois"] == Decimal("11.11")  # 1 of the 9 champs
    assert valeurs["supports-a-jour"] == Decimal("66.67")
    assert valeurs["livret-exemplaires-12-mois"] == 7
    assert valeurs["livret-partenaires-destinataires"] == Decimal("11.11")
    assert valeurs["livret-formats"] == 2
    assert valeurs["guide-themes-couverts"] == (Decimal(300) / len(jeunes)).quantize(Decimal("0.01"))
    assert valeurs["guide-exemplaires-12-mois"] == 40
    assert {indicateurs.REGISTRE[c].fiche for c in valeurs if c in indicateurs.REGISTRE} >= {
        "2.2",
        "3.1",
        "3.2",
    }


def test_la_page_de_suivi_donne_la_part_avec_contact_par_champ(plan_charge, equipe):
    Partenaire.objects.get(nom="Adice").changer_contact(nom="Camille Exemple")
    page = lire(equipe.get("/partenaires/suivi/"))
    lignes = {
        ligne.un("th").texte(): ligne.texte()
        for ligne in page.un("table", id_="par-champ").un("tbody").tous("tr")
    }
    assert "100 %" in lignes["Mobilité internationale"].replace("\u202f", " ")
    assert "0 %" in lignes["Justice"].replace("\u202f", " ")
    assert "1 (11,1 %)" in page.un("main").texte().replace("\u202f", " ")


def test_les_partenaires_ayant_une_adresse_sont_une_couche_de_la_carte(plan_charge):
    libelle, points = COUCHES["partenaires"]
    assert libelle == "Partenaires"
    bethune = Commune.objects.get(code_insee="62119")
    Partenaire.objects.create(nom="Avec adresse", type="financeur", adresse="1 rue Haute", commune=bethune)
    Partenaire.objects.create(nom="Sans adresse", type="associatif", commune=bethune)
    (point,) = points()
    assert isinstance(point, PointCarte)
    assert (point.nom, point.categorie) == ("Avec adresse", "Financeur")
    assert (point.latitude, point.longitude) == (float(bethune.latitude), float(bethune.longitude))
    assert point.url == f"/partenaires/{Partenaire.objects.get(nom='Avec adresse').pk}/"
