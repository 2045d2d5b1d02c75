from django.urls import path

from . import views

app_name = "antennes"

urlpatterns = [
    path("territoire/", views.territoire, name="territoire"),
    path("territoire/communes/", views.communes_donnees, name="communes"),
    path("antennes/", views.antenne_list, name="antenne-list"),
    path("antennes/nouvelle/", views.antenne_form, name="antenne-creer"),
    path("antennes/<int:pk>/", views.antenne_detail, name="antenne-detail"),
    path("antennes/<int:pk>/modifier/", views.antenne_form, name="antenne-modifier"),
    path("antennes/<int:pk>/offre/", views.antenne_offre, name="antenne-offre"),
    path("antennes/permanences/", views.permanence_list, name="permanence-list"),
    path("antennes/permanences/nouvelle/", views.permanence_form, name="permanence-creer"),
    path("antennes/permanences/<int:pk>/modifier/", views.permanence_form, name="permanence-modifier"),
    path("antennes/permanences/<int:pk>/supprimer/", views.permanence_supprimer, name="permanence-supprimer"),
    path("antennes/equipes/", views.equipe_list, name="equipe"),
    path("antennes/equipes/nouveau/", views.membre_form, name="membre-creer"),
    path("antennes/equipes/<int:pk>/modifier/", views.membre_form, name="membre-modifier"),
    path("antennes/offre-de-service/", views.offre_de_service, name="offre"),
    path("antennes/offre-de-service/themes/nouveau/", views.theme_form, name="theme-creer"),
    path("antennes/offre-de-service/themes/<int:pk>/modifier/", views.theme_form, name="theme-modifier"),
    path("antennes/accueil/", views.accueil, name="accueil"),
    path("antennes/accueil/criteres/nouveau/", views.critere_form, name="critere-creer"),
    path("antennes/accueil/criteres/<int:pk>/modifier/", views.critere_form, name="critere-modifier"),
    path("antennes/<int:pk>/accueil/", views.accueil_antenne, name="accueil-antenne"),
    path("antennes/<int:pk>/accueil/evaluer/", views.evaluation_form, name="evaluation-creer"),
    path("antennes/accueil/evaluations/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("antennes/accueil/photos/<int:pk>/", views.photo_accueil, name="photo-accueil"),
    path("antennes/<int:antenne_pk>/accueil/actions/nouvelle/", views.action_form, name="action-creer"),
    path("antennes/accueil/actions/<int:pk>/modifier/", views.action_form, name="action-modifier"),
    path("antennes/procedures/", views.procedure_list, name="procedures"),
    path("antennes/procedures/nouvelle/", views.procedure_form, name="procedure-creer"),
    path("antennes/procedures/enquete/", views.enquete_creer, name="enquete-creer"),
    path("antennes/procedures/<int:pk>/", views.procedure_detail, name="procedure-detail"),
    path("antennes/procedures/<int:pk>/modifier/", views.procedure_form, name="procedure-modifier"),
    path("antennes/procedures/<int:pk>/versions/nouvelle/", views.version_creer, name="version-creer"),
    path("antennes/procedures/versions/<int:pk>/document/", views.version_fichier, name="version-fichier"),
    path(
        "antennes/procedures/<int:pk>/deployer/",
        views.deploiement_creer,
        name="deploiement-creer",
    ),
]
