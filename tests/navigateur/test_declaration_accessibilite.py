"""The accessibility statement follows the RGAA model and is reachable without an account."""

import re

RUBRIQUES = [
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Non-conformités connues",
    "Dérogations pour charge disproportionnée",
    "Contenus non soumis à l'obligation d'accessibilité",
    "Établissement de cette déclaration",
    "Technologies utilisées",
    "Environnement de test",
    "Outils pour évaluer l'accessibilité",
    "Pages ayant fait l'objet de la vérification",
    "Retour d'information et contact",
    "Voies de recours",
]


def test_la_declaration_suit_le_modele_rgaa_et_se_lit_sans_compte(client, db):
    reponse = client.get("/accessibilite/")
    assert reponse.status_code == 200
    texte = reponse.content.decode().replace("&#x27;", "'")
    titres = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", texte)
    assert titres == RUBRIQUES
    assert "partiellement conforme" in texte
    assert "Défenseur des droits" in texte


def test_chaque_page_renvoie_a_la_declaration_depuis_son_pied_de_page(client, db):
    reponse = client.get("/connexion/")
    assert '<a href="/accessibilite/">Accessibilité : partiellement conforme</a>' in reponse.text
