from django.urls import path

from . import views

# Without a namespace: Django's password views reverse these names as they are.
urlpatterns = [
    path("connexion/mot-de-passe-oublie/", views.MotDePasseOublieView.as_view(), name="password_reset"),
    path(
        "connexion/mot-de-passe-oublie/envoye/",
        views.DemandeEnvoyeeView.as_view(),
        name="password_reset_done",
    ),
    path(
        "connexion/nouveau-mot-de-passe/<uidb64>/<token>/",
        views.NouveauMotDePasseView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "connexion/nouveau-mot-de-passe/enregistre/",
        views.MotDePasseEnregistreView.as_view(),
        name="password_reset_complete",
    ),
    path("compte/mot-de-passe/", views.ChangementMotDePasseView.as_view(), name="password_change"),
]
