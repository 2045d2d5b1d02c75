from django.urls import path

from . import views

app_name = "ambassadeurs"

urlpatterns = [
    path("", views.ambassadeur_list, name="liste"),
    path("chiffres/", views.chiffres, name="chiffres"),
    path("nouveau/", views.ambassadeur_form, name="creer"),
    path("<int:pk>/", views.ambassadeur_detail, name="detail"),
    path("<int:pk>/modifier/", views.ambassadeur_form, name="modifier"),
    path("<int:pk>/donnees.<str:format_>", views.ambassadeur_export, name="export"),
    path("<int:pk>/effacer/", views.ambassadeur_effacer, name="effacer"),
    path("interventions/", views.intervention_list, name="intervention-list"),
    path("interventions/nouvelle/", views.intervention_form, name="intervention-creer"),
    path("interventions/<int:pk>/", views.intervention_detail, name="intervention-detail"),
    path("interventions/<int:pk>/modifier/", views.intervention_form, name="intervention-modifier"),
    path("interventions/<int:pk>/retours/", views.intervention_retours, name="intervention-retours"),
]
