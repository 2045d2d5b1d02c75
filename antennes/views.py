from django.db.models import Count, Sum
from django.shortcuts import render

from .models import Antenne, Commune


def territoire(request):
    communes = Commune.objects.annotate(nb_permanences=Count("permanences")).order_by("nom")
    totaux = Commune.objects.aggregate(population=Sum("population"), nombre=Count("pk"))
    antennes = Antenne.objects.select_related("commune").prefetch_related("permanences__commune")
    return render(
        request,
        "antennes/territoire.html",
        {"communes": communes, "totaux": totaux, "antennes": antennes},
    )
