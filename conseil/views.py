import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import CreateView, ListView, UpdateView
from django_tables2 import RequestConfig

from comptes.roles import est_direction
from mission_locale.bornes import PaginateurIndulgent, par_page
from plan.models import FicheAction
from plan.views import plan_en_vigueur

from . import documents, exports
from .filters import FicheFilter
from .forms import InstanceForm
from .models import DocumentRapport, Instance
from .tables import FicheTable

logger = logging.getLogger(__name__)

# Query-string keys that shape the page but not the set of fiches (kept out of the export links).
CLES_DE_PRESENTATION = {"sort", "page", "per_page"}


def _fiches_filtrees(request):
    plan = plan_en_vigueur()
    filtre = FicheFilter(
        request.GET,
        queryset=FicheAction.objects.du_plan(plan).pour_tableau(),
        plan=plan,
    )
    return plan, filtre, filtre.filtrer()


def fiche_list(request):
    plan, filtre, fiches = _fiches_filtrees(request)
    table = FicheTable(fiches)
    table.caption = "Fiches-actions du plan : cliquez sur un en-tête de colonne pour trier"
    RequestConfig(request, paginate=False).configure(table)
    table.paginate(
        paginator_class=PaginateurIndulgent, page=request.GET.get("page", 1), per_page=par_page(request)
    )
    criteres = request.GET.copy()
    for cle in CLES_DE_PRESENTATION:
        criteres.pop(cle, None)
    return render(
        request,
        "conseil/ficheaction_list.html",
        {
            "plan": plan,
            "filtre": filtre,
            "table": table,
            "nb_fiches": len(fiches),
            "criteres": criteres.urlencode(),
            "filtre_actif": any(v for v in criteres.values()),
            "exports": [(cle, libelle) for cle, (_, _, libelle) in exports.CONTENUS.items()],
        },
    )


def fiche_export(request, contenu, format_):
    if contenu not in exports.CONTENUS or format_ not in exports.FORMATS:
        raise Http404("Export inconnu.")
    _, _, fiches = _fiches_filtrees(request)
    nom, lignes, _ = exports.CONTENUS[contenu]
    colonnes, valeurs = lignes(fiches)
    return exports.reponse(format_, nom, [c for c, _ in colonnes], [g for _, g in colonnes], valeurs)


class InstanceListView(ListView):
    model = Instance
    paginate_by = 50
    paginator_class = PaginateurIndulgent

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        return Instance.objects.pour_liste()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            peut_modifier=est_direction(self.request.user),
            prochaine=Instance.objects.prochaine(),
        )


class ReserveALaDirectionMixin:
    """Meetings are prepared by Direction and Administration; the board only reads."""

    def dispatch(self, request, *args, **kwargs):
        if not est_direction(request.user):
            raise PermissionDenied("Seules la direction et l'administration préparent les instances.")
        return super().dispatch(request, *args, **kwargs)


class InstanceFormMixin(ReserveALaDirectionMixin):
    model = Instance
    form_class = InstanceForm

    def form_valid(self, form):
        deja_tenue = form.instance.pk is not None and form.initial.get("statut") == Instance.Statut.TENUE
        try:
            with transaction.atomic():
                instance = form.save()
        except IntegrityError:
            # The same form sent twice at once: the other sending created it.
            messages.info(
                self.request, "Cette instance était déjà enregistrée (formulaire envoyé deux fois)."
            )
            return redirect("conseil:instance-list")
        with transaction.atomic():
            if instance.est_tenue and not deja_tenue:
                instance.figer(par=self.request.user)
                messages.success(self.request, f"{instance} : instance tenue, son rapport est figé.")
            else:
                messages.success(self.request, f"{instance} : enregistrée.")
        return redirect("conseil:instance-list")


class InstanceCreateView(InstanceFormMixin, CreateView):
    pass


class InstanceUpdateView(InstanceFormMixin, UpdateView):
    def get_queryset(self):
        return Instance.objects.select_related("rapport_fige")


def instance_tenir(request, pk):
    """Confirm, then mark the meeting as held and freeze its report."""
    if not est_direction(request.user):
        raise PermissionDenied("Seules la direction et l'administration marquent une instance comme tenue.")
    instance = get_object_or_404(Instance, pk=pk)
    if request.method == "POST":
        try:
            instance.figer(par=request.user)
        except ValidationError as erreur:
            messages.error(request, erreur.messages[0])
        else:
            messages.success(request, f"{instance} : instance tenue, son rapport est figé.")
        return redirect("conseil:rapport", pk=instance.pk)
    return render(
        request,
        "conseil/instance_tenir.html",
        {"instance": instance, "trop_tot": instance.date > timezone.now()},
    )


def _instance(pk):
    return get_object_or_404(Instance.objects.select_related("rapport_fige"), pk=pk)


def rapport(request, pk):
    instance = _instance(pk)
    rapport_ = instance.rapport()
    export = reverse("conseil:rapport-journal", args=[instance.pk, "csv"]).removesuffix(".csv")
    corps = rapport_.en_cache(
        "html",
        lambda: render_to_string(
            "conseil/includes/_rapport.html", {"rapport": rapport_, "export_journal": export}
        ),
    )
    return render(
        request,
        "conseil/rapport.html",
        {
            "instance": instance,
            "rapport": rapport_,
            "corps": corps,
            "peut_modifier": est_direction(request.user),
        },
    )


def rapport_journal(request, pk, format_):
    """The whole journal of the report's period, as a spreadsheet: what the report summarises."""
    if format_ not in exports.FORMATS:
        raise Http404("Format inconnu.")
    instance = _instance(pk)
    periode = instance.rapport().donnees["periode"]
    fiches = FicheAction.objects.filter(axe__plan=plan_en_vigueur())
    colonnes, lignes = exports.lignes_journal(
        fiches, parse_datetime(periode["debut"]), parse_datetime(periode["fin"])
    )
    nom = f"journal-{instance.type}-{timezone.localtime(instance.date):%Y-%m-%d}"
    return exports.reponse(format_, nom, [c for c, _ in colonnes], [g for _, g in colonnes], lignes)


def rapport_pdf(request, pk):
    """The report's PDF, from storage when it exists for the current figures. Otherwise this request
    generates it, unless another one already is (or too many are at once): then a page says it is
    being prepared and comes back every few seconds."""
    instance = _instance(pk)
    document, a_preparer = documents.reserver(instance)
    if a_preparer:
        documents.preparer(document, instance, request.build_absolute_uri(reverse("accueil")))
    if document.etat != DocumentRapport.Etat.PRET:
        return render(
            request,
            "conseil/rapport_pdf_attente.html",
            {"instance": instance, "document": document},
            status=202,
        )
    reponse = FileResponse(
        document.fichier.open("rb"), as_attachment=True, filename=documents.nom_du_fichier(instance)
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def rapport_pdf_etat(request, pk):
    """For the page's script: prepares the PDF if nobody is, and says whether it is ready."""
    instance = _instance(pk)
    document, a_preparer = documents.reserver(instance)
    if a_preparer:
        try:
            documents.preparer(document, instance, request.build_absolute_uri(reverse("accueil")))
        except Exception:
            logger.exception("Échec de la préparation du PDF du rapport %s", instance.pk)
            return JsonResponse({"etat": DocumentRapport.Etat.ECHEC})
    reponse = JsonResponse(
        {
            "etat": document.etat,
            "url": reverse("conseil:rapport-pdf", args=[instance.pk]),
            "pages": document.nb_pages,
            "duree": document.duree,
        }
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse
