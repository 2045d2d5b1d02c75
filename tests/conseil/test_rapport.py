"""The board report on a hand-built journal: the figures and what changed since the previous meeting
are checked number by number, then frozen when the meeting is held."""

import re
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conseil.models import Instance
from conseil.rapport import construire_donnees
from plan.models import FicheAction, Meteo
from suivi import indicateurs
from suivi.models import Changement, EntreeJournal
from tests.factories import (
    AxeFactory,
    ChangementFactory,
    EntreeJournalFactory,
    EtapeFactory,
    FicheActionFactory,
    IndicateurFactory,
    MesureFactory,
    PlanFactory,
    UserFactory,
)


def le(jour, heure=10):
    return timezone.make_aware(datetime.combine(jour, time(heure)))


def entree(fiche, jour, avancement, statut=FicheAction.Statut.EN_COURS, **champs):
    return EntreeJournalFactory(
        fiche=fiche,
        cree_le=le(jour),
        avancement_fiche=Decimal(avancement),
        statut_fiche=statut,
        type=champs.pop("type", EntreeJournal.Type.MODIFICATION),
        **champs,
    )


@pytest.fixture
def journal(db, monkeypatch):
    """Two axes, three fiches and a journal around two CA meetings (12 June and 11 December 2025).

    The fiches' figures are set by hand, without steps: no computed indicator is declared here, so
    that holding a meeting does not roll them up from their (absent) steps.

    Before the first CA: A reaches 40 %, B 10 %, C has no entry (0 %, à venir).
    Between the two: A reaches 70 % and its météo turns stormy, B 35 % and its échéance moves from
    31 December 2025 to 30 June 2026, C 50 % and starts; one entry is flagged for the board.
    """
    monkeypatch.setattr(indicateurs, "REGISTRE", {})
    plan = PlanFactory(annee_debut=2024, annee_fin=2029)
    axe_1, axe_2 = AxeFactory(plan=plan, numero=1), AxeFactory(plan=plan, numero=2)
    pilote = UserFactory(first_name="Paula", last_name="Pilote")
    a = FicheActionFactory(
        axe=axe_1,
        numero=1,
        titre="Fiche A",
        pilote=pilote,
        avancement=70,
        statut="en_cours",
        meteo=Meteo.ORAGE,
        date_debut=date(2025, 1, 1),
        date_echeance=date(2026, 12, 31),
        decision_attendue="Valider le budget 2026.",
    )
    b = FicheActionFactory(
        axe=axe_1,
        numero=2,
        titre="Fiche B",
        avancement=35,
        statut="en_cours",
        date_debut=date(2025, 1, 1),
        date_echeance=date(2026, 6, 30),
    )
    c = FicheActionFactory(axe=axe_2, numero=1, titre="Fiche C", avancement=50, statut="en_cours")

    entree(a, date(2025, 3, 1), 20)
    entree(a, date(2025, 5, 1), 40)
    entree(b, date(2025, 4, 1), 10)
    meteo = entree(
        a, date(2025, 9, 1), 70, commentaire="Le financeur se retire.", a_presenter_au_conseil=True
    )
    ChangementFactory(
        entree=meteo,
        champ=Changement.Champ.METEO,
        avant="Ensoleillé",
        apres="Orageux",
        avant_brut="soleil",
        apres_brut="orage",
    )
    report = entree(b, date(2025, 10, 1), 10, commentaire="")
    ChangementFactory(
        entree=report,
        champ=Changement.Champ.DATE_ECHEANCE,
        avant="31 décembre 2025",
        apres="30 juin 2026",
        avant_brut="2025-12-31",
        apres_brut="2026-06-30",
    )
    entree(b, date(2025, 11, 1), 35, commentaire="Recrutement terminé.")
    entree(c, date(2025, 8, 1), 50, commentaire="Lancement.")
    entree(c, date(2025, 8, 15), 50, type=EntreeJournal.Type.REVUE, commentaire="")

    indicateur = IndicateurFactory(fiche=a, libelle="Jeunes accompagnés", valeur_initiale=0, cible=200)
    MesureFactory(indicateur=indicateur, date=date(2025, 5, 1), valeur=40, saisi_le=le(date(2025, 5, 15)))
    MesureFactory(indicateur=indicateur, date=date(2025, 10, 1), valeur=90, saisi_le=le(date(2025, 10, 15)))

    ca_1 = Instance.objects.create(date=le(date(2025, 6, 12), 18), lieu="Béthune")
    ca_2 = Instance.objects.create(date=le(date(2025, 12, 11), 18), lieu="Béthune")
    return {"a": a, "b": b, "c": c, "ca_1": ca_1, "ca_2": ca_2, "indicateur": indicateur}


def contenu(reponse):
    """The report's body, from the synthesis on (the page header holds a per-request CSRF token)."""
    html = reponse.content.decode()
    return html[html.index('id="synthese"') :]


def texte_du_pdf(contenu_pdf):
    """The PDF's bytes with its compressed streams inflated, to look for structure and metadata."""
    morceaux = [contenu_pdf]
    for flux in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", contenu_pdf, re.S):
        try:
            morceaux.append(zlib.decompress(flux.group(1)))
        except zlib.error:
            continue
    return b"\n".join(morceaux)


def fiche_du(rapport, code):
    return next(f for f in rapport.fiches if f.code == code)


def test_les_chiffres_d_une_instance_passee_sont_ceux_du_journal_a_sa_date(journal):
    rapport = journal["ca_1"].rapport()

    assert [fiche_du(rapport, code).avancement for code in ("1.1", "1.2", "2.1")] == [40, 10, 0]
    assert [axe.avancement for axe in rapport.axes] == [Decimal("25.00"), Decimal("0.00")]
    assert rapport.avancement == Decimal("12.50")
    assert fiche_du(rapport, "1.1").meteo == Meteo.SOLEIL
    assert fiche_du(rapport, "1.2").date_echeance == date(2025, 12, 31)
    assert fiche_du(rapport, "2.1").statut == FicheAction.Statut.A_VENIR


def test_le_rapport_donne_l_ecart_de_chaque_fiche_axe_et_du_plan_depuis_l_instance_precedente(journal):
    journal["ca_1"].figer()
    rapport = journal["ca_2"].rapport()

    assert rapport.reference_libelle == "l'instance précédente : Conseil d'administration du 12 juin 2025"
    assert {f.code: (f.avancement_avant, f.avancement, f.delta) for f in rapport.fiches} == {
        "1.1": (40, 70, 30),
        "1.2": (10, 35, 25),
        "2.1": (0, 50, 50),
    }
    assert [(a.avancement_avant, a.avancement, a.delta) for a in rapport.axes] == [
        (Decimal("25.00"), Decimal("52.50"), Decimal("27.50")),
        (Decimal("0.00"), Decimal("50.00"), Decimal("50.00")),
    ]
    assert (rapport.avancement_avant, rapport.avancement, rapport.delta) == (
        Decimal("12.50"),
        Decimal("51.25"),
        Decimal("38.75"),
    )


def test_le_rapport_liste_statuts_meteos_et_echeances_qui_ont_change(journal):
    journal["ca_1"].figer()
    rapport = journal["ca_2"].rapport()

    assert [(c.fiche.code, c.avant, c.apres) for c in rapport.changements_de_statut] == [
        ("2.1", "À venir", "En cours")
    ]
    assert [(c.fiche.code, c.avant, c.apres) for c in rapport.changements_de_meteo] == [
        ("1.1", "Ensoleillé", "Orageux")
    ]
    [echeance] = rapport.echeances_deplacees
    assert (echeance.avant, echeance.apres) == ("31 décembre 2025", "30 juin 2026")
    assert echeance.precision == "Fiche 1.2 : Fiche B (+181 jours)"


def test_le_rapport_ne_compte_que_les_mesures_saisies_pendant_la_periode(journal):
    journal["ca_1"].figer()
    rapport = journal["ca_2"].rapport()

    [ligne] = rapport.mesures_nouvelles
    assert (ligne["indicateur"], ligne["nombre"], ligne["valeur"], ligne["part_atteinte"]) == (
        "Jeunes accompagnés",
        1,
        Decimal("90.00"),
        Decimal("45.0"),
    )
    [indicateur] = fiche_du(rapport, "1.1").indicateurs
    assert [v for _, v in indicateur.mesures] == [40, 90]


def test_le_journal_de_la_periode_donne_les_entrees_signalees_en_entier_et_compte_les_autres(journal):
    journal["ca_1"].figer()
    rapport = journal["ca_2"].rapport()

    assert [e["commentaire"] for e in rapport.journal] == ["Le financeur se retire."]
    assert [c["champ"] for c in rapport.journal[0]["changements"]] == ["Météo"]
    assert rapport.nb_entrees == 5 and rapport.nb_entrees_signalees == 1
    assert [
        (
            a["fiche_code"],
            a["nombre"],
            a["mises_a_jour"],
            a["commentaires"],
            a["revues"],
            a["derniere"].date(),
        )
        for a in rapport.activite_par_fiche
    ] == [  # fmt: skip
        ("1.1", 1, 1, 0, 0, date(2025, 9, 1)),
        ("1.2", 2, 2, 0, 0, date(2025, 11, 1)),
        ("2.1", 2, 1, 0, 1, date(2025, 8, 15)),
    ]


