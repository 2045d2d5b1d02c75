"""Dependencies between apps go one way: each app imports only the apps below it.

comptes ← plan ← suivi ← conseil, then the domain apps on top (territory, partners, then the apps
that use both), then the search across them all, then operations and demonstration tools.
Formatting (`mission_locale.formats`, `mission_locale.gabarits`), sorting (`mission_locale.tri`), query idioms
(`mission_locale.requetes`), widgets and the spreadsheet writer (`mission_locale.tableur`)
are below everything. A lower app that needs something from a higher one
offers a registry instead (charger_plan's loaders, computed indicators, the map's layers).
"""

import ast
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]

NIVEAUX = {
    "comptes": 1,
    "plan": 2,
    "suivi": 3,
    "conseil": 4,
    "antennes": 5,
    "partenaires": 6,
    "ambassadeurs": 7,
    "ethique": 7,
    "recherche": 8,
    "exploitation": 9,
    "demonstration": 10,
}
# Project-level helpers (formatting, sorting, query idioms, widgets, spreadsheets), usable by every app.
SOCLE = {
    "mission_locale.formats",
    "mission_locale.gabarits",
    "mission_locale.bornes",
    "mission_locale.requetes",
    "mission_locale.tableur",
    "mission_locale.tri",
    "mission_locale.widgets",
}


def modules_importes(fichier):
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            yield from (alias.name for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.level == 0:
            yield from (f"{noeud.module}.{alias.name}" for alias in noeud.names)


def fichiers_de(app):
    dossier = RACINE / app
    return [f for f in dossier.rglob("*.py") if "migrations" not in f.parts]


@pytest.mark.parametrize("app", [a for a in NIVEAUX if (RACINE / a).is_dir()])
def test_une_application_n_importe_que_les_applications_du_dessous(app):
    ecarts = []
    for fichier in fichiers_de(app):
        for module in modules_importes(fichier):
            cible = module.split(".")[0]
            if module in SOCLE or any(module.startswith(s + ".") for s in SOCLE) or cible == app:
                continue
            if cible == "mission_locale" or (cible in NIVEAUX and NIVEAUX[cible] >= NIVEAUX[app]):
                ecarts.append(f"{fichier.relative_to(RACINE)} importe {module}")
    assert not ecarts, "\n".join(ecarts)


def test_aucun_modele_n_importe_de_gabarit_ni_ne_leve_de_404():
    for app in NIVEAUX:
        modeles = RACINE / app / "models.py"
        if not modeles.exists():
            continue
        texte = modeles.read_text(encoding="utf-8")
        assert "Http404" not in texte, modeles
        assert not any("templatetags" in m or m.endswith("gabarits") for m in modules_importes(modeles)), (
            modeles
        )
