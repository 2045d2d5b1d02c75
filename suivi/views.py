"""Follow-up screens: the fiche page's forms, "Mes actions", the journal and evidence downloads.

Every write checks the role first (PermissionDenied → 403), validates a form, then calls one
function of suivi.services. Forms work with a plain POST (redirect or full page with errors) and,
for steps and reviews, with htmx (the updated fragment only).
"""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptes.roles import est_direction, peut_commenter, peut_piloter
from plan.models import Enjeu, Etape, FicheAction
from plan.views import plan_en_vigueur

from . import services
from .filters import JournalFilter
from .forms import (
    CommentaireForm,
    CorrectionMesureForm,
    EtapeForm,
    FicheForm,
    IndicateurForm,
    MesureForm,
    choix_personnes,
)
from .models import EntreeJournal, Indicateur, Mesure

ENTREES_PAR_PAGE = 20


def est_htmx(request):
    return request.headers.get("HX-Request") == "true"


def charger_fiche(code):
    return get_object_or_404(FicheAction.objects.du_plan(plan_en_vigueur()).pour_detail(), code=code)


def exiger_pilotage(user, fiche):
    if not peut_piloter(user, fiche):
        raise PermissionDenied(
            "Seuls la direction, le pilote et les co-pilotes peuvent modifier cette fiche."
        )


def contexte_avancement(fiche):
    """The fiche's progress with its axis's and the plan's, so one can see a change ripple (1 query)."""
    par_axe, avancement_plan = fiche.axe.plan.avancements()
    return {
        "fiche": fiche,
        "avancement_axe": par_axe.get(fiche.axe_id, 0),
        "avancement_plan": avancement_plan,
    }


def fiche_detail(request, code):
    return page_fiche(request, charger_fiche(code))


def notes_des_etapes(fiche):
    """{etape_id: latest journal entry of the step with a comment or a piece of evidence}. One query."""
    dernieres = (
        EntreeJournal.objects.filter(fiche=fiche, etape__isnull=False)
        .exclude(commentaire="", piece_jointe="")
        .annotate(
            rang=Window(
                RowNumber(), partition_by=[F("etape_id")], order_by=[F("cree_le").desc(), F("pk").desc()]
            )
        )
        .filter(rang=1)
        .select_related("auteur")
    )
    return {entree.etape_id: entree for entree in dernieres}


def page_fiche(request, fiche, formulaires=None):
    """The fiche page, reading first: steps as a compact list (their forms open on demand, see
    modifier_etape); `formulaires` holds bound forms of the fiche to show again with their errors."""
    formulaires = formulaires or {}
    pilote = peut_piloter(request.user, fiche)
    direction = est_direction(request.user)
    etapes = fiche.arbre_etapes()
    notes = notes_des_etapes(fiche)
    enregistree = request.GET.get("enregistree")
    for racine in etapes:
        for etape in [racine, *racine.enfants]:
            etape.derniere_note = notes.get(etape.pk)
            if str(etape.pk) == enregistree:
                etape.enregistre_a = timezone.localtime()
    personnes = choix_personnes() if pilote else []
    indicateurs = list(Indicateur.objects.pour_fiche(fiche))
    for indicateur in indicateurs:
        indicateur.donnees = indicateur.donnees_graphique()
        indicateur.id_donnees = f"donnees-indicateur-{indicateur.pk}"
        if pilote and not indicateur.est_calcule:
            indicateur.formulaire = formulaires.get(("mesure", indicateur.pk)) or MesureForm(
                indicateur=indicateur
            )
            # Correction forms are fetched one at a time (`corriger_mesure`), except one that
            # comes back with its errors.
            for mesure in indicateur.mesures.all():
                mesure.formulaire = formulaires.get(("correction", mesure.pk))
    journal = Paginator(EntreeJournal.objects.filter(fiche=fiche).pour_timeline(), ENTREES_PAR_PAGE).get_page(
        request.GET.get("page")
    )
    toutes_etapes = [e for racine in etapes for e in [racine, *racine.enfants]]
    contexte = contexte_avancement(fiche) | {
        "plan": fiche.axe.plan,
        "etapes": etapes,
        "enjeux": Enjeu.objects.all(),
        "indicateurs": indicateurs,
        "journal": journal,
        "peut_piloter": pilote,
        "peut_commenter": peut_commenter(request.user),
        "formulaire_fiche": pilote
        and (formulaires.get("fiche") or FicheForm(fiche=fiche, personnes=personnes, direction=direction)),
        "formulaire_commentaire": peut_commenter(request.user)
        and (formulaires.get("commentaire") or CommentaireForm(etapes=toutes_etapes)),
        "formulaire_indicateur": pilote and (formulaires.get("indicateur") or IndicateurForm(fiche=fiche)),
    }
    return render(request, "plan/ficheaction_detail.html", contexte)


