"""The values' pages, under /valeurs/ with the "valeurs" namespace the rest of the site links to."""

from django.urls import path

from . import views

app_name = "valeurs"

urlpatterns = [
    path("", views.valeurs, name="index"),
    path("<int:pk>/", views.valeur_detail, name="detail"),
    path("<int:pk>/fiches/rattacher/", views.valeur_fiche_relier, name="fiche-relier"),
    path("<int:pk>/fiches/<int:lien>/detacher/", views.valeur_fiche_delier, name="fiche-delier"),
]
