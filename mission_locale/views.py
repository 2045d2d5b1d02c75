from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from plan.models import Axe, Plan


def accueil(request):
    plan = Plan.objects.en_vigueur()
    axes = Axe.objects.filter(plan=plan).avec_avancement() if plan else Axe.objects.none()
    return render(
        request,
        "accueil.html",
        {"plan": plan, "axes": axes, "avancement": plan.avancement() if plan else None},
    )


@login_not_required
@never_cache
def sante(request):
    """Liveness for the load balancer: answers only after a real round trip to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
def accessibilite(request):
    return render(request, "accessibilite.html")


def glossaire(request):
    return render(request, "glossaire.html")
