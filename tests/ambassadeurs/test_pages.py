"""The programme's pages: what the staff see and type, what the board may see."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadeurs.models import VERSION_NOTICE, Ambassadeur, Intervention
from tests.factories import (
    AmbassadeurFactory,
    AntenneFactory,
    EvenementFactory,
    InterventionFactory,
    MembreEquipeFactory,
    PartenaireFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe(groupes_de_roles, compte_equipe, client_de):
    return client_de(compte_equipe)


def formulaire(antenne, **valeurs):
    jour = timezone.localdate()
    donnees = {
        "prenom": "Lina",
        "nom": "Fictive",
        "annee_naissance": jour.year - 22,
        "email": "lina@exemple.invalid",
        "antenne": antenne.pk,
        "consentement": "on",
        "consentement_le": jour.isoformat(),
        "date_sensibilise": (jour - timedelta(days=60)).isoformat(),
        "date_candidat": (jour - timedelta(days=30)).isoformat(),
        "dernier_contact_le": jour.isoformat(),
    }
    donnees.update(valeurs)
    return {k: v for k, v in donnees.items() if v is not None}


def test_la_liste_montre_les_ambassadeurs_mais_pas_les_anonymises(equipe):
    AmbassadeurFactory(prenom="Lina", nom="Visible")
    AmbassadeurFactory(nom="Cachee").anonymiser()
    page = equipe.get(reverse("ambassadeurs:liste")).content.decode()
    assert "Lina Visible" in page and "Cachee" not in page and "Ambassadeur anonymisé" not in page
    page = equipe.get(reverse("ambassadeurs:liste"), {"anonymises": "seuls"}).content.decode()
    assert "Ambassadeur anonymisé n°" in page and "Visible" not in page


def test_la_liste_filtre_les_mineurs_sans_autorisation_parentale(equipe):
    annee = timezone.localdate().year
    AmbassadeurFactory(nom="Mineure", annee_naissance=annee - 16)
    AmbassadeurFactory(
        nom="Autorisee", annee_naissance=annee - 16, autorisation_parentale_le=timezone.localdate()
    )
    AmbassadeurFactory(nom="Majeure", annee_naissance=annee - 25)
    page = equipe.get(reverse("ambassadeurs:liste"), {"autorisation": "manquante"}).content.decode()
    assert "Mineure" in page and "Autorisee" not in page and "Majeure" not in page


def test_inscrire_un_jeune_enregistre_son_consentement_et_la_version_de_la_notice(equipe):
    antenne = AntenneFactory()
    reponse = equipe.post(reverse("ambassadeurs:creer"), formulaire(antenne))
    ambassadeur = Ambassadeur.objects.get()
    assert reponse.url == ambassadeur.get_absolute_url()
    assert ambassadeur.version_notice == VERSION_NOTICE
    assert ambassadeur.consentement_le == timezone.localdate()
    assert ambassadeur.etape == Ambassadeur.Etape.CANDIDAT
    assert ambassadeur.history.count() == 1


def test_le_formulaire_montre_la_finalite_et_la_base_legale(equipe):
    page = equipe.get(reverse("ambassadeurs:creer")).content.decode()
    assert "Finalité et base légale" in page and "consentement du jeune" in page


@pytest.mark.usefixtures("contexte_des_reponses")
@pytest.mark.parametrize(
    ("valeurs", "champ", "message"),
    [
        ({"consentement": None}, "consentement", "Sans consentement recueilli"),
        (
            {"annee_naissance": timezone.localdate().year - 16},
            "autorisation_parentale_le",
            "peut être mineur",
        ),
        ({"annee_naissance": 1950}, "annee_naissance", "Le programme s'adresse aux jeunes"),
        (
            {"date_candidat": (timezone.localdate() - timedelta(days=90)).isoformat()},
            "date_candidat",
            "les étapes se suivent dans l'ordre",
        ),
        (
            {"date_candidat": None, "date_selectionne": timezone.localdate().isoformat()},
            "date_selectionne",
            "Renseignez d'abord la date de l'étape « Candidat »",
        ),
        (
            {"dernier_contact_le": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "dernier_contact_le",
            "Cette date est dans le futur",
        ),
        ({"droit_image": "on"}, "droit_image_le", "Indiquez la date à laquelle le droit à l'image"),
        ({"consentement_le": "1899-01-01"}, "consentement_le", "Indiquez une date entre 2000 et 2100"),
    ],
)
def test_le_formulaire_refuse_une_saisie_incorrecte_avec_un_message_pres_du_champ(
    equipe, valeurs, champ, message
):
    reponse = equipe.post(reverse("ambassadeurs:creer"), formulaire(AntenneFactory(), **valeurs))
    assert reponse.status_code == 200
    assert message in " ".join(reponse.context["form"].errors[champ])
    assert not Ambassadeur.objects.exists()


def test_un_mineur_avec_autorisation_parentale_est_inscrit(equipe):
    jour = timezone.localdate()
    equipe.post(
        reverse("ambassadeurs:creer"),
        formulaire(
            AntenneFactory(), annee_naissance=jour.year - 16, autorisation_parentale_le=jour.isoformat()
        ),
    )
    assert not Ambassadeur.objects.get().autorisation_manquante


def test_la_fiche_d_un_ambassadeur_montre_son_parcours_et_ses_interventions(equipe):
    referent = MembreEquipeFactory(prenom="Paule", nom="Référente")
    ambassadeur = AmbassadeurFactory(referent=referent)
    intervention = InterventionFactory(lieu="Lycée fictif")
    intervention.presences.create(ambassadeur=ambassadeur, retour="J'ai aimé parler aux autres.")
    page = equipe.get(ambassadeur.get_absolute_url()).content.decode()
    assert "Lycée fictif" in page and "aimé parler aux autres" in page and "Paule Référente" in page
    assert "Sensibilisé" in page


def test_enregistrer_une_intervention_avec_ses_ambassadeurs_et_ses_partenaires(equipe):
    a = AmbassadeurFactory(nom="Nomtémoin", dernier_contact_le=timezone.localdate() - timedelta(days=40))
    b = AmbassadeurFactory()
    partenaire = PartenaireFactory()
    evenement = EvenementFactory(date=timezone.localdate())
    reponse = equipe.post(
        reverse("ambassadeurs:intervention-creer"),
        {
            "type": "portes_ouvertes",
            "date": timezone.localdate().isoformat(),
            "lieu": "Antenne fictive",
            "ambassadeurs": [a.pk, b.pk],
            "partenaires": [partenaire.pk],
            "evenement": evenement.pk,
            "public_touche": 45,
            "retour_referent": "Bonne affluence.",
        },
    )
    intervention = Intervention.objects.get()
    assert reponse.url == intervention.get_absolute_url()
    assert set(intervention.ambassadeurs.all()) == {a, b}
    # Being there is a contact: the retention period starts again from the intervention.
    a.refresh_from_db()
    assert a.dernier_contact_le == timezone.localdate() and a.history.count() == 2
    assert list(intervention.partenaires.all()) == [partenaire]
    # The partner event's page, which the board reads, counts the ambassadors without naming them.
    page = equipe.get(evenement.get_absolute_url()).content.decode()
    assert "2 ambassadeur(s), 45 jeune(s)" in page and a.nom not in page


@pytest.mark.usefixtures("contexte_des_reponses")
def test_une_intervention_future_ou_sur_un_autre_jour_que_son_evenement_est_refusee(equipe):
    jour = timezone.localdate()
    evenement = EvenementFactory(date=jour - timedelta(days=10))
    reponse = equipe.post(
        reverse("ambassadeurs:intervention-creer"),
        {"type": "forum", "date": (jour + timedelta(days=1)).isoformat(), "lieu": "Ici", "public_touche": 3},
    )
    assert (
        "enregistrez l'intervention une fois qu'elle a eu lieu" in reponse.context["form"].errors["date"][0]
    )
    reponse = equipe.post(
        reverse("ambassadeurs:intervention-creer"),
        {
            "type": "forum",
            "date": jour.isoformat(),
            "lieu": "Ici",
            "public_touche": 3,
            "evenement": evenement.pk,
        },
    )
    assert "pas le jour de l'intervention" in reponse.context["form"].errors["evenement"][0]
    reponse = equipe.post(
        reverse("ambassadeurs:intervention-creer"),
        {"type": "forum", "date": jour.isoformat(), "lieu": "Ici", "public_touche": -4},
    )
    assert "public_touche" in reponse.context["form"].errors
    assert not Intervention.objects.exists()


def test_les_retours_des_jeunes_s_enregistrent_par_intervention(equipe):
    intervention = InterventionFactory()
    presence = intervention.presences.create(ambassadeur=AmbassadeurFactory())
    url = reverse("ambassadeurs:intervention-retours", args=[intervention.pk])
    assert "Retour de" in equipe.get(url).content.decode()
    equipe.post(
        url,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": presence.pk,
            "form-0-retour": "Intimidant au début, puis très bien.",
        },
    )
    presence.refresh_from_db()
    assert presence.retour == "Intimidant au début, puis très bien."


def test_l_export_json_donne_toutes_les_donnees_de_la_personne(equipe):
    ambassadeur = AmbassadeurFactory(prenom="Lina", nom="Fictive", telephone="06 00 00 00 00")
    InterventionFactory(lieu="Forum fictif").presences.create(ambassadeur=ambassadeur, retour="Super")
    reponse = equipe.get(reverse("ambassadeurs:export", args=[ambassadeur.pk, "json"]))
    assert (
        reponse["Content-Disposition"] == f'attachment; filename="donnees-ambassadeur-{ambassadeur.pk}.json"'
    )
    assert reponse["Cache-Control"] == "private, no-store"
    donnees = json.loads(reponse.content)
    assert donnees["identite"]["prenom"] == "Lina" and donnees["identite"]["telephone"] == "06 00 00 00 00"
    assert donnees["consentement"]["version_notice"] == "2026-1"
    assert donnees["interventions"] == [
        {
            "date": timezone.localdate().isoformat(),
            "type": "Forum",
            "lieu": "Forum fictif",
            "retour_du_jeune": "Super",
        }
    ]
    assert "Base légale" in donnees["finalite"]


def test_l_export_pdf_est_un_pdf(equipe):
    ambassadeur = AmbassadeurFactory()
    reponse = equipe.get(reverse("ambassadeurs:export", args=[ambassadeur.pk, "pdf"]))
    assert reponse["Content-Type"] == "application/pdf" and reponse.content.startswith(b"%PDF")


def test_l_effacement_demande_une_confirmation_puis_anonymise(groupes_de_roles, compte_direction, client_de):
    direction = client_de(compte_direction)
    ambassadeur = AmbassadeurFactory(prenom="Lina", nom="Effacee")
    url = reverse("ambassadeurs:effacer", args=[ambassadeur.pk])
    direction.post(url)
    ambassadeur.refresh_from_db()
    assert ambassadeur.nom == "Effacee"
    reponse = direction.post(url, {"confirmation": "effacer"})
    assert reponse.url == reverse("ambassadeurs:liste")
    ambassadeur.refresh_from_db()
    assert ambassadeur.est_anonymise and ambassadeur.nom == "" and ambassadeur.email == ""
    assert not ambassadeur.history.filter(nom="Effacee").exists()
    assert direction.get(url).status_code == 404


def test_le_conseil_voit_les_chiffres_sans_aucun_nom(groupes_de_roles, compte_ca, client_de):
    jour = timezone.localdate()
    # Names no factory draws: the accounts' random names (the board member's, say) cannot match them.
    actif = AmbassadeurFactory(
        prenom="Prénomtémoin",
        nom="Nomtémoin",
        date_candidat=jour - timedelta(days=300),
        date_selectionne=jour - timedelta(days=200),
        date_actif=jour - timedelta(days=100),
    )
    InterventionFactory(public_touche=40).presences.create(ambassadeur=actif)
    conseil = client_de(compte_ca)
    page = conseil.get(reverse("ambassadeurs:chiffres")).content.decode()
    assert "Prénomtémoin" not in page and "Nomtémoin" not in page
    assert "Jeunes ambassadeurs actifs" in page and "40 jeunes touchés" in page
    assert conseil.get(reverse("ambassadeurs:liste")).status_code == 403
    assert conseil.get(actif.get_absolute_url()).status_code == 403


def test_le_conseil_n_a_aucune_permission_sur_les_lignes_nominatives(
    groupes_de_roles, compte_ca, compte_equipe
):
    assert not any(p.startswith("ambassadeurs.") for p in compte_ca.get_all_permissions())
    assert compte_equipe.has_perm("ambassadeurs.view_ambassadeur")


@pytest.mark.parametrize(
    "criteres",
    [
        {"antenne": "abc", "page": "zzz", "sort": "inconnu"},
        {"etape": "astronaute", "anonymises": "peut-etre"},
        {"q": "x" * 500, "autorisation": "manquante", "page": "9999"},
    ],
)
def test_la_liste_repond_a_des_criteres_absurdes(equipe, criteres):
    AmbassadeurFactory()
    assert equipe.get(reverse("ambassadeurs:liste"), criteres).status_code == 200


def test_la_liste_des_interventions_repond_a_des_dates_absurdes(equipe):
    InterventionFactory()
    reponse = equipe.get(reverse("ambassadeurs:intervention-list"), {"du": "hier", "au": "31/02/2026"})
    assert reponse.status_code == 200
