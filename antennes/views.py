from django.db.models import Count, Prefetch, Sum
from django.shortcuts import render

from mission_locale.tri import TriFrancais
from plan.models import Organisation

from .models import Antenne, Commune, Permanence


def territoire(request):
    communes = Commune.objects.annotate(nb_permanences=Count("permanences")).order_by(TriFrancais("nom"))
    totaux = Commune.objects.aggregate(population=Sum("population"), nombre=Count("pk"))
    antennes = list(
        Antenne.objects.select_related("commune").prefetch_related(
            Prefetch("permanences", queryset=Permanence.objects.select_related("commune"))
        )
    )
    return render(
        request,
        "antennes/territoire.html",
        {
            "organisation": Organisation.objects.first(),
            "communes": communes,
            "totaux": totaux,
            "antennes": antennes,
            "siege": next((a for a in antennes if a.est_siege), None),
            "nb_permanences_enregistrees": Permanence.objects.count(),
        },
    )
