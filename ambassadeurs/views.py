"""The programme's pages. Every page that shows a young person's name is for the staff and Direction
only; the board reads the programme's figures (`chiffres`) and the computed indicators of fiche 2.1."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comptes.roles import est_direction, exiger_direction, peut_commenter
from conseil.pdf import en_pdf
from mission_locale.bornes import paginer
from partenaires.models import Partenaire

from . import indicateurs
from .filters import AmbassadeurFilter, InterventionFilter
from .forms import AmbassadeurForm, InterventionForm, RetoursFormSet
from .models import FINALITE, Ambassadeur, Intervention, Presence
from .tables import AmbassadeurTable, InterventionTable

PAR_PAGE = 50
FORMATS_EXPORT = {"json", "pdf"}


def exiger_equipe(user):
    if not peut_commenter(user):
        raise PermissionDenied(
            "Les pages nominatives du programme des ambassadeurs sont réservées à l'équipe et à la direction."
        )


def filtre_actif(request):
    return any(v for k, v in request.GET.items() if k not in {"sort", "page"})


# Ambassadors -------------------------------------------------------------------------------------


def ambassadeur_list(request):
    exiger_equipe(request.user)
    filtre = AmbassadeurFilter(request.GET, queryset=Ambassadeur.objects.pour_liste())
    table = paginer(request, AmbassadeurTable(filtre.qs), PAR_PAGE)
    table.caption = "Ambassadeurs : cliquez sur un en-tête de colonne pour trier"
    return render(
        request,
        "ambassadeurs/ambassadeur_list.html",
        {
            "filtre": filtre,
            "table": table,
            "nb_resultats": table.paginator.count,
            "filtre_actif": filtre_actif(request),
            "nb_a_anonymiser": Ambassadeur.objects.a_anonymiser().count(),
        },
    )


def ambassadeur_detail(request, pk):
    exiger_equipe(request.user)
    ambassadeur = get_object_or_404(
        Ambassadeur.objects.select_related("antenne", "referent", "version_kit__support").prefetch_related(
            Prefetch(
                "presences",
                queryset=Presence.objects.select_related("intervention").order_by("-intervention__date"),
            )
        ),
        pk=pk,
    )
    return render(
        request,
        "ambassadeurs/ambassadeur_detail.html",
        {"ambassadeur": ambassadeur, "est_direction": est_direction(request.user), "finalite": FINALITE},
    )


def ambassadeur_form(request, pk=None):
    exiger_equipe(request.user)
    ambassadeur = get_object_or_404(Ambassadeur, pk=pk, anonymise_le__isnull=True) if pk else None
    form = AmbassadeurForm(request.POST or None, instance=ambassadeur)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            ambassadeur = form.save()
        messages.success(request, f"{ambassadeur} : enregistré.")
        return redirect(ambassadeur)
    return render(
        request,
        "ambassadeurs/ambassadeur_form.html",
        {"form": form, "ambassadeur": ambassadeur, "finalite": FINALITE},
    )


def ambassadeur_export(request, pk, format_):
    exiger_equipe(request.user)
    if format_ not in FORMATS_EXPORT:
        raise Http404("Format d'export inconnu.")
    ambassadeur = get_object_or_404(
        Ambassadeur.objects.select_related("antenne", "referent", "version_kit__support"),
        pk=pk,
        anonymise_le__isnull=True,
    )
    donnees = ambassadeur.donnees_personnelles()
    if format_ == "json":
        reponse = HttpResponse(
            json.dumps(donnees, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
    else:
        html = render_to_string(
            "ambassadeurs/donnees_pdf.html", {"ambassadeur": ambassadeur, "donnees": donnees}, request=request
        )
        pdf, _pages = en_pdf(html, request.build_absolute_uri(reverse("accueil")))
        reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="donnees-ambassadeur-{ambassadeur.pk}.{format_}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def ambassadeur_effacer(request, pk):
    """Erasure on request is an anonymisation brought forward: the person can no longer be
    identified, anywhere (history included), and the programme's counts stay right."""
    exiger_direction(request.user)
    ambassadeur = get_object_or_404(
        Ambassadeur.objects.select_related("antenne"), pk=pk, anonymise_le__isnull=True
    )
    if request.method == "POST":
        if request.POST.get("confirmation") != "effacer":
            messages.error(request, "Cochez la case de confirmation pour effacer les données.")
        else:
            ambassadeur.anonymiser()
            messages.success(
                request, f"Les données de la personne ont été effacées ; elle devient « {ambassadeur} »."
            )
            return redirect("ambassadeurs:liste")
    return render(request, "ambassadeurs/ambassadeur_effacer.html", {"ambassadeur": ambassadeur})


