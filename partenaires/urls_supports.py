from django.urls import path

from . import views

app_name = "supports"

urlpatterns = [
    path("", views.support_list, name="liste"),
    path("nouveau/", views.support_form, name="creer"),
    path("<int:pk>/", views.support_detail, name="detail"),
    path("<int:pk>/modifier/", views.support_form, name="modifier"),
    path("<int:pk>/diffusions/nouvelle/", views.diffusion_creer, name="diffusion-creer"),
    path("<int:support_pk>/versions/nouvelle/", views.version_form, name="version-creer"),
    path("versions/<int:pk>/modifier/", views.version_form, name="version-modifier"),
    path("versions/<int:pk>/qr.svg", views.version_qr, name="version-qr"),
]
