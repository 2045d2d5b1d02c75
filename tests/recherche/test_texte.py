"""Text as the search compares it, and the highlighting of the words found (escaped first)."""

from recherche.texte import normaliser, racine, surligner, termes


def test_la_comparaison_ignore_accents_majuscules_et_ligatures():
    assert normaliser("Mise en Œuvre à BÉTHUNE") == "mise en oeuvre a bethune"
    assert termes("  Mobilité, mobilité ; des JEUNES à Béthune ") == ["mobilite", "des", "jeunes", "bethune"]


def test_un_mot_d_une_lettre_n_est_pas_cherche_et_huit_mots_au_plus():
    assert termes("à l y") == []
    assert len(termes(" ".join(f"mot{n}" for n in range(20)))) == 8


def test_la_racine_retire_le_pluriel_et_le_e_final():
    assert racine("partenaires") == "partenair"
    assert racine("jeunes") == "jeun"
    assert racine("emploi") == "emploi"
    assert racine("bus") == "bus"


def test_les_mots_trouves_sont_surlignes_sans_tenir_compte_des_accents():
    assert surligner("La Mobilité des jeunes", ["mobilite"]) == "La <mark>Mobilité</mark> des jeunes"
    assert (
        surligner("Rencontre avec les partenaires", ["partenaire"])
        == "Rencontre avec les <mark>partenaires</mark>"
    )
    assert surligner("Mise en œuvre", ["oeuvre"]) == "Mise en <mark>œuvre</mark>"


def test_le_texte_est_echappe_avant_d_etre_surligne():
    texte = "<script>alert('jeunes')</script> & jeunes <b>"
    resultat = surligner(texte, ["jeunes", "script"])
    assert "<script>" not in resultat and "<b>" not in resultat
    assert resultat == (
        "&lt;<mark>script</mark>&gt;alert(&#x27;<mark>jeunes</mark>&#x27;)&lt;/<mark>script</mark>&gt; "
        "&amp; <mark>jeunes</mark> &lt;b&gt;"
    )


def test_un_mot_cherche_ne_peut_pas_casser_une_entite_html():
    assert surligner("Tom & Jerry", ["amp"]) == "Tom &amp; Jerry"


def test_un_long_texte_est_coupe_autour_du_premier_mot_trouve():
    texte = " ".join(["avant"] * 100) + " covoiturage " + " ".join(["après"] * 100)
    extrait = surligner(texte, ["covoiturage"], extrait=True)
    assert extrait.startswith("… ") and extrait.endswith(" …")
    assert "<mark>covoiturage</mark>" in extrait
    assert len(extrait) < 300
    assert surligner("court", ["x"], extrait=True) == "court"
