from django.urls import path

from . import views

app_name = "ethique"

urlpatterns = [
    path("charte/", views.charte, name="charte"),
    path("charte/prendre-connaissance/", views.prendre_connaissance, name="prendre-connaissance"),
    path("charte/equipe/", views.equipe, name="equipe"),
    path("charte/engagements-des-jeunes/", views.engagements, name="engagements"),
    path("charte/versions/nouvelle/", views.version_creer, name="version-creer"),
    path("charte/versions/<int:numero>/", views.version, name="version"),
    path("charte/versions/<int:numero>/modifier/", views.version_modifier, name="version-modifier"),
    path("charte/versions/<int:numero>/adopter/", views.version_adopter, name="version-adopter"),
    path("charte/versions/<int:numero>/articles/ajouter/", views.article_ajouter, name="article-ajouter"),
    path(
        "charte/versions/<int:numero>/articles/<int:pk>/modifier/",
        views.article_modifier,
        name="article-modifier",
    ),
    path(
        "charte/versions/<int:numero>/articles/<int:pk>/supprimer/",
        views.article_supprimer,
        name="article-supprimer",
    ),
    path("charte/sensibilisation/", views.sensibilisation, name="sensibilisation"),
    path("charte/sensibilisation/nouvelle/", views.session_creer, name="session-creer"),
    path("charte/sensibilisation/<int:pk>/", views.session_detail, name="session-detail"),
    path("charte/sensibilisation/<int:pk>/modifier/", views.session_modifier, name="session-modifier"),
    path("association/", views.association, name="association"),
]