def _etape_de(fiche, pk):
    etape = next((e for e in fiche.etapes.all() if e.pk == pk), None)
    if etape is None:
        raise Http404("Cette étape n'appartient pas à la fiche.")
    return etape


@require_GET
def etape_ligne(request, code, pk):
    """A step in its compact form (what "Annuler" puts back in place of its form)."""
    fiche = charger_fiche(code)
    etape = _etape_de(fiche, pk)
    etape.enfants = [e for e in fiche.etapes.all() if e.parent_id == etape.pk]
    etape.derniere_note = notes_des_etapes(fiche).get(etape.pk)
    contexte = {"fiche": fiche, "etape": etape, "peut_piloter": peut_piloter(request.user, fiche)}
    return render(request, "plan/includes/_etape.html", contexte)


@require_http_methods(["GET", "POST"])
def modifier_etape(request, code, pk):
    """GET: the step's form, as a fragment for htmx or as a page of its own. POST: save it; htmx
    gets the step folded back (with the fiche's new figures out of band), a plain post is sent back
    to the fiche at that step."""
    fiche = charger_fiche(code)
    exiger_pilotage(request.user, fiche)
    etape = _etape_de(fiche, pk)
    if any(e.parent_id == etape.pk for e in fiche.etapes.all()):
        return HttpResponseBadRequest("Une étape qui a des sous-étapes avance avec elles.")
    personnes = choix_personnes()
    direction = est_direction(request.user)
    contexte = {"fiche": fiche, "etape": etape, "peut_piloter": True}
    if request.method == "GET":
        formulaire = EtapeForm(etape=etape, personnes=personnes, direction=direction)
        formulaire.fields["statut"].widget.attrs["autofocus"] = True
        gabarit = "suivi/includes/_etape_formulaire.html" if est_htmx(request) else "suivi/etape_form.html"
        return render(request, gabarit, contexte | {"formulaire": formulaire})

    formulaire = EtapeForm(request.POST, request.FILES, etape=etape, personnes=personnes, direction=direction)
    entree = conflit = None
    if formulaire.is_valid():
        donnees = formulaire.cleaned_data
        try:
            entree = services.mettre_a_jour_etape(
                etape,
                request.user,
                version=donnees["version"],
                valeurs=formulaire.valeurs(),
                commentaire=donnees["commentaire"],
                piece_jointe=donnees["piece_jointe"],
                lien=donnees["lien"],
                a_presenter_au_conseil=donnees["a_presenter_au_conseil"],
            )
        except services.ConflitDeModification as erreur:
            conflit = erreur.message
        except ValidationError as erreur:
            formulaire.add_error(None, erreur)

    if entree is not None and not est_htmx(request):
        # The page opens at the step, so the confirmation is shown there rather than at the top.
        return redirect(f"{fiche.get_absolute_url()}?enregistree={etape.pk}#etape-{etape.pk}")
    if conflit:
        # The step as it now is, keeping what the person wrote.
        etape = Etape.objects.select_related("responsable", "fiche__axe__plan").get(pk=etape.pk)
        ecrit = {"commentaire": request.POST.get(f"etape-{etape.pk}-commentaire", "")}
        formulaire = EtapeForm(etape=etape, personnes=personnes, direction=direction, initial=ecrit)
        formulaire.conflit = conflit
        formulaire.fields["statut"].widget.attrs["autofocus"] = True
        contexte["etape"] = etape
    if entree is None:
        fichier = request.FILES.get(f"etape-{etape.pk}-piece_jointe")
        if fichier is not None and "piece_jointe" not in formulaire.errors:
            formulaire.fichier_a_reprendre = fichier.name
        gabarit = "suivi/etape_reponse.html" if est_htmx(request) else "suivi/etape_form.html"
        return render(request, gabarit, contexte | {"formulaire": formulaire})

    etape = Etape.objects.select_related("responsable").get(pk=etape.pk)
    etape.enfants = []
    etape.enregistre_a = timezone.localtime()
    etape.derniere_note = (
        entree if (entree.commentaire or entree.piece_jointe) else notes_des_etapes(fiche).get(etape.pk)
    )
    fiche.refresh_from_db(fields=["avancement", "statut", "derniere_revue"])
    parent = Etape.objects.get(pk=etape.parent_id) if etape.parent_id else None
    entree = EntreeJournal.objects.pour_timeline().get(pk=entree.pk)
    contexte |= contexte_avancement(fiche) | {"etape": etape, "parent": parent, "entree": entree}
    return render(request, "suivi/etape_reponse.html", contexte)


