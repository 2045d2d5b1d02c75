from django.urls import path

from . import views

app_name = "suivi"

urlpatterns = [
    path("mes-actions/", views.mes_actions, name="mes-actions"),
    path("journal/", views.journal, name="journal"),
    path("journal/pieces/<int:pk>/", views.piece_jointe, name="piece-jointe"),
    path("plan/fiches/<str:code>/", views.fiche_detail, name="fiche-detail"),
    path("plan/fiches/<str:code>/etapes/<int:pk>/", views.modifier_etape, name="etape-modifier"),
    path("plan/fiches/<str:code>/etapes/<int:pk>/ligne/", views.etape_ligne, name="etape"),
    path("plan/fiches/<str:code>/suivi/", views.modifier_fiche, name="fiche-modifier"),
    path("plan/fiches/<str:code>/commentaires/", views.commenter, name="commenter"),
    path("plan/fiches/<str:code>/rien-de-nouveau/", views.rien_de_nouveau, name="rien-de-nouveau"),
    path("plan/fiches/<str:code>/indicateurs/", views.ajouter_indicateur, name="indicateur-ajouter"),
    path("plan/fiches/<str:code>/indicateurs/<int:pk>/mesures/", views.ajouter_mesure, name="mesure-ajouter"),
    path(
        "plan/fiches/<str:code>/mesures/<int:pk>/correction/", views.corriger_mesure, name="mesure-corriger"
    ),
]
