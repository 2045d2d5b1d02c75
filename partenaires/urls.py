from django.urls import path

from . import views

app_name = "partenaires"

urlpatterns = [
    path("", views.partenaire_list, name="liste"),
    path("export.<str:format_>", views.partenaire_export, name="export"),
    path("nouveau/", views.partenaire_form, name="creer"),
    path("suivi/", views.partenaires_suivi, name="suivi"),
    path("<int:pk>/", views.partenaire_detail, name="detail"),
    path("<int:pk>/modifier/", views.partenaire_form, name="modifier"),
    path("<int:pk>/contact/", views.contact_modifier, name="contact"),
    path("<int:pk>/contact/donnees.json", views.contact_export, name="contact-export"),
    path("<int:pk>/contact/effacer/", views.contact_effacer, name="contact-effacer"),
    path("<int:partenaire_pk>/conventions/nouvelle/", views.convention_form, name="convention-creer"),
    path("conventions/<int:pk>/modifier/", views.convention_form, name="convention-modifier"),
    path("import/", views.import_form, name="import"),
    path("import/modele.csv", views.import_modele, name="import-modele"),
    path("import/<int:pk>/", views.import_rapport, name="import-rapport"),
    path("import/<int:pk>/appliquer/", views.import_appliquer, name="import-appliquer"),
    path("evenements/", views.evenement_list, name="evenement-list"),
    path("evenements/nouveau/", views.evenement_form, name="evenement-creer"),
    path("evenements/<int:pk>/", views.evenement_detail, name="evenement-detail"),
    path("evenements/<int:pk>/modifier/", views.evenement_form, name="evenement-modifier"),
    path("evenements/<int:pk>/participants/", views.evenement_participants, name="evenement-participants"),
    path("evenements/<int:pk>/suites/", views.suite_creer, name="suite-creer"),
    path("suites/<int:pk>/faite/", views.suite_faite, name="suite-faite"),
]