@require_POST
def modifier_fiche(request, code):
    fiche = charger_fiche(code)
    exiger_pilotage(request.user, fiche)
    formulaire = FicheForm(
        request.POST,
        request.FILES,
        fiche=fiche,
        personnes=choix_personnes(),
        direction=est_direction(request.user),
    )
    if formulaire.is_valid():
        valeurs, vues = formulaire.changements()
        donnees = formulaire.cleaned_data
        try:
            services.mettre_a_jour_fiche(
                fiche,
                request.user,
                valeurs=valeurs,
                vues=vues,
                commentaire=donnees["commentaire"],
                piece_jointe=donnees["piece_jointe"],
                lien=donnees["lien"],
            )
        except services.ConflitDeModification as erreur:
            messages.error(request, erreur.message)
            return redirect(f"{fiche.get_absolute_url()}#pilotage")
        except ValidationError as erreur:
            formulaire.add_error(None, erreur)
        else:
            messages.success(request, "Fiche mise à jour.")
            return redirect(f"{fiche.get_absolute_url()}#pilotage")
    return page_fiche(request, fiche, {"fiche": formulaire})


@require_POST
def commenter(request, code):
    fiche = charger_fiche(code)
    if not peut_commenter(request.user):
        raise PermissionDenied("Votre rôle permet de consulter le plan, pas de le commenter.")
    formulaire = CommentaireForm(request.POST, request.FILES, etapes=list(fiche.etapes.all()))
    if not formulaire.is_valid():
        return page_fiche(request, fiche, {"commentaire": formulaire})
    donnees = formulaire.cleaned_data
    entree = services.commenter(
        fiche,
        request.user,
        commentaire=donnees["commentaire"],
        etape=formulaire.etape_choisie(),
        piece_jointe=donnees["piece_jointe"],
        lien=donnees["lien"],
        a_presenter_au_conseil=donnees["a_presenter_au_conseil"],
        compte_comme_revue=peut_piloter(request.user, fiche),
    )
    messages.success(request, "Commentaire ajouté au journal.")
    return redirect(f"{fiche.get_absolute_url()}#entree-{entree.pk}")


@require_POST
def rien_de_nouveau(request, code):
    fiche = charger_fiche(code)
    exiger_pilotage(request.user, fiche)
    services.marquer_rien_de_nouveau(fiche, request.user)
    if est_htmx(request):
        return render(
            request, "suivi/includes/_fiche_mes_actions.html", {"fiche": fiche, "revue_enregistree": True}
        )
    messages.success(request, f"Fiche {fiche.code} marquée comme à jour : rien de nouveau ce mois-ci.")
    suivant = request.POST.get("suivant", "")
    if url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        return redirect(suivant)
    return redirect(fiche.get_absolute_url())


@require_POST
def ajouter_indicateur(request, code):
    fiche = charger_fiche(code)
    exiger_pilotage(request.user, fiche)
    formulaire = IndicateurForm(request.POST, fiche=fiche)
    if not formulaire.is_valid():
        return page_fiche(request, fiche, {"indicateur": formulaire})
    indicateur = formulaire.save(commit=False)
    try:
        services.ajouter_indicateur(fiche, request.user, indicateur)
    except ValidationError as erreur:
        formulaire.add_error(None, erreur)
        return page_fiche(request, fiche, {"indicateur": formulaire})
    messages.success(request, f"Indicateur « {indicateur.libelle} » ajouté.")
    return redirect(f"{fiche.get_absolute_url()}#indicateur-{indicateur.pk}")


