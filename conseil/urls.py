from django.urls import path

from . import views

app_name = "conseil"

# Included at the site root before plan.urls: "plan/fiches/" here is the list, while
# "plan/fiches/<code>/" stays the fiche page served by the plan app.
urlpatterns = [
    path("plan/fiches/", views.fiche_list, name="fiche-list"),
    path("plan/fiches/export/<slug:contenu>.<str:format_>", views.fiche_export, name="fiche-export"),
    path("instances/", views.InstanceListView.as_view(), name="instance-list"),
    path("instances/nouvelle/", views.InstanceCreateView.as_view(), name="instance-create"),
    path("instances/<int:pk>/modifier/", views.InstanceUpdateView.as_view(), name="instance-update"),
    path("instances/<int:pk>/tenir/", views.instance_tenir, name="instance-tenir"),
    path("instances/<int:pk>/rapport/", views.rapport, name="rapport"),
    path("instances/<int:pk>/rapport.pdf", views.rapport_pdf, name="rapport-pdf"),
    path("instances/<int:pk>/rapport/pdf/etat/", views.rapport_pdf_etat, name="rapport-pdf-etat"),
    path("instances/<int:pk>/journal.<str:format_>", views.rapport_journal, name="rapport-journal"),
]
