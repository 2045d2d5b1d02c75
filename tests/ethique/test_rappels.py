"""The charter in the daily reminder e-mail: whoever has an account and has not read the version in
force is reminded, newcomers and everyone after a new version; the e-mail says which."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from plan.models import FicheAction
from tests.factories import AntenneFactory

from .donnees import charte_adoptee, prise, relier

URL = "https://plan.exemple.fr"
AUJOURDHUI = timezone.localdate


@pytest.fixture(autouse=True)
def personne_ne_pilote(comptes_par_role):
    """Only the charter is reminded here, unless a test gives someone a fiche."""
    FicheAction.objects.update(pilote=None)


def envoyer(*options):
    sortie = StringIO()
    call_command("envoyer_rappels", "--url", URL, *options, stdout=sortie)
    return sortie.getvalue()


def message_a(mailoutbox, user):
    (message,) = [m for m in mailoutbox if m.to == [user.email]]
    return message


def test_sans_charte_adoptee_personne_n_est_relance(comptes_par_role, mailoutbox):
    relier(comptes_par_role["equipe"])
    envoyer()
    assert mailoutbox == []


def test_apres_l_adoption_chaque_membre_avec_un_compte_est_invite_a_la_lire(comptes_par_role, mailoutbox):
    equipe = comptes_par_role["equipe"]
    relier(equipe, AntenneFactory())
    charte_adoptee(AUJOURDHUI() - timedelta(days=3))
    sortie = envoyer()

    message = message_a(mailoutbox, equipe)
    assert message.subject == "Mission Locale : charte d'engagement à lire"
    texte = message.body
    assert f"Bonjour {equipe.first_name}," in texte
    assert "fiches-actions" not in texte  # they pilot nothing: the charter alone
    assert "À faire :" in texte
    assert (
        "La charte d'engagement de la Mission Locale a été adoptée par le conseil d'administration le"
        in texte
    )
    assert "confirmez-le en un clic sur sa page" in texte
    assert f"{URL}/charte/" in texte
    html, _ = message.alternatives[0]
    assert f'<a href="{URL}/charte/">' in html
    assert "1 rappel envoyé" in sortie


def test_une_fois_la_charte_lue_le_rappel_cesse(comptes_par_role, mailoutbox):
    membre = relier(comptes_par_role["equipe"])
    charte = charte_adoptee()
    prise(charte, membre)
    envoyer()
    assert mailoutbox == []


def test_un_nouvel_arrivant_est_accueilli_et_une_nouvelle_version_annoncee(comptes_par_role, mailoutbox):
    v1 = charte_adoptee(AUJOURDHUI() - timedelta(days=100))
    ancien = relier(comptes_par_role["equipe"], date_arrivee=AUJOURDHUI() - timedelta(days=400))
    relier(comptes_par_role["pilote"], date_arrivee=AUJOURDHUI() - timedelta(days=10))
    prise(v1, ancien)
    envoyer()
    assert [m.to for m in mailoutbox] == [[comptes_par_role["pilote"].email]]
    assert "Bienvenue dans l'équipe : prenez connaissance de la charte" in mailoutbox[0].body

    mailoutbox.clear()
    charte_adoptee(AUJOURDHUI() - timedelta(days=1))
    call_command("envoyer_rappels", "--url", URL, stdout=StringIO())
    corps = message_a(mailoutbox, comptes_par_role["equipe"]).body
    assert "Nouvelle version de la charte d'engagement (version 2" in corps


def test_un_pilote_recoit_ses_fiches_et_la_charte_dans_le_meme_courriel(comptes_par_role, mailoutbox):
    pilote = comptes_par_role["pilote"]
    FicheAction.objects.filter(code="1.1").update(pilote=pilote)  # never updated: to remind
    relier(pilote)
    charte_adoptee()
    envoyer()
    message = message_a(mailoutbox, pilote)
    assert message.subject == "Plan stratégique : 1 fiche-action à mettre à jour"
    assert message.body.index("Fiche 1.1") < message.body.index("Également :") < message.body.index("charte")
    envoyer()
    assert len([m for m in mailoutbox if m.to == [pilote.email]]) == 1


def test_ni_compte_ni_adresse_ni_depart_ne_recoit_de_rappel(comptes_par_role, mailoutbox):
    charte_adoptee()
    relier(comptes_par_role["equipe"], date_depart=AUJOURDHUI() - timedelta(days=1))
    sans_adresse = comptes_par_role["pilote"]
    sans_adresse.email = ""
    sans_adresse.save()
    relier(sans_adresse)
    inactif = comptes_par_role["ca"]
    inactif.is_active = False
    inactif.save()
    relier(inactif)
    assert "0 rappel envoyé" in envoyer()
    assert mailoutbox == []


def test_a_blanc_la_charte_est_annoncee_sans_rien_envoyer(comptes_par_role, mailoutbox):
    relier(comptes_par_role["equipe"])
    charte_adoptee()
    sortie = envoyer("--a-blanc")
    assert f"{comptes_par_role['equipe'].email} : La charte d'engagement" in sortie
    assert mailoutbox == []