@require_POST
def ajouter_mesure(request, code, pk):
    fiche = charger_fiche(code)
    exiger_pilotage(request.user, fiche)
    # A computed indicator's measures are recorded by the application, never typed.
    indicateur = get_object_or_404(Indicateur, pk=pk, fiche=fiche, code="")
    formulaire = MesureForm(request.POST, indicateur=indicateur)
    if not formulaire.is_valid():
        return page_fiche(request, fiche, {("mesure", indicateur.pk): formulaire})
    try:
        services.ajouter_mesure(indicateur, request.user, formulaire.save(commit=False))
    except ValidationError as erreur:
        formulaire.add_error(None, erreur)
        return page_fiche(request, fiche, {("mesure", indicateur.pk): formulaire})
    messages.success(request, f"Mesure de « {indicateur.libelle} » enregistrée.")
    return redirect(f"{fiche.get_absolute_url()}#indicateur-{indicateur.pk}")


@require_http_methods(["GET", "POST"])
def corriger_mesure(request, code, pk):
    fiche = charger_fiche(code)
    exiger_pilotage(request.user, fiche)
    mesure = get_object_or_404(
        Mesure.objects.en_vigueur().select_related("indicateur", "saisi_par"),
        pk=pk,
        indicateur__fiche=fiche,
        indicateur__code="",
    )
    if request.method == "GET":
        gabarit = (
            "suivi/includes/_correction_mesure.html" if est_htmx(request) else "suivi/mesure_correction.html"
        )
        return render(
            request, gabarit, {"fiche": fiche, "mesure": mesure, "f": CorrectionMesureForm(mesure=mesure)}
        )
    formulaire = CorrectionMesureForm(request.POST, mesure=mesure)
    if formulaire.is_valid():
        try:
            services.corriger_mesure(
                mesure,
                request.user,
                valeur=formulaire.cleaned_data["valeur"],
                motif=formulaire.cleaned_data["motif"],
            )
        except services.ConflitDeModification as erreur:
            messages.error(request, erreur.message)
        except ValidationError as erreur:
            formulaire.add_error(None, erreur)
            return page_fiche(request, fiche, {("correction", mesure.pk): formulaire})
        else:
            messages.success(request, f"Mesure de « {mesure.indicateur.libelle} » corrigée.")
        return redirect(f"{fiche.get_absolute_url()}#indicateur-{mesure.indicateur_id}")
    return page_fiche(request, fiche, {("correction", mesure.pk): formulaire})


def mes_actions(request):
    plan = plan_en_vigueur()
    fiches = list(FicheAction.objects.du_plan(plan).pour_mes_actions(request.user))
    etapes = list(Etape.objects.pour_responsable(request.user).filter(fiche__axe__plan=plan))
    return render(
        request,
        "suivi/mes_actions.html",
        {
            "fiches": fiches,
            "nb_en_retard": sum(f.est_en_retard for f in fiches),
            "nb_a_revoir": sum(f.attend_une_mise_a_jour for f in fiches),
            "etapes_ouvertes": [e for e in etapes if not e.est_terminee],
            "nb_etapes_terminees": sum(e.est_terminee for e in etapes),
        },
    )


def journal(request):
    plan = plan_en_vigueur()
    entrees = EntreeJournal.objects.filter(fiche__axe__plan=plan).pour_journal()
    filtre = JournalFilter(request.GET or None, queryset=entrees, plan=plan)
    page = Paginator(filtre.qs, ENTREES_PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "suivi/journal.html",
        {"filtre": filtre, "page": page, "parametres": parametres.urlencode()},
    )


def piece_jointe(request, pk):
    """Evidence is only ever served here: to logged-in people, as a download, never rendered inline."""
    entree = get_object_or_404(EntreeJournal.objects.exclude(piece_jointe=""), pk=pk)
    try:
        fichier = entree.piece_jointe.open("rb")
    except FileNotFoundError as absent:
        raise Http404("Ce fichier n'est plus disponible.") from absent
    reponse = FileResponse(
        fichier,
        as_attachment=True,
        filename=entree.nom_piece_jointe or Path(entree.piece_jointe.name).name,
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse
