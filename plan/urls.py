from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.index, name="index"),
    path("enjeux/", views.enjeux, name="enjeux"),
]
