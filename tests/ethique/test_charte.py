"""The charte d'engagement (fiche 4.1): written as a draft, adopted by a CA, then acknowledged by
each staff member, by themselves or recorded by Direction; young people's commitments counted."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conseil.models import Instance
from ethique.models import Article, Charte, EngagementsJeunes, PriseDeConnaissance
from mission_locale.formats import date_longue
from plan.models import Valeur
from tests.factories import (
    AntenneFactory,
    ArticleFactory,
    CharteFactory,
    MembreEquipeFactory,
    SensibilisationFactory,
)
from tests.plan.html import main

from .donnees import charte_adoptee, conseil, equipe_de, prise, relier

AUJOURDHUI = timezone.localdate


def ligne_de(page, nom):
    """The cells of the table row headed `nom`."""
    (ligne,) = [r for r in page.tous("tr") if r.tous("th") and r.tous("th")[0].texte() == nom]
    return [td.texte() for td in ligne.tous("td")]


@pytest.fixture
def direction(comptes_par_role, client_de):
    return client_de(comptes_par_role["direction"])


# Before the charter exists ------------------------------------------------------------------------


def test_sans_charte_la_page_le_dit_et_ouvre_a_la_direction_le_premier_brouillon(direction):
    page = main(direction.get("/charte/"))
    assert "La charte n'est pas encore adoptée" in page.texte()
    assert "La fiche-action 4.1 prévoit de l'écrire" in page.texte()
    assert page.un("a", href="/charte/versions/nouvelle/").texte() == "Commencer le premier brouillon"


def test_sans_charte_l_equipe_et_le_conseil_ne_voient_pas_de_bouton(comptes_par_role, client_de):
    for role in ("equipe", "ca"):
        page = main(client_de(comptes_par_role[role]).get("/charte/"))
        assert "La direction ouvrira ici le premier brouillon" in page.texte()
        assert not page.tous("a", href="/charte/versions/nouvelle/")


def test_la_direction_ouvre_le_premier_brouillon_vide(direction):
    assert "Le brouillon s'ouvre vide" in main(direction.get("/charte/versions/nouvelle/")).texte()
    reponse = direction.post("/charte/versions/nouvelle/")
    brouillon = Charte.objects.get()
    assert reponse.url == "/charte/versions/1/"
    assert (brouillon.numero, brouillon.statut, brouillon.articles.count()) == (1, Charte.Statut.BROUILLON, 0)
    # A second one is refused while the first is being written: Direction is sent to it.
    assert direction.post("/charte/versions/nouvelle/").url == "/charte/versions/1/"
    assert Charte.objects.count() == 1


def test_un_article_porte_ses_valeurs_qui_s_ajoutent_a_celles_de_la_charte(direction):
    direction.post("/charte/versions/nouvelle/")
    respect, ecoute = Valeur.objects.get(nom="Respect"), Valeur.objects.get(nom="Écoute")
    reponse = direction.post(
        "/charte/versions/1/articles/ajouter/",
        {"numero": 1, "titre": "Accueillir sans juger", "texte": "Chaque jeune…", "destinataires": "tous",
         "valeurs": [respect.pk, ecoute.pk]},
    )  # fmt: skip
    assert reponse.url == "/charte/versions/1/#article-1"
    charte = Charte.objects.get()
    assert set(charte.valeurs.all()) == {respect, ecoute}
    page = main(direction.get("/charte/versions/1/"))
    article = page.un("li", id_="article-1")
    assert [a.texte() for a in article.tous("a", classe="badge-valeur")] == ["Respect", "Écoute"]


def test_deux_articles_ne_portent_pas_le_meme_numero(direction):
    direction.post("/charte/versions/nouvelle/")
    ArticleFactory(charte=Charte.objects.get(), numero=1)
    reponse = direction.post(
        "/charte/versions/1/articles/ajouter/",
        {"numero": 1, "titre": "Doublon", "texte": "…", "destinataires": "tous"},
    )
    assert reponse.status_code == 200
    assert "Cette version a déjà un article portant ce numéro." in reponse.content.decode()


def test_le_brouillon_signale_les_valeurs_retenues_qu_aucun_article_ne_traduit(direction):
    direction.post("/charte/versions/nouvelle/")
    charte = Charte.objects.get()
    charte.valeurs.set(Valeur.objects.filter(nom__in=["Respect", "Créativité"]))
    ArticleFactory(charte=charte, numero=1).valeurs.set([Valeur.objects.get(nom="Respect")])
    texte = main(direction.get("/charte/versions/1/")).texte()
    assert "qu'aucun article ne traduit encore : Créativité" in texte


# Adoption -----------------------------------------------------------------------------------------


def test_la_charte_est_adoptee_par_un_conseil_d_administration_passe_a_sa_date(direction):
    direction.post("/charte/versions/nouvelle/")
    charte = Charte.objects.get()
    ArticleFactory(charte=charte, numero=1)
    ca = conseil(AUJOURDHUI() - timedelta(days=3))  # dated, not yet marked as held
    bureau = conseil(AUJOURDHUI() - timedelta(days=5), type_=Instance.Type.BUREAU, tenu=True)
    futur = conseil(AUJOURDHUI() + timedelta(days=10))

    formulaire = main(direction.get("/charte/versions/1/adopter/"))
    choix = [o.attrs.get("value") for o in formulaire.un("select").tous("option")]
    assert str(ca.pk) in choix and str(bureau.pk) not in choix and str(futur.pk) not in choix

    reponse = direction.post("/charte/versions/1/adopter/", {"instance": ca.pk})
    assert reponse.url == "/charte/"
    charte.refresh_from_db()
    attendu = (Charte.Statut.ADOPTEE, AUJOURDHUI() - timedelta(days=3), ca)
    assert (charte.statut, charte.adoptee_le, charte.instance) == attendu
    page = main(direction.get("/charte/"))
    assert "Version 1, adoptée par le conseil d'administration le" in page.texte()
    assert page.tous("a", href=f"/instances/{ca.pk}/rapport/")


def test_le_modele_refuse_une_adoption_hors_d_un_conseil_passe(db):
    charte = CharteFactory(numero=1)
    with pytest.raises(ValidationError, match="au moins un article"):
        charte.adopter(conseil(AUJOURDHUI() - timedelta(days=1)))
    ArticleFactory(charte=charte, numero=1)
    with pytest.raises(ValidationError, match="Seul un conseil d'administration"):
        charte.adopter(conseil(AUJOURDHUI() - timedelta(days=1), type_=Instance.Type.AG))
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        charte.adopter(conseil(AUJOURDHUI() + timedelta(days=1)))
    assert Charte.objects.get().est_brouillon


def test_une_version_adoptee_ne_se_modifie_plus(direction, plan_charge):
    charte = charte_adoptee()
    article = charte.articles.first()
    assert direction.get(f"/charte/versions/{charte.numero}/modifier/").status_code == 404
    assert (
        direction.get(f"/charte/versions/{charte.numero}/articles/{article.pk}/modifier/").status_code == 404
    )
    assert (
        direction.post(f"/charte/versions/{charte.numero}/articles/{article.pk}/supprimer/").status_code
        == 404
    )
    with pytest.raises(ValidationError, match="son texte ne se modifie plus"):
        Article(charte=charte, numero=9, titre="Ajout", texte="…").full_clean()
    assert "Modifier" not in [a.texte() for a in main(direction.get(charte.get_absolute_url())).tous("a")]


def test_une_nouvelle_version_reprend_le_texte_en_vigueur_qui_reste_applicable_jusqu_a_son_adoption(
    direction, plan_charge
):
    v1 = charte_adoptee(AUJOURDHUI() - timedelta(days=200), articles=3)
    direction.post("/charte/versions/nouvelle/")
    v2 = Charte.objects.get(numero=2)
    assert v2.est_brouillon and v2.articles.count() == 3
    assert set(v2.valeurs.all()) == set(v1.valeurs.all())
    assert Charte.objects.en_vigueur() == v1

    # Adopted before the version in force: refused.
    ancien = conseil(AUJOURDHUI() - timedelta(days=300))
    reponse = direction.post("/charte/versions/2/adopter/", {"instance": ancien.pk})
    assert "ne peut pas avoir été adoptée avant" in reponse.content.decode()

    direction.post("/charte/versions/2/adopter/", {"instance": conseil(AUJOURDHUI() - timedelta(days=2)).pk})
    assert Charte.objects.en_vigueur().numero == 2
    texte = main(direction.get("/charte/versions/1/")).texte()
    assert "remplacée par la version 2" in texte


def test_la_base_refuse_deux_brouillons_et_une_adoption_sans_conseil(db):
    CharteFactory(numero=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CharteFactory(numero=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        CharteFactory(numero=3, statut=Charte.Statut.ADOPTEE, adoptee_le=AUJOURDHUI())


# Acknowledgements ---------------------------------------------------------------------------------


def test_un_membre_de_l_equipe_prend_connaissance_de_la_charte_depuis_sa_page(comptes_par_role, client_de):
    charte = charte_adoptee()
    membre = relier(comptes_par_role["equipe"], AntenneFactory())
    client = client_de(comptes_par_role["equipe"])
    page = main(client.get("/charte/"))
    assert page.un("button", type="submit").texte() == "Je confirme avoir pris connaissance de la charte"

    # The box must be ticked.
    reponse = client.post("/charte/prendre-connaissance/", {})
    assert reponse.status_code == 200
    assert "Cochez la case pour confirmer que vous avez lu la charte." in reponse.content.decode()
    assert not PriseDeConnaissance.objects.exists()

    reponse = client.post("/charte/prendre-connaissance/", {"confirme": "on"})
    assert reponse.url == "/charte/"
    prise_ = PriseDeConnaissance.objects.get()
    assert (prise_.charte, prise_.membre, prise_.date) == (charte, membre, AUJOURDHUI())
    assert prise_.par_la_personne
    assert "Vous avez pris connaissance de la version 1 le" in main(client.get("/charte/")).texte()
    # Twice is once.
    client.post("/charte/prendre-connaissance/", {"confirme": "on"})
    assert PriseDeConnaissance.objects.count() == 1


def test_sans_fiche_au_registre_on_ne_peut_pas_confirmer_soi_meme(comptes_par_role, client_de):
    charte_adoptee()
    client = client_de(comptes_par_role["pilote"])
    assert "Votre compte n'est pas relié au registre de l'équipe" in main(client.get("/charte/")).texte()
    assert client.post("/charte/prendre-connaissance/", {"confirme": "on"}).status_code == 403
    relier(comptes_par_role["ca"])
    assert (
        client_de(comptes_par_role["ca"])
        .post("/charte/prendre-connaissance/", {"confirme": "on"})
        .status_code
        == 403
    )


def test_la_direction_voit_qui_a_pris_connaissance_antenne_par_antenne(direction, comptes_par_role):
    charte = charte_adoptee(AUJOURDHUI() - timedelta(days=20))
    nord, sud = AntenneFactory(nom="Antenne Nord"), AntenneFactory(nom="Antenne Sud")
    alice, bruno = equipe_de(nord, 2)
    (chloe,) = equipe_de(sud, 1)
    prise(charte, alice, AUJOURDHUI() - timedelta(days=5), par=comptes_par_role["direction"])
    atelier = SensibilisationFactory(date=AUJOURDHUI() - timedelta(days=40))
    atelier.participants.set([bruno])

    page = main(direction.get("/charte/equipe/"))
    sections = {s.un("h2").texte(): s for s in page.tous("section")}
    assert {"Antenne Nord", "Antenne Sud"} <= set(sections)
    lignes_nord = {r.un("th").texte(): r.texte() for r in sections["Antenne Nord"].un("tbody").tous("tr")}
    assert "enregistré par" in lignes_nord[f"{alice.prenom} {alice.nom} (sans compte)"]
    assert "Pas encore" in lignes_nord[f"{bruno.prenom} {bruno.nom} (sans compte)"]
    assert "1 ayant pris connaissance de la version 1" in sections["Antenne Nord"].texte()
    # Who was trained, and when.
    assert date_longue(atelier.date) in lignes_nord[f"{bruno.prenom} {bruno.nom} (sans compte)"]
    assert "Jamais" in lignes_nord[f"{alice.prenom} {alice.nom} (sans compte)"]
    assert "1 sensibilisée dans les 12 derniers mois" in sections["Antenne Nord"].texte()

    # Bruno and Chloé signed on paper last week: Direction records both at once.
    jour = AUJOURDHUI() - timedelta(days=7)
    reponse = direction.post("/charte/equipe/", {"membres": [bruno.pk, chloe.pk], "date": jour.isoformat()})
    assert reponse.status_code == 302
    assert set(PriseDeConnaissance.objects.filter(date=jour).values_list("membre", flat=True)) == {
        bruno.pk,
        chloe.pk,
    }


def test_la_direction_n_enregistre_pas_une_date_avant_l_adoption_ni_dans_le_futur(direction):
    charte_adoptee(AUJOURDHUI() - timedelta(days=20))
    (membre,) = equipe_de(nombre=1)
    avant = (AUJOURDHUI() - timedelta(days=21)).isoformat()
    reponse = direction.post("/charte/equipe/", {"membres": [membre.pk], "date": avant})
    assert "choisissez une date à partir de celle-ci" in reponse.content.decode()
    futur = (AUJOURDHUI() + timedelta(days=1)).isoformat()
    assert (
        "La date ne peut pas être dans le futur."
        in direction.post("/charte/equipe/", {"membres": [membre.pk], "date": futur}).content.decode()
    )
    assert not PriseDeConnaissance.objects.exists()


def test_l_equipe_et_le_conseil_voient_les_nombres_par_antenne_sans_aucun_nom(comptes_par_role, client_de):
    charte = charte_adoptee()
    antenne = AntenneFactory(nom="Antenne Est")
    membres = [MembreEquipeFactory(antenne=antenne, nom=f"Quidam{n}") for n in range(4)]
    prise(charte, membres[0])
    for role in ("equipe", "ca"):
        page = main(client_de(comptes_par_role[role]).get("/charte/"))
        assert ligne_de(page, "Antenne Est")[:3] == ["4", "1", "25 %"]
        assert "Quidam" not in page.texte()
        assert not page.tous("a", href="/charte/equipe/")
    assert client_de(comptes_par_role["equipe"]).get("/charte/equipe/").status_code == 403


def test_une_personne_partie_ne_compte_plus(comptes_par_role, client_de):
    charte = charte_adoptee()
    antenne = AntenneFactory(nom="Antenne Ouest")
    presente, partie = equipe_de(antenne, 2)
    partie.date_depart = AUJOURDHUI() - timedelta(days=1)
    partie.save()
    prise(charte, presente)
    page = main(client_de(comptes_par_role["ca"]).get("/charte/"))
    assert ligne_de(page, "Antenne Ouest")[:3] == ["1", "1", "100 %"]


# Young people's commitments -----------------------------------------------------------------------


def test_l_equipe_compte_les_engagements_des_jeunes_par_antenne_et_par_mois(comptes_par_role, client_de):
    charte = charte_adoptee(AUJOURDHUI() - timedelta(days=70))
    antenne = AntenneFactory(nom="Antenne Centre")
    relier(comptes_par_role["equipe"], antenne)
    client = client_de(comptes_par_role["equipe"])
    formulaire = main(client.get("/charte/engagements-des-jeunes/"))
    assert "aucun nom de jeune n'est enregistré" in formulaire.texte()
    # Their own antenne comes preselected.
    assert "selected" in formulaire.un("option", value=str(antenne.pk)).attrs

    mois = AUJOURDHUI().replace(day=1).strftime("%Y-%m")
    client.post("/charte/engagements-des-jeunes/", {"antenne": antenne.pk, "mois": mois, "nombre": 7})
    reponse = client.post(
        "/charte/engagements-des-jeunes/", {"antenne": antenne.pk, "mois": mois, "nombre": 9}
    )
    ligne = EngagementsJeunes.objects.get()
    assert (ligne.charte, ligne.mois, ligne.nombre) == (charte, AUJOURDHUI().replace(day=1), 9)
    suite = client.get(reponse.url)
    assert "7 remplacé par 9" in suite.content.decode()
    assert ligne_de(main(suite), "Antenne Centre")[:2] == ["9", "9"]


def test_un_mois_avant_l_adoption_ou_a_venir_est_refuse(comptes_par_role, client_de):
    charte_adoptee(AUJOURDHUI() - timedelta(days=5))
    antenne = AntenneFactory()
    client = client_de(comptes_par_role["equipe"])
    avant = (AUJOURDHUI().replace(day=1) - timedelta(days=40)).strftime("%Y-%m")
    reponse = client.post(
        "/charte/engagements-des-jeunes/", {"antenne": antenne.pk, "mois": avant, "nombre": 3}
    )
    assert "choisissez un mois à partir de celui-ci" in reponse.content.decode()
    apres = (AUJOURDHUI().replace(day=1) + timedelta(days=40)).strftime("%Y-%m")
    reponse = client.post(
        "/charte/engagements-des-jeunes/", {"antenne": antenne.pk, "mois": apres, "nombre": 3}
    )
    assert "Ce mois n'a pas encore commencé." in main(reponse).texte()
    assert not EngagementsJeunes.objects.exists()


def test_le_conseil_lit_les_engagements_sans_pouvoir_les_saisir(comptes_par_role, client_de):
    charte_adoptee()
    client = client_de(comptes_par_role["ca"])
    page = main(client.get("/charte/engagements-des-jeunes/"))
    assert not page.tous("form", method="post")
    assert client.post("/charte/engagements-des-jeunes/", {"nombre": 1}).status_code == 403
