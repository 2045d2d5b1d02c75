from django.shortcuts import render

from .moteur import SOURCES, rechercher

# Longer than anyone types into a search box; the rest is ignored rather than refused.
LONGUEUR_MAX = 200


def recherche(request):
    texte = request.GET.get("q", "").strip()[:LONGUEUR_MAX]
    seulement = request.GET.get("type") if request.GET.get("type") in SOURCES else None
    groupes = rechercher(texte, request.user, seulement) if texte else []
    return render(
        request,
        "recherche/resultats.html",
        {
            "q": texte,
            "seulement": seulement,
            "groupes": groupes,
            "total": sum(g.total for g in groupes),
        },
    )
