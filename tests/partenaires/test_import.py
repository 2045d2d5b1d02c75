"""Import of the partners' spreadsheet: dry run, all-or-nothing application, duplicates, encodings,
bad rows explained, re-import without effect, and the directory's exports as import files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from openpyxl import Workbook, load_workbook

from antennes.models import Commune
from partenaires import importation
from partenaires.models import HistoriqueContact, ImportPartenaires, Partenaire

ENTETES = ["Nom", "Type", "SIRET", "Champs d'intervention", "Commune", "Contact : nom", "Contact : e-mail"]
# A valid SIRET (Luhn key) and another one.
SIRET_A = "73282932000074"
SIRET_B = "35600000000048"  # La Poste: exempt from the Luhn key


def csv_de(lignes, separateur=";", bom=True, encodage="utf-8"):
    texte = "\r\n".join(separateur.join(cellules) for cellules in lignes) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + texte.encode(encodage)


def xlsx_de(lignes):
    classeur = Workbook()
    for ligne in lignes:
        classeur.active.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def analyser(contenu, nom="partenaires.csv"):
    return importation.analyser(importation.lire(nom, contenu))


def actions(rapport):
    return [(ligne.numero, ligne.action) for ligne in rapport.lignes]


FICHIER = [
    ENTETES,
    [
        "Garage solidaire",
        "Associatif",
        SIRET_A,
        "Mobilité, Insertion",
        "Béthune",
        "Nora Test",
        "nora@exemple.invalid",
    ],
    ["Lycée professionnel", "Éducation", "", "Éducation nationale", "62119", "", ""],
    ["Adice", "", "", "", "", "Camille Martin", ""],
]


def test_l_analyse_n_ecrit_rien_et_l_application_cree_et_complete(plan_charge):
    avant = Partenaire.objects.count()
    rapport = analyser(csv_de(FICHIER))
    assert actions(rapport) == [(2, "creation"), (3, "creation"), (4, "modification")]
    assert Partenaire.objects.count() == avant
    assert "Contact : nom : « — » → « Camille Martin »" in rapport.lignes[2].messages

    importation.appliquer(rapport)

    garage = Partenaire.objects.get(nom="Garage solidaire")
    assert (garage.type, garage.siret, garage.commune.nom) == ("associatif", SIRET_A, "Béthune")
    assert sorted(c.nom for c in garage.champs.all()) == ["Insertion", "Mobilité"]
    assert (garage.contact_nom, garage.contact_email) == ("Nora Test", "nora@exemple.invalid")
    assert Partenaire.objects.get(nom="Lycée professionnel").commune.code_insee == "62119"
    adice = Partenaire.objects.get(nom="Adice")
    assert adice.contact_nom == "Camille Martin"
    assert adice.type == "associatif" and adice.interroge_diagnostic  # empty cells change nothing
    assert Partenaire.objects.count() == avant + 2


def test_reimporter_le_meme_fichier_ne_change_rien(plan_charge):
    importation.appliquer(analyser(csv_de(FICHIER)))
    etat = list(Partenaire.objects.order_by("pk").values())
    historique = HistoriqueContact.objects.count()

    rapport = analyser(csv_de(FICHIER))
    assert {ligne.action for ligne in rapport.lignes} == {"inchange"}
    assert not rapport.applicable
    importation.appliquer(rapport)
    assert list(Partenaire.objects.order_by("pk").values()) == etat
    assert HistoriqueContact.objects.count() == historique


@pytest.mark.parametrize(
    ("separateur", "bom"), [(";", True), (";", False), (",", True), (",", False), ("\t", False)]
)
def test_le_csv_se_lit_avec_point_virgule_ou_virgule_avec_ou_sans_bom(plan_charge, separateur, bom):
    lignes = [["Nom", "Type", "Commune"], ["Maison de l'emploi", "Institutionnel", "Béthune"]]
    rapport = analyser(csv_de(lignes, separateur=separateur, bom=bom))
    assert actions(rapport) == [(2, "creation")]
    assert rapport.lignes[0].valeurs["commune"].nom == "Béthune"


def test_un_classeur_xlsx_se_lit_comme_un_csv(plan_charge):
    rapport = analyser(xlsx_de(FICHIER), nom="partenaires.xlsx")
    assert actions(rapport) == [(2, "creation"), (3, "creation"), (4, "modification")]


def test_un_csv_en_windows_1252_est_refuse_avec_la_marche_a_suivre(plan_charge):
    contenu = csv_de([["Nom", "Commune"], ["Lycée d'Artois", "Béthune"]], bom=False, encodage="cp1252")
    with pytest.raises(importation.FichierInvalide) as erreur:
        analyser(contenu)
    assert "n'est pas encodé en UTF-8" in str(erreur.value)
    assert "CSV UTF-8" in str(erreur.value)


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("vide.csv", b"", "Le fichier est vide."),
        ("vide.csv", b"\xef\xbb\xbf\r\n;;\r\n", "Le fichier est vide."),
        ("sans-nom.csv", "Raison;Ville\r\nAdice;Béthune\r\n".encode(), "aucune colonne « Nom »"),
        ("double.csv", b"Nom;Structure\r\nA;B\r\n", "apparaît deux fois"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel à l'ancien format"),
        ("casse.xlsx", b"PK\x03\x04" + b"\x00" * 100, "illisible ou endommagé"),
        ("faux.xlsx", b"Nom;Type\r\n", "n'est pas un classeur Excel lisible"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "n'est pas un tableau CSV"),
        ("utf16.csv", "Nom\r\nA\r\n".encode("utf-16"), "UTF-16"),
        ("octet-nul.csv", b'Nom;Notes\r\nA;"texte\x00', "n'est pas un tableau CSV"),
    ],
)
def test_un_fichier_illisible_est_refuse_proprement(plan_charge, nom, contenu, message):
    with pytest.raises(importation.FichierInvalide) as erreur:
        analyser(contenu, nom=nom)
    assert message in str(erreur.value)


def test_un_fichier_trop_gros_ou_trop_long_est_refuse(plan_charge, monkeypatch):
    monkeypatch.setattr(importation, "TAILLE_MAX", 100)
    with pytest.raises(importation.FichierInvalide, match="la taille maximale est de"):
        analyser(b"Nom\r\n" + b"A\r\n" * 100)
    monkeypatch.setattr(importation, "TAILLE_MAX", 5 * importation.MO)
    monkeypatch.setattr(importation, "LIGNES_MAX", 10)
    with pytest.raises(importation.FichierInvalide, match="dépasse 10 lignes"):
        analyser(b"Nom\r\n" + b"".join(f"P{n}\r\n".encode() for n in range(20)))


def test_les_lignes_fautives_sont_expliquees_et_rien_n_est_importe(plan_charge):
    fichier = [
        [
            "Nom",
            "Type",
            "SIRET",
            "Commune",
            "Contact : e-mail",
            "Fiches-actions",
            "Site web",
            "Colonne libre",
        ],
        ["Bon partenaire", "Associatif", "", "Béthune", "", "3.1, 3.2", "www.exemple.fr", "x"],
        ["", "Associatif", "", "", "", "", "", ""],
        ["Siret faux", "Associatif", "12345678901234", "", "", "", "", ""],
        ["Siret court", "", "1234", "", "", "", "", ""],
        ["Type inconnu", "Club de sport", "", "", "", "", "", ""],
        ["Commune inconnue", "", "", "Lille", "", "", "", ""],
        ["Courriel faux", "", "", "", "pas-une-adresse", "", "", ""],
        ["Fiche inconnue", "", "", "", "", "9.9", "", ""],
        ["Nom trop long " + "x" * 200, "", "", "", "", "", "", ""],
    ]
    rapport = analyser(csv_de(fichier))
    messages = {ligne.numero: " ".join(ligne.messages) for ligne in rapport.lignes}
    assert rapport.lignes[0].action == "creation"
    assert rapport.lignes[0].valeurs["site_web"] == "https://www.exemple.fr"
    assert [ligne.action for ligne in rapport.lignes[1:]] == ["rejet"] * 8
    assert "Le nom est obligatoire." in messages[3]
    assert "clé de contrôle incorrecte" in messages[4]
    assert "exactement 14 chiffres" in messages[5]
    assert "« Club de sport » n'est pas un type connu" in messages[6] and "Financeur" in messages[6]
    assert "« Lille » n'est pas une des communes de l'arrondissement" in messages[7]
    assert "« pas-une-adresse » n'est pas une adresse électronique valide" in messages[8]
    assert "fiche « 9.9 » inconnue" in messages[9]
    assert "200 caractères au plus" in messages[10]
    assert rapport.ignorees == ["Colonne libre"]

    avant = Partenaire.objects.count()
    with pytest.raises(
        importation.ImportRefuse, match="8 ligne\\(s\\) rejetée\\(s\\) : rien n'a été importé"
    ):
        importation.appliquer(rapport)
    assert Partenaire.objects.count() == avant


def test_un_partenaire_existant_est_reconnu_a_son_siret_puis_a_son_nom_et_sa_commune(plan_charge):
    bethune = Commune.objects.get(code_insee="62119")
    par_siret = Partenaire.objects.create(nom="Ancien nom", type="associatif", siret=SIRET_A)
    par_nom = Partenaire.objects.create(nom="Maison de l'Emploi", type="institutionnel", commune=bethune)
    fichier = [
        ["Nom", "SIRET", "Commune"],
        ["Nouveau nom", "732 829 320 00074", ""],  # spaces in the SIRET
        ["  MAISON   de l’emploi ", "", "béthune"],  # case, accents, apostrophe and spaces ignored
    ]
    rapport = analyser(csv_de(fichier))
    assert [(ligne.partenaire, ligne.action) for ligne in rapport.lignes] == [
        (par_siret, "modification"),
        (par_nom, "modification"),
    ]
    assert "Nom : « Ancien nom » → « Nouveau nom »" in rapport.lignes[0].messages
    importation.appliquer(rapport)
    par_siret.refresh_from_db()
    assert par_siret.nom == "Nouveau nom"
    assert Partenaire.objects.filter(cle_nom="maison de l emploi").count() == 1


def test_le_meme_nom_dans_deux_communes_designe_deux_partenaires(plan_charge):
    Partenaire.objects.create(
        nom="Centre social", type="associatif", commune=Commune.objects.get(code_insee="62119")
    )
    rapport = analyser(csv_de([["Nom", "Commune"], ["Centre social", "Beuvry"]]))
    assert actions(rapport) == [(2, "creation")]


def test_deux_lignes_pour_un_meme_partenaire_sont_un_doublon(plan_charge):
    fichier = [
        ["Nom", "SIRET", "Commune"],
        ["Garage solidaire", SIRET_A, "Béthune"],
        ["Garage Solidaire", "", "Béthune"],
        ["Autre nom", SIRET_A, ""],
        ["Adice", "", ""],
        ["ADICE", "", ""],
    ]
    rapport = analyser(csv_de(fichier))
    assert actions(rapport) == [(2, "creation"), (3, "rejet"), (4, "rejet"), (5, "inchange"), (6, "rejet")]
    assert rapport.lignes[1].messages == ["Même partenaire que la ligne 2 : une seule ligne par partenaire."]
    assert "ligne 5" in rapport.lignes[4].messages[0]


def test_un_siret_et_un_nom_qui_designent_deux_partenaires_differents_sont_rejetes(plan_charge):
    Partenaire.objects.create(nom="Structure A", type="associatif", siret=SIRET_A)
    Partenaire.objects.create(nom="Structure B", type="associatif", siret=SIRET_B)
    rapport = analyser(
        csv_de([["Nom", "SIRET"], ["Structure B", SIRET_A], ["Structure A", "55203253400646"]])
    )
    assert [ligne.action for ligne in rapport.lignes] == ["rejet", "rejet"]
    assert (
        "Le SIRET désigne « Structure A » mais le nom et la commune désignent « Structure B »"
        in (rapport.lignes[0].messages[0])
    )
    assert "déjà enregistré avec le SIRET" in rapport.lignes[1].messages[0]


def test_un_changement_de_contact_par_import_garde_l_ancien_dans_l_historique(plan_charge):
    adice = Partenaire.objects.get(nom="Adice")
    adice.changer_contact(nom="Première Personne", email="premiere@exemple.invalid")
    importation.appliquer(analyser(csv_de([["Nom", "Contact : nom"], ["Adice", "Seconde Personne"]])))
    adice.refresh_from_db()
    assert adice.contact_nom == "Seconde Personne"
    assert adice.contact_email == "premiere@exemple.invalid"  # empty cell: unchanged
    (ancien,) = adice.historique_contacts.all()
    assert (ancien.nom, ancien.motif) == ("Première Personne", HistoriqueContact.Motif.REMPLACEMENT)


def test_un_import_qui_echoue_a_mi_chemin_n_applique_rien(plan_charge, monkeypatch):
    fichier = [["Nom", "Contact : nom"]] + [[f"Partenaire {n}", f"Personne {n}"] for n in range(6)]
    fichier.append(["Adice", "Contact changé"])
    rapport = analyser(csv_de(fichier))
    assert rapport.applicable
    avant = Partenaire.objects.count(), HistoriqueContact.objects.count()
    appliquer_ligne = importation._appliquer_ligne
    appels = []

    def echoue_a_la_quatrieme(ligne, *args):
        appels.append(ligne.numero)
        if len(appels) == 4:
            raise DatabaseError("panne simulée")
        return appliquer_ligne(ligne, *args)

    monkeypatch.setattr(importation, "_appliquer_ligne", echoue_a_la_quatrieme)
    with pytest.raises(importation.ImportRefuse, match="interrompu à la ligne 5 .* rien n'a été enregistré"):
        importation.appliquer(rapport)
    assert (Partenaire.objects.count(), HistoriqueContact.objects.count()) == avant
    assert Partenaire.objects.get(nom="Adice").contact_nom == ""


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_l_export_de_l_annuaire_est_un_fichier_d_import_valide(
    plan_charge, client_de, compte_direction, format_
):
    bethune = Commune.objects.get(code_insee="62119")
    partenaire = Partenaire.objects.create(
        nom="=Structure piégée", type="financeur", siret=SIRET_A, commune=bethune, adresse="1 rue Haute"
    )
    partenaire.changer_contact(nom="Jeanne Exemple", telephone="+33 3 21 00 00 00", fonction="-Directrice")
    reponse = client_de(compte_direction).get(f"/partenaires/export.{format_}")
    assert reponse.status_code == 200
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    if format_ == "csv":
        assert contenu.startswith(b"\xef\xbb\xbfNom;Type;SIRET;")
        assert "'=Structure piégée".encode() in contenu  # neutralised for the spreadsheet
    else:
        feuille = load_workbook(io.BytesIO(contenu)).active
        assert feuille["A1"].value == "Nom"

    rapport = analyser(contenu, nom=f"export.{format_}")
    assert {ligne.action for ligne in rapport.lignes} == {"inchange"}, [
        (ligne.nom, ligne.messages) for ligne in rapport.lignes if ligne.action != "inchange"
    ]
    assert len(rapport.lignes) == Partenaire.objects.count()
    assert rapport.ignorees == []


def test_la_commande_simule_par_defaut_et_applique_avec_l_option(plan_charge, tmp_path):
    chemin = tmp_path / "partenaires.csv"
    chemin.write_bytes(csv_de(FICHIER))
    sortie = io.StringIO()
    call_command("importer_partenaires", str(chemin), stdout=sortie)
    assert "Ligne 2 (Garage solidaire) : À créer" in sortie.getvalue()
    assert "rien n'a été enregistré" in sortie.getvalue()
    assert not Partenaire.objects.filter(nom="Garage solidaire").exists()

    call_command("importer_partenaires", str(chemin), "--appliquer", stdout=io.StringIO())
    assert Partenaire.objects.filter(nom="Garage solidaire").exists()
    sortie = io.StringIO()
    call_command("importer_partenaires", str(chemin), "--appliquer", stdout=sortie)
    assert "0 à créer, 0 à modifier, 3 inchangée(s), 0 rejetée(s)" in sortie.getvalue()


def test_la_commande_refuse_un_fichier_avec_des_rejets_ou_illisible(plan_charge, tmp_path):
    chemin = tmp_path / "partenaires.csv"
    chemin.write_bytes(csv_de([["Nom", "Type"], ["Bon", "Associatif"], ["Mauvais", "Inconnu"]]))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("importer_partenaires", str(chemin), "--appliquer", stdout=io.StringIO())
    assert not Partenaire.objects.filter(nom="Bon").exists()
    chemin.write_bytes("Nom\r\nLycée\r\n".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("importer_partenaires", str(chemin), stdout=io.StringIO())
    with pytest.raises(CommandError, match="introuvable"):
        call_command("importer_partenaires", str(tmp_path / "absent.csv"), stdout=io.StringIO())


def deposer(client, contenu, nom="partenaires.csv"):
    return client.post("/partenaires/import/", {"fichier": SimpleUploadedFile(nom, contenu)})


def test_dans_l_application_le_fichier_est_analyse_puis_applique_sur_confirmation(
    plan_charge, client_de, compte_direction
):
    client = client_de(compte_direction)
    reponse = deposer(client, csv_de(FICHIER))
    depot = ImportPartenaires.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/partenaires/import/{depot.pk}/"
    page = client.get(reponse["Location"]).content.decode()
    assert "Ce que l'import ferait" in page and "Appliquer l'import" in page
    assert not Partenaire.objects.filter(nom="Garage solidaire").exists()

    reponse = client.post(f"/partenaires/import/{depot.pk}/appliquer/", follow=True)
    assert (
        "Import appliqué : 2 partenaire(s) créé(s), 1 modifié(s), 0 inchangé(s)." in reponse.content.decode()
    )
    depot.refresh_from_db()
    assert depot.applique_le is not None and bytes(depot.contenu) == b""  # the file is not kept
    assert Partenaire.objects.filter(nom="Garage solidaire").exists()
    # A second confirmation (double click) applies nothing more.
    reponse = client.post(f"/partenaires/import/{depot.pk}/appliquer/", follow=True)
    assert "Ce fichier a déjà été importé." in reponse.content.decode()


def test_dans_l_application_un_mauvais_fichier_est_explique_a_cote_du_champ(
    plan_charge, client_de, compte_direction
):
    client = client_de(compte_direction)
    reponse = deposer(client, "Nom\r\nLycée\r\n".encode("cp1252"))
    assert reponse.status_code == 200
    assert "n&#x27;est pas encodé en UTF-8" in reponse.content.decode()
    reponse = deposer(client, b"\x00" * 10, nom="partenaires.xlsx")
    assert reponse.status_code == 200 and "lisible" in reponse.content.decode()
    assert not ImportPartenaires.objects.exists()


def test_dans_l_application_des_lignes_rejetees_empechent_l_application(
    plan_charge, client_de, compte_direction
):
    client = client_de(compte_direction)
    deposer(client, csv_de([["Nom", "Type"], ["Bon", "Associatif"], ["Mauvais", "Inconnu"]]))
    depot = ImportPartenaires.objects.get()
    page = client.get(f"/partenaires/import/{depot.pk}/").content.decode()
    assert "Appliquer l&#x27;import" not in page and "rien ne sera importé" in page
    reponse = client.post(f"/partenaires/import/{depot.pk}/appliquer/", follow=True)
    assert "rien n&#x27;a été importé" in reponse.content.decode()
    assert not Partenaire.objects.filter(nom="Bon").exists()
