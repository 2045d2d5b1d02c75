from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from comptes.forms import ConnexionForm

from . import views

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("bienvenue/", views.bienvenue, name="bienvenue"),
    path("prochaine-instance/", views.prochaine_instance, name="prochaine-instance"),
    path("sante/", views.sante, name="sante"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("glossaire/", views.glossaire, name="glossaire"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(authentication_form=ConnexionForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("comptes.urls")),
    path("", include("suivi.urls")),
    path("", include("conseil.urls")),
    path("plan/", include("plan.urls")),
    path("valeurs/", include("ethique.urls_valeurs")),
    path("", include("antennes.urls")),
    path("partenaires/", include("partenaires.urls")),
    path("supports/", include("partenaires.urls_supports")),
    path("ambassadeurs/", include("ambassadeurs.urls")),
    path("", include("ethique.urls")),
    path("recherche/", include("recherche.urls")),
    path("admin/", admin.site.urls),
]
