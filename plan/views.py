from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from suivi.views import page_fiche

from .models import Axe, Enjeu, FicheAction, Plan, Valeur


def plan_en_vigueur():
    return Plan.objects.en_vigueur_ou_404()


def index(request):
    plan = plan_en_vigueur()
    fiches = FicheAction.objects.du_plan(plan).pour_liste()
    axes = (
        Axe.objects.filter(plan=plan).avec_avancement().prefetch_related(Prefetch("fiches", queryset=fiches))
    )
    return render(
        request, "plan/plan_index.html", {"plan": plan, "axes": axes, "avancement": plan.avancement()}
    )


def fiche_detail(request, code):
    # The page and its follow-up forms are built by suivi, which also re-renders it with errors.
    return page_fiche(
        request, get_object_or_404(FicheAction.objects.du_plan(plan_en_vigueur()).pour_detail(), code=code)
    )


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


def valeurs(request):
    return render(request, "plan/valeur_list.html", {"valeurs": Valeur.objects.prefetch_related("pratiques")})
