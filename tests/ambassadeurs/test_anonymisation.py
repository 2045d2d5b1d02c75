"""Retention: `anonymiser_ambassadeurs` empties what identifies people out of the programme for more
than three years, everywhere (history included), and the indicators count the same afterwards."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.utils import timezone

from ambassadeurs import indicateurs
from ambassadeurs.models import Presence
from tests.factories import AmbassadeurFactory, AntenneFactory, InterventionFactory, UserFactory

pytestmark = pytest.mark.django_db

JOUR = timezone.localdate()


def il_y_a(jours):
    return JOUR - timedelta(days=jours)


@pytest.fixture
def programme():
    """Six years of a programme: people at every stage, some in touch recently, some long gone."""
    antenne = AntenneFactory()

    def personne(nom, contact, **etapes):
        ambassadeur = AmbassadeurFactory(
            prenom="Jeune", nom=nom, antenne=antenne, dernier_contact_le=il_y_a(contact), **etapes
        )
        # An edit after the creation: two history rows holding the name.
        ambassadeur.telephone = "06 11 22 33 44"
        ambassadeur.save()
        return ambassadeur

    parcours_complet = {
        "date_sensibilise": il_y_a(2000),
        "date_candidat": il_y_a(1990),
        "date_selectionne": il_y_a(1980),
        "date_actif": il_y_a(1970),
    }
    gens = {
        # Left four years ago: expired.
        "ancienne": personne("Ancienne", 4 * 365, **parcours_complet, date_ancien=il_y_a(4 * 365)),
        # Sensitised five years ago, never went further: expired.
        "oubliee": personne("Oubliee", 5 * 365, date_sensibilise=il_y_a(5 * 365)),
        # Left two years ago: kept for one more year.
        "recente": personne("Recente", 2 * 365, **parcours_complet, date_ancien=il_y_a(2 * 365)),
        # Still active, even without recent contact: in the programme, kept.
        "active": personne("Active", 4 * 365, **parcours_complet),
        # Just over the limit by one day.
        "limite": personne("Limite", 3 * 365 + 1, date_sensibilise=il_y_a(3 * 365 + 10)),
        # Exactly at the limit: kept.
        "pile": personne("Pile", 3 * 365, date_sensibilise=il_y_a(3 * 365 + 10)),
    }
    # A change made in the back-office, whose log names the person.
    LogEntry.objects.log_actions(
        user_id=UserFactory().pk, queryset=[gens["ancienne"]], action_flag=CHANGE, change_message="[]"
    )
    intervention = InterventionFactory(date=il_y_a(100), public_touche=50)
    for ambassadeur in gens.values():
        intervention.presences.create(ambassadeur=ambassadeur, retour=f"Retour de {ambassadeur.nom}")
    InterventionFactory(date=il_y_a(4 * 365)).presences.create(
        ambassadeur=gens["ancienne"], retour="Ancien retour"
    )
    return gens


def etat():
    """Every row of the app, history included, as plain values."""
    return {
        modele._meta.label: sorted(map(repr, modele.objects.order_by("pk").values()))
        for modele in apps.get_app_config("ambassadeurs").get_models()
    }


def mesures():
    return {d.code: d.calculer(JOUR) for d in indicateurs.pour_fiche("2.1")}


def test_la_simulation_liste_sans_nommer_et_ne_change_rien(programme):
    avant = etat()
    sortie = io.StringIO()
    call_command("anonymiser_ambassadeurs", stdout=sortie)
    assert etat() == avant
    texte = sortie.getvalue()
    assert "3 ambassadeur(s) à anonymiser" in texte and "relancez avec --appliquer" in texte
    assert all(f"n°{programme[n].pk}," in texte for n in ("ancienne", "oubliee", "limite"))
    assert "Jeune" not in texte and "Ancienne" not in texte


def test_appliquer_anonymise_seulement_ce_qui_a_expire_historique_compris(programme):
    avant = mesures()
    call_command("anonymiser_ambassadeurs", "--appliquer", stdout=io.StringIO())
    expires = {"ancienne", "oubliee", "limite"}
    for nom, ambassadeur in programme.items():
        ambassadeur.refresh_from_db()
        assert ambassadeur.est_anonymise == (nom in expires), nom
    for nom in expires:
        ambassadeur = programme[nom]
        assert (ambassadeur.prenom, ambassadeur.nom, ambassadeur.email, ambassadeur.telephone) == (
            "",
            "",
            "",
            "",
        )
        assert ambassadeur.annee_naissance is None and ambassadeur.consentement_le is None
        assert str(ambassadeur) == f"Ambassadeur anonymisé n°{ambassadeur.pk}"
        # The stage dates, the antenne and the presences stay for the counts.
        assert ambassadeur.date_sensibilise and ambassadeur.antenne_id
        assert ambassadeur.presences.exists()
        assert not ambassadeur.presences.exclude(retour="").exists()
        # No row of the history keeps what was removed, and the anonymisation left none of its own.
        historique = ambassadeur.history.all()
        assert historique.count() == 2
        assert not historique.exclude(nom="").exists()
        assert not historique.exclude(telephone="").exists()
        assert not historique.exclude(email="").exists()
    # Nobody's name or feedback survives anywhere in the app's tables.
    texte = repr(etat())
    assert all(programme[n].pk and f"'{n.capitalize()}'" not in texte for n in expires)
    assert "Retour de Ancienne" not in texte and "Ancien retour" not in texte
    assert "Recente" in texte and Presence.objects.filter(retour="Retour de Active").exists()
    assert mesures() == avant
    # Nor does the back-office's log of changes.
    assert not LogEntry.objects.filter(object_repr__contains="Ancienne").exists()
    assert LogEntry.objects.filter(object_repr__startswith="Ambassadeur anonymisé").exists()
    # A second run finds nothing.
    sortie = io.StringIO()
    call_command("anonymiser_ambassadeurs", "--appliquer", stdout=sortie)
    assert "Aucun ambassadeur à anonymiser" in sortie.getvalue()


def test_chaque_champ_des_modeles_est_classe_anonymise_ou_conserve():
    """Fails when someone adds a field to a model of the app without deciding whether anonymisation
    empties it: add it to CHAMPS_ANONYMISES (with its empty value) or CHAMPS_CONSERVES."""
    historiques = {
        m for m in apps.get_app_config("ambassadeurs").get_models() if m.__name__.startswith("Historical")
    }
    for modele in set(apps.get_app_config("ambassadeurs").get_models()) - historiques:
        anonymises, conserves = set(modele.CHAMPS_ANONYMISES), set(modele.CHAMPS_CONSERVES)
        assert not anonymises & conserves, f"{modele.__name__} : {anonymises & conserves} classé deux fois"
        champs = {
            f.name
            for f in modele._meta.get_fields()
            if (f.concrete or f.many_to_many) and (not f.auto_created or getattr(f, "primary_key", False))
        }
        sans_regle = champs - anonymises - conserves
        assert not sans_regle, f"{modele.__name__} : champs sans règle d'anonymisation {sorted(sans_regle)}"
        assert not (anonymises | conserves) - champs, f"{modele.__name__} : règles pour des champs disparus"
    # The history tables hold the same fields as their model, and anonymisation cleans them too.
    for historique in historiques:
        modele = historique.instance_type
        propres = {f.attname for f in historique._meta.concrete_fields if not f.name.startswith("history_")}
        attendus = {f.attname for f in modele._meta.concrete_fields}
        assert propres == attendus, historique.__name__
