"""The plan loaded by `charger_plan` is the adopted plan, checked against the seed document itself."""

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from antennes.models import Antenne
from plan.models import Axe, Enjeu, Etape, FicheAction, Objectif, Organisation, Plan, Pratique, Valeur

from . import seed

CODES = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]
FICHES_DU_PROJET = dict(zip(CODES, seed.fiches(), strict=True))

# (objectifs, étapes, {intitulé de l'étape : nombre de sous-étapes}) as counted in the seed by hand.
COMPTES_ATTENDUS = {
    "1.1": (4, 3, {}),
    "1.2": (3, 3, {}),
    "1.3": (3, 4, {}),
    "1.4": (2, 5, {}),
    "1.5": (3, 5, {}),
    "2.1": (3, 6, {"Le programme": 3}),
    "2.2": (2, 3, {"Développement du support": 3}),
    "3.1": (3, 5, {}),
    "3.2": (
        3,
        4,
        {"Développement de plusieurs formats de diffusion pour maximiser l'accessibilité et l'impact": 3},
    ),
    "4.1": (3, 2, {}),
    "4.2": (3, 3, {}),
}


def intitule_complet(etape):
    """A step as the seed writes it: "Libellé : texte" (the seed ends a parent step with a colon)."""
    return " : ".join(partie for partie in (etape.libelle, etape.texte) if partie)


def fiche(code):
    return FicheAction.objects.get(code=code)


def test_la_copie_du_projet_adopte_est_celle_du_seed():
    contenu = seed.CHEMIN.read_bytes()
    assert hashlib.sha256(contenu).hexdigest() == seed.SHA256
    original = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_5fec862758dae322.txt"
    if original.exists():
        assert original.read_bytes() == contenu


def test_le_projet_adopte_compte_11_fiches_dans_sa_section_6():
    assert len(seed.fiches()) == 11
    assert all(len(f["enjeux_grille"]) == 6 for f in seed.fiches())


def test_le_plan_2024_2029_est_en_vigueur_et_porte_la_finalite_du_projet(plan_charge):
    plan = Plan.objects.get()
    assert (plan.titre, plan.annee_debut, plan.annee_fin) == (
        "Projet associatif et stratégique 2024-2029",
        2024,
        2029,
    )
    assert plan.est_en_vigueur
    assert seed.normaliser(plan.finalite) in seed.normaliser(seed.texte())


def test_le_plan_compte_4_axes_aux_titres_du_projet(plan_charge):
    axes = {axe.numero: axe.titre for axe in Axe.objects.all()}
    assert axes == seed.titres_des_axes()
    assert len(axes) == 4


def test_les_axes_comptent_5_2_2_et_2_fiches(plan_charge):
    par_axe = [Axe.objects.get(numero=n).fiches.count() for n in (1, 2, 3, 4)]
    assert par_axe == [5, 2, 2, 2]
    assert sorted(FicheAction.objects.values_list("code", flat=True)) == CODES


@pytest.mark.parametrize("code", CODES)
def test_le_titre_de_la_fiche_est_celui_du_projet_ecrit_en_minuscules_accentuees(plan_charge, code):
    titre = fiche(code).titre
    assert seed.sans_accents_majuscules(titre) == seed.sans_accents_majuscules(
        FICHES_DU_PROJET[code]["titre"]
    )
    assert titre[0].isupper() and titre != titre.upper()


def test_les_titres_des_fiches_gardent_leurs_accents(plan_charge):
    assert fiche("1.1").titre == "Réfléchir à une optimisation de notre implantation géographique"
    assert fiche("4.1").titre == "Créer et organiser la mise en œuvre d'une charte d'engagement"
    assert fiche("3.2").titre == "Développement d'outils d'information adaptés"


def test_les_six_enjeux_sont_ceux_des_grilles_du_projet_dans_leur_ordre(plan_charge):
    libelles = list(Enjeu.objects.order_by("ordre").values_list("libelle", flat=True))
    for fiche_du_projet in seed.fiches():
        assert fiche_du_projet["enjeux_grille"] == libelles


@pytest.mark.parametrize("code", CODES)
def test_la_fiche_coche_exactement_les_enjeux_de_sa_grille_dans_le_projet(plan_charge, code):
    coches = set(fiche(code).enjeux.values_list("libelle", flat=True))
    assert coches == set(FICHES_DU_PROJET[code]["enjeux_coches"])
    assert coches


@pytest.mark.parametrize("code", CODES)
def test_la_fiche_a_les_objectifs_du_projet_mot_pour_mot_et_dans_l_ordre(plan_charge, code):
    objectifs = list(
        Objectif.objects.filter(fiche__code=code).order_by("ordre").values_list("texte", flat=True)
    )
    assert len(objectifs) == COMPTES_ATTENDUS[code][0]
    assert objectifs == FICHES_DU_PROJET[code]["objectifs"]


@pytest.mark.parametrize("code", CODES)
def test_la_fiche_a_les_etapes_et_sous_etapes_du_projet_mot_pour_mot(plan_charge, code):
    _, nb_etapes, sous_etapes_attendues = COMPTES_ATTENDUS[code]
    racines = Etape.objects.filter(fiche__code=code, parent=None).order_by("ordre")
    assert racines.count() == nb_etapes

    lues = [
        (intitule_complet(e), [intitule_complet(s) for s in e.sous_etapes.order_by("ordre")]) for e in racines
    ]
    # The seed ends a step that has sub-steps with a colon ("Le programme :"); the fixture does not.
    attendues = [
        (texte.removesuffix(" :").removesuffix(":"), sous) for texte, sous in FICHES_DU_PROJET[code]["etapes"]
    ]
    assert lues == attendues
    assert {texte: len(sous) for texte, sous in lues if sous} == sous_etapes_attendues


def test_les_etapes_a_sous_etapes_portent_un_libelle_court(plan_charge):
    programme = Etape.objects.get(fiche__code="2.1", libelle="Le programme")
    assert programme.parent is None
    assert programme.sous_etapes.count() == 3
    assert Etape.objects.get(fiche__code="2.2", libelle="Développement du support").sous_etapes.count() == 3
    assert Etape.objects.get(fiche__code="1.1", ordre=1, parent=None).libelle == "Analyse territoriale"


def test_chaque_texte_de_reference_figure_mot_pour_mot_dans_le_projet(plan_charge):
    projet = seed.normaliser(seed.texte())
    textes = [
        *Axe.objects.values_list("description", flat=True),
        *Axe.objects.values_list("sous_titre", flat=True),
        *FicheAction.objects.values_list("resume", flat=True),
        *FicheAction.objects.values_list("libelle_court", flat=True),
        *Objectif.objects.values_list("texte", flat=True),
        *Etape.objects.values_list("texte", flat=True),
        *(intitule_complet(e) for e in Etape.objects.all()),
    ]
    absents = [t for t in textes if t and seed.normaliser(t) not in projet]
    assert absents == []
    assert all(FicheAction.objects.values_list("resume", flat=True))
    assert all(Axe.objects.values_list("description", flat=True))


def test_aucun_texte_en_base_ne_garde_les_marques_de_gras_de_l_extraction(plan_charge):
    modeles = [Plan, Axe, FicheAction, Objectif, Etape, Valeur, Pratique, Organisation, Enjeu]
    fautifs = []
    for modele in modeles:
        champs = [
            f.name
            for f in modele._meta.concrete_fields
            if f.get_internal_type() in {"CharField", "TextField"}
        ]
        for ligne in modele.objects.values(*champs):
            fautifs += [(modele.__name__, champ) for champ, valeur in ligne.items() if "**" in (valeur or "")]
    assert fautifs == []


def test_les_10_valeurs_et_leurs_pratiques_sont_celles_du_projet(plan_charge):
    du_projet = seed.valeurs()
    en_base = {
        v.nom: [p.texte for p in v.pratiques.order_by("ordre")] for v in Valeur.objects.order_by("ordre")
    }
    assert list(en_base) == list(du_projet)
    assert en_base == du_projet
    assert len(en_base) == 10
    assert sum(len(p) for p in en_base.values()) == 44
    projet = seed.normaliser(seed.texte())
    assert all(seed.normaliser(d) in projet for d in Valeur.objects.values_list("description", flat=True))


def test_l_organisation_reprend_les_chiffres_cles_du_projet(plan_charge):
    o = Organisation.objects.get()
    assert o.date_creation.isoformat() == "1982-10-14"
    assert o.siege_adresse == "121A boulevard des États-Unis"
    siege = Antenne.objects.get(est_siege=True)
    assert (siege.commune.nom, siege.commune.code_insee) == ("Béthune", "62119")
    assert (o.nb_communes, o.nb_habitants, o.nb_qpv, o.nb_communes_qpv) == (104, 295000, 28, 19)
    assert (o.nb_antennes, o.nb_permanences) == (10, 36)
    assert (o.nb_salaries, o.annee_effectifs, o.etp) == (72, 2025, Decimal("70.66"))
    assert (o.nb_partenaires, o.nb_membres_ca, o.nb_membres_bureau) == (495, 39, 8)


@pytest.mark.parametrize(
    "phrase",
    [
        "Date de création : 14 octobre 1982",
        "regroupe 104 communes pour 295 000 habitants",
        "Il compte 28 quartiers prioritaires sur 19 communes",
        "121A boulevard des États-Unis à Béthune. Elle dispose de 10 antennes et 36 permanences",
        "72 salariés (2025) --> 70,66 ETP",
        "réseau stratégique de 495 partenaires",
        "Le Conseil d'Administration est composé de 39 membres",
        "Le bureau est composé de 8 membres",
    ],
)
def test_les_chiffres_cles_sont_bien_ceux_ecrits_dans_le_projet(phrase):
    assert phrase in seed.normaliser(seed.texte())