def test_le_journal_complet_de_la_periode_se_telecharge(journal, client_de, compte_ca):
    journal["ca_1"].figer()
    client = client_de(compte_ca)
    page = client.get(f"/instances/{journal['ca_2'].pk}/rapport/").content.decode()
    assert f'href="/instances/{journal["ca_2"].pk}/journal.csv"' in page
    export = client.get(f"/instances/{journal['ca_2'].pk}/journal.csv").getvalue().decode("utf-8-sig")
    lignes = export.strip().split("\r\n")
    assert lignes[0].startswith("Date;Fiche;")
    # The period's five entries, from the first CA's freeze to now; none from before it.
    assert len(lignes) == 1 + 5
    assert "Le financeur se retire." in export and "01/05/2025" not in export


def test_les_decisions_attendues_reprennent_les_fiches_et_les_entrees_signalees(journal):
    prochaine = Instance.objects.create(date=timezone.now() + timedelta(days=30))

    rapport = prochaine.rapport()

    assert [(f.code, f.decision_attendue) for f in rapport.decisions] == [("1.1", "Valider le budget 2026.")]
    assert [e["commentaire"] for e in journal["ca_2"].rapport().entrees_a_presenter] == [
        "Le financeur se retire."
    ]


def test_une_decision_inscrite_apres_une_instance_n_apparait_pas_dans_son_rapport(journal):
    # The fixture's fiches, and so their decision, were saved today, long after the 2025 meetings.
    assert journal["ca_2"].rapport().decisions == []


def test_le_rapport_dit_ce_qui_est_en_retard_et_ce_qui_tombe_avant_la_prochaine_instance(journal):
    ca_3 = Instance.objects.create(date=le(date(2026, 7, 2), 18))
    rapport = journal["ca_2"].rapport()

    # On 11 December 2025, fiche A (70 % of a 2025-2026 schedule) is ahead; B (35 %) is behind.
    assert [f.code for f in rapport.fiches_en_retard] == ["1.2"]
    assert rapport.limite_echeances == date(2026, 7, 2)
    assert rapport.prochaine_libelle == str(ca_3)
    assert [f.code for f in rapport.fiches_a_echeance] == ["1.2"]


def test_sans_instance_precedente_le_rapport_part_du_debut_du_plan(journal):
    rapport = journal["ca_1"].rapport()

    assert rapport.reference_libelle == "le début du plan (1er janvier 2024)"
    assert rapport.avancement_avant == 0
    assert rapport.delta == Decimal("12.50")


def test_une_instance_tenue_garde_ses_chiffres_quand_le_plan_change_ensuite(journal, client_de, compte_ca):
    journal["ca_2"].figer()
    client = client_de(compte_ca)
    avant = contenu(client.get(f"/instances/{journal['ca_2'].pk}/rapport/"))

    # The plan moves on: new progress, a backdated entry, a renamed fiche, another meteo.
    FicheAction.objects.filter(pk=journal["a"].pk).update(
        avancement=95, titre="Fiche A renommée", meteo="nuage"
    )
    entree(journal["a"], date(2025, 12, 1), 99)
    apres = contenu(client.get(f"/instances/{journal['ca_2'].pk}/rapport/"))

    assert apres == avant
    assert "Fiche A renommée" not in apres
    assert journal["ca_2"].rapport().avancement == Decimal("51.25")


def test_l_instance_suivante_se_compare_aux_chiffres_figes_et_non_au_journal_rejoue(journal):
    journal["ca_1"].figer()
    # An entry backdated before the first CA after it was held: its frozen 40 % stays the reference.
    entree(journal["a"], date(2025, 6, 1), 45)

    rapport = journal["ca_2"].rapport()

    assert fiche_du(rapport, "1.1").avancement_avant == 40
    assert fiche_du(rapport, "1.1").delta == 30


def test_le_rapport_fige_se_lit_exactement_comme_le_rapport_juste_avant_de_figer(
    journal, client_de, compte_ca
):
    client = client_de(compte_ca)
    url = f"/instances/{journal['ca_2'].pk}/rapport/?journal=toutes"
    vivant = client.get(url)
    journal["ca_2"].figer()
    fige = client.get(url)

    assert contenu(fige) == contenu(vivant)
    assert "Rapport figé." in fige.text and "Rapport provisoire." in vivant.text


