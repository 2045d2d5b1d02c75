"""`envoyer_rappels`: one e-mail per pilot listing their late or not-updated fiches, once a day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from plan.models import Etape
from suivi import services
from suivi.models import RappelEnvoye
from tests.factories import EtapeFactory, FicheActionFactory, UserFactory

URL = "https://plan.exemple.fr"


def envoyer(*options):
    sortie = StringIO()
    call_command("envoyer_rappels", "--url", URL, *options, stdout=sortie)
    return sortie.getvalue()


@pytest.fixture
def fiches(fiche, compte_pilote, compte_direction):
    """`fiche` (1.1) is late and never reviewed; 1.2, piloted by the same person, is on time but
    never reviewed; 1.3 is on time and reviewed today; 1.4 is finished."""
    a_jour = FicheActionFactory(axe=fiche.axe, numero=2, pilote=compte_pilote)
    revue = FicheActionFactory(
        axe=fiche.axe,
        numero=3,
        pilote=compte_direction,
        date_debut=date(2029, 1, 1),
        date_echeance=date(2029, 12, 31),
    )
    services.marquer_rien_de_nouveau(revue, compte_direction)
    terminee = FicheActionFactory(axe=fiche.axe, numero=4, pilote=compte_direction)
    EtapeFactory(fiche=terminee, ordre=1, statut=Etape.Statut.REALISE)
    terminee.recalculer()
    return a_jour, revue, terminee


def test_chaque_pilote_recoit_un_seul_e_mail_en_francais(fiches, mailoutbox, compte_pilote, compte_co_pilote):
    sortie = envoyer()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([compte_pilote.email, compte_co_pilote.email])
    message = next(m for m in mailoutbox if m.to == [compte_pilote.email])
    assert message.subject == "Plan stratégique : 2 fiches-actions à mettre à jour"
    texte = message.body
    assert f"Bonjour {compte_pilote.first_name}," in texte
    assert "2 fiches-actions que vous pilotez demandent votre attention" in texte
    assert "- Fiche 1.1 :" in texte and "- Fiche 1.2 :" in texte
    assert texte.index("Fiche 1.1") < texte.index("Fiche 1.2"), "les fiches en retard d'abord"
    assert "En retard : avancement 0\u202f% pour" in texte
    assert "échéance le 31 décembre 2027" in texte
    assert "À mettre à jour : jamais mise à jour (attendue tous les 30 jours)." in texte
    assert f"{URL}/plan/fiches/1.1/" in texte
    assert f"{URL}/mes-actions/" in texte
    html, type_mime = message.alternatives[0]
    assert type_mime == "text/html"
    assert '<html lang="fr">' in html
    assert f'<a href="{URL}/plan/fiches/1.2/">' in html
    assert "2 rappels envoyés, 0 déjà envoyé aujourd'hui." in sortie


def test_une_fiche_a_jour_ou_realisee_ne_declenche_rien(fiches, mailoutbox, compte_direction):
    envoyer()
    assert compte_direction.email not in [m.to[0] for m in mailoutbox]


def test_rien_n_est_envoye_deux_fois_le_meme_jour(fiches, mailoutbox):
    envoyer()
    assert len(mailoutbox) == 2
    sortie = envoyer()
    assert len(mailoutbox) == 2
    assert "0 rappel envoyé, 2 déjà envoyés aujourd'hui." in sortie
    assert RappelEnvoye.objects.filter(date=timezone.localdate()).count() == 2


def test_le_lendemain_le_rappel_repart(fiches, mailoutbox):
    envoyer()
    RappelEnvoye.objects.update(date=timezone.localdate() - timedelta(days=1))
    envoyer()
    assert len(mailoutbox) == 4


def test_les_comptes_inactifs_ou_sans_adresse_ne_recoivent_rien(
    fiche, mailoutbox, compte_pilote, compte_co_pilote
):
    compte_pilote.is_active = False
    compte_pilote.save()
    compte_co_pilote.email = ""
    compte_co_pilote.save()
    envoyer()
    assert mailoutbox == []


def test_une_personne_pilote_et_co_pilote_d_une_meme_fiche_recoit_un_seul_e_mail(
    fiche, mailoutbox, compte_pilote
):
    fiche.co_pilotes.add(compte_pilote)
    envoyer()
    assert [m.to for m in mailoutbox].count([compte_pilote.email]) == 1


def test_a_blanc_n_envoie_rien(fiches, mailoutbox, compte_pilote):
    sortie = envoyer("--a-blanc")
    assert mailoutbox == []
    assert f"{compte_pilote.email} : 1.1, 1.2" in sortie
    assert not RappelEnvoye.objects.exists()


def test_en_production_l_adresse_du_site_est_obligatoire(fiche, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--url"):
        call_command("envoyer_rappels", stdout=StringIO())


def test_sans_pilote_personne_n_est_prevenu(db, mailoutbox, plan):
    FicheActionFactory(axe__plan=plan, pilote=None)
    UserFactory()
    envoyer()
    assert mailoutbox == []
