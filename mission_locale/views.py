from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from conseil.tableau_de_bord import tableau_de_bord
from plan.models import Plan


def accueil(request):
    plan = Plan.objects.en_vigueur()
    contexte = tableau_de_bord(plan) if plan else {"plan": None}
    return render(request, "accueil.html", contexte)


@login_not_required
@never_cache
def sante(request):
    """Liveness for the load balancer: answers only after a real round trip to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError):
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
def accessibilite(request):
    return render(request, "accessibilite.html")


def glossaire(request):
    return render(request, "glossaire.html")
