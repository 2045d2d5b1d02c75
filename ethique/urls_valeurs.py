"""The values' pages, under /valeurs/ with the "valeurs" namespace the rest of the site links to.
A value is addressed by its rank in the plan (/valeurs/3/ is "Égalité de traitement"), which the
fixtures keep stable whatever the database."""

from django.urls import path

from . import views

app_name = "valeurs"

urlpatterns = [
    path("", views.valeurs, name="index"),
    path("<int:ordre>/", views.valeur_detail, name="detail"),
    path("<int:ordre>/fiches/rattacher/", views.valeur_fiche_relier, name="fiche-relier"),
    path("<int:ordre>/fiches/<int:lien>/detacher/", views.valeur_fiche_delier, name="fiche-delier"),
]
