from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from comptes.roles import est_conseil, est_direction
from conseil.models import Instance
from conseil.tableau_de_bord import tableau_de_bord_en_html
from plan.models import Plan

from .context_processors import a_des_actions

# What the board member's page lists in full before saying "and N more" (the report has them all).
APERCU = 5


def accueil(request):
    plan = Plan.objects.en_vigueur()
    contexte = {"plan": plan, "aujourdhui": timezone.localdate()}
    if plan is not None:
        contexte["tableau"] = tableau_de_bord_en_html(request, plan)
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


def bienvenue(request):
    """Where each role lands after logging in: the board on the next meeting, whoever pilots or is
    responsible for a step on what they must update, everyone else (Direction first) on the plan's
    health. The shared dashboard stays at "/" for all."""
    if est_conseil(request.user):
        return redirect("prochaine-instance")
    if not est_direction(request.user) and a_des_actions(request.user):
        return redirect("suivi:mes-actions")
    return redirect("accueil")


def prochaine_instance(request):
    """The next meeting for a board member: when and where, its agenda, what changed since the last
    one (the figures of its report, read, never recomputed here) and the way to its report."""
    instance = Instance.objects.prochaine()
    if instance is None:
        derniere = Instance.objects.filter(rapport_fige__isnull=False).order_by("-date").first()
        return render(request, "prochaine_instance.html", {"instance": None, "derniere": derniere})
    rapport = instance.rapport()
    return render(
        request,
        "prochaine_instance.html",
        {
            "instance": instance,
            "rapport": rapport,
            "apercu": f":{APERCU}",
            "nb_apercu": APERCU,
            "peut_modifier": est_direction(request.user),
        },
    )