def test_les_chiffres_figes_sont_des_donnees_json_simples(journal):
    donnees = construire_donnees(journal["ca_2"])

    def verifier(valeur):
        if isinstance(valeur, dict):
            assert all(isinstance(k, str) for k in valeur)
            for v in valeur.values():
                verifier(v)
        elif isinstance(valeur, list):
            for v in valeur:
                verifier(v)
        else:
            assert valeur is None or isinstance(valeur, str | int | bool), type(valeur)

    verifier(donnees)


def test_la_page_du_rapport_montre_les_ecarts_en_francais(journal, client_de, compte_ca):
    journal["ca_1"].figer()
    page = client_de(compte_ca).get(f"/instances/{journal['ca_2'].pk}/rapport/").content.decode()

    assert "Avancement du plan : 51,3\u202f%" in page
    assert "+38,8\u00a0points" in page
    assert "Ce qui a changé depuis l&#x27;instance précédente" in page


def test_le_texte_saisi_est_echappe_dans_le_rapport_et_ses_graphiques(journal, client_de, compte_ca):
    FicheAction.objects.filter(pk=journal["a"].pk).update(titre="<script>alert(1)</script>")
    journal["indicateur"].libelle = '"><img src=x onerror=alert(1)>'
    journal["indicateur"].save()

    page = client_de(compte_ca).get(f"/instances/{journal['ca_2'].pk}/rapport/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_le_pdf_du_rapport_est_un_pdf_balise_qui_porte_le_titre(journal, client_de, compte_ca):
    journal["ca_1"].figer()
    reponse = client_de(compte_ca).get(f"/instances/{journal['ca_2'].pk}/rapport.pdf")

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    contenu_pdf = reponse.getvalue()
    assert contenu_pdf.startswith(b"%PDF")
    assert "rapport-ca-2025-12-11.pdf" in reponse["Content-Disposition"]
    texte = texte_du_pdf(contenu_pdf)
    assert b"/StructTreeRoot" in texte and b"/Lang" in texte  # tagged for screen readers, in French
    assert b"pdfuaid" in texte  # declared PDF/UA-1
    assert "Rapport : Conseil d'administration du 11 décembre 2025".encode() in texte  # its title


def test_le_rapport_d_une_instance_tenue_reste_telechargeable(journal, client_de, compte_ca):
    journal["ca_1"].figer()
    journal["ca_2"].figer()
    client = client_de(compte_ca)

    for instance in (journal["ca_1"], journal["ca_2"]):
        assert client.get(f"/instances/{instance.pk}/rapport.pdf").getvalue().startswith(b"%PDF")


def test_le_pilote_et_les_etapes_sont_rejoues_a_la_date_de_l_instance(journal):
    a = journal["a"]
    etape = EtapeFactory(
        fiche=a,
        ordre=1,
        libelle="Recruter",
        statut="en_cours",
        avancement=50,
        date_echeance=date(2026, 3, 31),
    )
    changement = entree(a, date(2025, 7, 1), 40, etape=etape)
    ChangementFactory(
        entree=changement,
        champ=Changement.Champ.DATE_ECHEANCE,
        avant="30 juin 2025",
        apres="31 mars 2026",
        avant_brut="2025-06-30",
        apres_brut="2026-03-31",
    )
    ChangementFactory(
        entree=changement,
        champ=Changement.Champ.STATUT,
        avant="À venir",
        apres="En cours",
        avant_brut="a_venir",
        apres_brut="en_cours",
    )
    passation = entree(a, date(2025, 7, 2), 40)
    ChangementFactory(
        entree=passation,
        champ=Changement.Champ.PILOTE,
        avant="Alice Ancienne",
        apres="Paula Pilote",
        avant_brut="999",
        apres_brut=str(a.pilote_id),
    )
    journal["ca_1"].figer()

    avant, apres = journal["ca_1"].rapport(), journal["ca_2"].rapport()

    assert fiche_du(avant, "1.1").pilote == "Alice Ancienne"
    assert fiche_du(apres, "1.1").pilote == "Paula Pilote"
    [etape_avant] = fiche_du(avant, "1.1").etapes
    assert (etape_avant.statut, etape_avant.date_echeance) == ("a_venir", date(2025, 6, 30))
    # On 12 June 2025 the step was due on 30 June: due before the next CA, not yet late.
    assert [e.intitule for e in avant.etapes_a_echeance] == ["Recruter"]
    assert avant.etapes_en_retard == []
    assert [c.precision for c in apres.echeances_deplacees] == [
        "Fiche 1.1, étape 1 : Recruter (+274 jours)",
        "Fiche 1.2 : Fiche B (+181 jours)",
    ]
