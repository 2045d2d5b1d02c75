from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import render

from .models import Axe, Enjeu, FicheAction, Plan


def plan_en_vigueur():
    """The plan in force, for pages that have nothing to show without one."""
    plan = Plan.objects.en_vigueur()
    if plan is None:
        raise Http404("Aucun plan n'est chargé : lancez « manage.py charger_plan ».")
    return plan


def index(request):
    plan = plan_en_vigueur()
    fiches = FicheAction.objects.du_plan(plan).pour_liste()
    axes = list(Axe.objects.filter(plan=plan).prefetch_related(Prefetch("fiches", queryset=fiches)))
    par_axe, avancement = plan.avancements()
    for axe in axes:
        axe.avancement = par_axe.get(axe.pk, 0)
    return render(request, "plan/plan_index.html", {"plan": plan, "axes": axes, "avancement": avancement})


def enjeux(request):
    plan = plan_en_vigueur()
    fiches = list(FicheAction.objects.du_plan(plan).select_related("axe").prefetch_related("enjeux"))
    liste_enjeux = Enjeu.objects.annotate(
        nb_fiches=Count("fiches", filter=Q(fiches__axe__plan=plan), distinct=True)
    )
    lignes = [
        (fiche, [any(e.pk == enjeu.pk for e in fiche.enjeux.all()) for enjeu in liste_enjeux])
        for fiche in fiches
    ]
    return render(
        request,
        "plan/enjeu_grille.html",
        {"plan": plan, "enjeux": liste_enjeux, "lignes": lignes},
    )