# Interventions -----------------------------------------------------------------------------------


def intervention_list(request):
    exiger_equipe(request.user)
    filtre = InterventionFilter(request.GET, queryset=Intervention.objects.pour_liste())
    table = paginer(request, InterventionTable(filtre.qs), PAR_PAGE)
    table.caption = "Interventions des ambassadeurs : cliquez sur un en-tête de colonne pour trier"
    return render(
        request,
        "ambassadeurs/intervention_list.html",
        {
            "filtre": filtre,
            "table": table,
            "nb_resultats": table.paginator.count,
            "totaux": filtre.qs.order_by().totaux(),
            "filtre_actif": filtre_actif(request),
        },
    )


def intervention_detail(request, pk):
    exiger_equipe(request.user)
    intervention = get_object_or_404(
        Intervention.objects.select_related("antenne", "evenement").prefetch_related(
            Prefetch("presences", queryset=Presence.objects.select_related("ambassadeur__antenne")),
            Prefetch("partenaires", queryset=Partenaire.objects.only("pk", "nom")),
        ),
        pk=pk,
    )
    return render(request, "ambassadeurs/intervention_detail.html", {"intervention": intervention})


def intervention_form(request, pk=None):
    exiger_equipe(request.user)
    intervention = get_object_or_404(Intervention, pk=pk) if pk else None
    form = InterventionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            intervention = form.save()
            intervention.noter_le_contact()
        messages.success(request, f"{intervention} : enregistrée.")
        return redirect(intervention)
    return render(
        request, "ambassadeurs/intervention_form.html", {"form": form, "intervention": intervention}
    )


def intervention_retours(request, pk):
    exiger_equipe(request.user)
    intervention = get_object_or_404(Intervention, pk=pk)
    presences = Presence.objects.filter(intervention=intervention, ambassadeur__anonymise_le__isnull=True)
    formset = RetoursFormSet(
        request.POST or None, queryset=presences.select_related("ambassadeur").order_by("ambassadeur__nom")
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, "Retours des jeunes enregistrés.")
        return redirect(intervention)
    return render(
        request, "ambassadeurs/intervention_retours.html", {"intervention": intervention, "formset": formset}
    )


# Figures, for everyone including the board -------------------------------------------------------


def chiffres(request):
    jour = timezone.localdate()
    par_etape = dict(
        Ambassadeur.objects.order_by().values_list("etape").annotate(n=Count("pk")).values_list("etape", "n")
    )
    actifs_par_antenne = (
        Ambassadeur.objects.actifs_le(jour)
        .order_by()
        .values("antenne__nom")
        .annotate(n=Count("pk"))
        .order_by("antenne__nom")
    )
    debut = jour.replace(year=jour.year - 1)
    par_type = dict(
        Intervention.objects.entre(debut, jour)
        .order_by()
        .values_list("type")
        .annotate(n=Count("pk"))
        .values_list("type", "n")
    )
    return render(
        request,
        "ambassadeurs/chiffres.html",
        {
            "etapes": [(e.label, par_etape.get(e.value, 0)) for e in Ambassadeur.Etape],
            "actifs_par_antenne": actifs_par_antenne,
            "types": [(t.label, par_type.get(t.value, 0)) for t in Intervention.Type],
            "totaux_12_mois": Intervention.objects.entre(debut, jour).order_by().totaux(),
            "indicateurs": indicateurs.valeurs(jour),
            "nb_anonymises": Ambassadeur.objects.filter(anonymise_le__isnull=False).count(),
            "peut_voir_les_noms": peut_commenter(request.user),
        },
    )
