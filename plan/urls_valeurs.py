from django.urls import path

from . import views

app_name = "valeurs"

urlpatterns = [path("", views.valeurs, name="index")]
