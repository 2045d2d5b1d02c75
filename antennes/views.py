from datetime import date
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.roles import est_direction, exiger_direction, peut_commenter
from mission_locale.tri import TriFrancais
from plan.models import Organisation

from . import offre, procedures
from .carte import Carte
from .couverture import Couverture, communes_pour_carte, permanence_envisagee, points_d_accueil
from .forms import (
    AbsenceForm,
    ActionAmeliorationForm,
    AntenneForm,
    CritereAccueilForm,
    DeploiementForm,
    EnqueteSatisfactionForm,
    EvaluationAccueilForm,
    ImportJeunesSuivisForm,
    JeunesSuivisForm,
    MembreEquipeForm,
    ParametresCarteForm,
    PermanenceForm,
    PhotoAccueilForm,
    ProcedureForm,
    QpvForm,
    RegleContinuiteForm,
    ThemeOffreForm,
    VersionProcedureForm,
    formulaires_offre,
)
from .models import (
    AbsenceConseiller,
    ActionAmelioration,
    Antenne,
    Commune,
    CritereAccueil,
    DeploiementProcedure,
    EnqueteSatisfaction,
    EvaluationAccueil,
    JeunesSuivis,
    MembreEquipe,
    NoteCritere,
    OffreAntenne,
    Permanence,
    PhotoAccueil,
    Procedure,
    ThemeOffre,
    VersionProcedure,
)


def peut_modifier_antenne(user, antenne):
    """Direction for every antenne; a responsable d'antenne for their own (board members never)."""
    return est_direction(user) or (peut_commenter(user) and antenne.est_dirigee_par(user))


def antennes_modifiables(user):
    if est_direction(user):
        return Antenne.objects.all()
    if not peut_commenter(user):
        return Antenne.objects.none()
    return Antenne.objects.filter(responsable__utilisateur=user)


# The territory and its map (fiche 1.1) -------------------------------------------------------------


def territoire(request):
    parametres = ParametresCarteForm(request.GET or None)
    choix = parametres.valeurs()
    communes, points = communes_pour_carte(), points_d_accueil()
    etat = Couverture(communes, points, rayon=choix["rayon"])
    simulation = None
    if choix["simulation"]:
        # The same communes measured again with one more point: nothing is written.
        simulation = Couverture(
            [_copie(c) for c in communes],
            points,
            rayon=choix["rayon"],
            hypothese=permanence_envisagee(choix["simulation"]),
        )
    carte = Carte(simulation or etat, mesure=choix["mesure"], couches=choix["couches"])
    organisation = Organisation.objects.first()
    return render(
        request,
        "antennes/territoire.html",
        {
            "organisation": organisation,
            "parametres": parametres,
            "choix": choix,
            "etat": etat,
            "simulation": simulation,
            "nouvelles": _nouvellement_couvertes(etat, simulation),
            "carte": carte,
            "besoins": etat.besoins(choix["tri"]),
            "totaux": {"population": sum(c.population or 0 for c in communes), "nombre": len(communes)},
            "nb_antennes_enregistrees": Antenne.objects.count(),
            "nb_permanences_enregistrees": Permanence.objects.count(),
            "siege": next((p for p in points if p.nature == "siege"), None),
            "communes_localisees": [(c.pk, c.nom) for c in communes if c.latitude is not None],
            "nb_qpv_signales": sum(1 for c in communes if c.a_un_qpv),
            "peut_saisir": peut_commenter(request.user),
        },
    )


def _copie(commune):
    copie = Commune.__new__(Commune)
    copie.__dict__.update(commune.__dict__)
    return copie


def _nouvellement_couvertes(etat, simulation):
    if simulation is None:
        return []
    avant = {c.pk for c in etat.lignes if c.couverte}
    return [c for c in simulation.lignes if c.couverte and c.pk not in avant]


def communes_donnees(request):
    """Figures staff keep per commune: young people followed per year, QPV present."""
    peut_saisir = peut_commenter(request.user)
    if request.method == "POST" and not peut_saisir:
        raise PermissionDenied("Le conseil d'administration consulte ces chiffres sans les modifier.")
    form_jeunes = JeunesSuivisForm(prefix="jeunes")
    form_import = ImportJeunesSuivisForm(prefix="import")
    form_qpv = QpvForm(prefix="qpv", initial={"communes": Commune.objects.filter(a_un_qpv=True)})
    # The forms share the page; the QPV and import ones say their name, so that an empty post
    # clears nothing.
    formulaire = request.POST.get("formulaire")
    if request.method == "POST" and formulaire == "import":
        form_import = ImportJeunesSuivisForm(request.POST, request.FILES, prefix="import")
        if form_import.is_valid():
            lignes = form_import.cleaned_data["lignes"]
            with transaction.atomic():
                JeunesSuivis.objects.bulk_create(
                    lignes,
                    update_conflicts=True,
                    unique_fields=["commune", "annee"],
                    update_fields=["nombre"],
                )
            messages.success(request, f"{len(lignes)} chiffres de jeunes suivis importés.")
            return redirect("antennes:communes")
    elif request.method == "POST" and formulaire != "qpv":
        form_jeunes = JeunesSuivisForm(request.POST, prefix="jeunes")
        if form_jeunes.is_valid():
            donnees = form_jeunes.cleaned_data
            with transaction.atomic():
                JeunesSuivis.objects.update_or_create(
                    commune=donnees["commune"], annee=donnees["annee"], defaults={"nombre": donnees["nombre"]}
                )
            messages.success(
                request, f"{donnees['commune']} : {donnees['nombre']} jeunes suivis en {donnees['annee']}."
            )
            return redirect("antennes:communes")
    elif request.method == "POST":
        form_qpv = QpvForm(request.POST, prefix="qpv")
        if form_qpv.is_valid():
            choisies = form_qpv.cleaned_data["communes"]
            with transaction.atomic():
                Commune.objects.filter(a_un_qpv=True).exclude(pk__in=choisies).update(a_un_qpv=False)
                Commune.objects.filter(pk__in=choisies).update(a_un_qpv=True)
            messages.success(request, f"{len(choisies)} communes signalées avec un quartier prioritaire.")
            return redirect("antennes:communes")
    return render(
        request,
        "antennes/communes_donnees.html",
        {
            "form_jeunes": form_jeunes,
            "form_qpv": form_qpv,
            "form_import": form_import,
            "chiffres": JeunesSuivis.objects.select_related("commune")[:200],
            "nb_chiffres": JeunesSuivis.objects.count(),
            "organisation": Organisation.objects.first(),
            "peut_saisir": peut_saisir,
        },
    )


# Antennes -------------------------------------------------------------------------------------------


def antenne_list(request):
    antennes = list(Antenne.objects.pour_liste())
    return render(
        request,
        "antennes/antenne_list.html",
        {
            "antennes": antennes,
            "organisation": Organisation.objects.first(),
            "nb_permanences": Permanence.objects.count(),
            "peut_creer": est_direction(request.user),
        },
    )


def antenne_detail(request, pk):
    antenne = get_object_or_404(Antenne.objects.pour_detail(), pk=pk)
    offres = {o.theme_id: o for o in antenne.offres.all()}
    services = [(theme, offres.get(theme.pk)) for theme in ThemeOffre.objects.all()]
    return render(
        request,
        "antennes/antenne_detail.html",
        {
            "antenne": antenne,
            "services": services,
            "equipe": [m for m in antenne.equipe.all() if m.est_present],
            "evaluation": antenne.evaluations_accueil.avec_score().first(),
            "deploiements": antenne.deploiements.select_related("version__procedure").order_by(
                "version__procedure__titre", "-version__numero"
            ),
            "peut_modifier": peut_modifier_antenne(request.user, antenne),
        },
    )


def antenne_form(request, pk=None):
    antenne = get_object_or_404(Antenne.objects.select_related("responsable"), pk=pk) if pk else None
    if antenne is None:
        exiger_direction(request.user)
    elif not peut_modifier_antenne(request.user, antenne):
        raise PermissionDenied("Seuls la direction et le ou la responsable de l'antenne la modifient.")
    direction = est_direction(request.user)
    form = AntenneForm(request.POST or None, instance=antenne, direction=direction)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            antenne = form.save()
        messages.success(request, f"Antenne « {antenne.nom} » enregistrée.")
        return redirect(antenne)
    return _formulaire(
        request,
        form,
        f"Modifier : {antenne.nom}" if antenne else "Nouvelle antenne",
        *(
            (antenne.nom, antenne.get_absolute_url())
            if antenne
            else ("Antennes", reverse("antennes:antenne-list"))
        ),
    )


def antenne_offre(request, pk):
    antenne = get_object_or_404(Antenne.objects.select_related("responsable"), pk=pk)
    if not peut_modifier_antenne(request.user, antenne):
        raise PermissionDenied("Seuls la direction et le ou la responsable de l'antenne modifient son offre.")
    formulaires = formulaires_offre(antenne, request.POST or None)
    if request.method == "POST" and all(f.is_valid() for f in formulaires):
        with transaction.atomic():
            for f in formulaires:
                OffreAntenne.objects.update_or_create(
                    antenne=antenne,
                    theme=f.theme,
                    defaults={
                        "modalite": f.cleaned_data["modalite"],
                        "referent": f.cleaned_data["referent"],
                        "partenaire": f.cleaned_data["partenaire"],
                    },
                )
        messages.success(request, f"Offre de service de « {antenne.nom} » enregistrée.")
        return redirect(antenne)
    return render(request, "antennes/antenne_offre.html", {"antenne": antenne, "formulaires": formulaires})


# Permanences ----------------------------------------------------------------------------------------


# The arrondissement has 36 permanences, one page; a larger network is read page by page.
PERMANENCES_PAR_PAGE = 100


def permanence_list(request):
    permanences = Permanence.objects.select_related(
        "commune", "antenne", "theme", "partenaire_hote", "partenaire_thematique"
    ).order_by(TriFrancais("commune__nom"), TriFrancais("lieu"), "pk")
    page = Paginator(permanences, PERMANENCES_PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "antennes/permanence_list.html",
        {
            "page": page,
            "permanences": page.object_list,
            "organisation": Organisation.objects.first(),
            "peut_creer": antennes_modifiables(request.user).exists(),
        },
    )


def permanence_form(request, pk=None):
    permanence = (
        get_object_or_404(Permanence.objects.select_related("antenne__responsable"), pk=pk) if pk else None
    )
    autorisees = antennes_modifiables(request.user)
    if permanence is not None and not peut_modifier_antenne(request.user, permanence.antenne):
        raise PermissionDenied(
            "Seuls la direction et le ou la responsable de l'antenne modifient ses permanences."
        )
    if permanence is None and not autorisees.exists():
        raise PermissionDenied("Seuls la direction et les responsables d'antenne ajoutent des permanences.")
    initial = {"antenne": request.GET.get("antenne")} if permanence is None else None
    form = PermanenceForm(request.POST or None, instance=permanence, antennes=autorisees, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            permanence = form.save()
        messages.success(request, f"Permanence « {permanence.lieu} » enregistrée.")
        return redirect(permanence)
    return _formulaire(
        request,
        form,
        f"Modifier la permanence : {permanence.lieu}" if permanence else "Nouvelle permanence",
        "Permanences",
        reverse("antennes:permanence-list"),
        suppression_url=reverse("antennes:permanence-supprimer", args=[permanence.pk]) if permanence else "",
    )


@require_POST
def permanence_supprimer(request, pk):
    permanence = get_object_or_404(Permanence.objects.select_related("antenne__responsable"), pk=pk)
    if not peut_modifier_antenne(request.user, permanence.antenne):
        raise PermissionDenied(
            "Seuls la direction et le ou la responsable de l'antenne suppriment ses permanences."
        )
    antenne = permanence.antenne
    permanence.delete()
    messages.success(request, f"Permanence « {permanence.lieu} » supprimée.")
    return redirect(antenne)


# Staff register --------------------------------------------------------------------------------------


MEMBRES_PAR_PAGE = 100


def equipe_list(request):
    membres = MembreEquipe.objects.select_related("antenne", "utilisateur")
    antenne = request.GET.get("antenne", "")
    if antenne.isdigit():
        membres = membres.filter(antenne_id=int(antenne))
    poste = request.GET.get("poste", "")
    if poste in MembreEquipe.Poste.values:
        membres = membres.filter(poste=poste)
    if request.GET.get("anciens") != "1":
        membres = membres.filter(date_depart__isnull=True)
    page = Paginator(membres, MEMBRES_PAR_PAGE).get_page(request.GET.get("page"))
    criteres = request.GET.copy()
    criteres.pop("page", None)
    return render(
        request,
        "antennes/membre_list.html",
        {
            "membres": page.object_list,
            "page": page,
            "criteres": criteres.urlencode(),
            "antennes": Antenne.objects.only("pk", "nom", "est_siege"),
            "postes": MembreEquipe.Poste.choices,
            "filtre_antenne": antenne,
            "filtre_poste": poste,
            "anciens": request.GET.get("anciens") == "1",
            "par_poste": MembreEquipe.objects.filter(date_depart__isnull=True)
            .values("poste")
            .annotate(nombre=Count("pk"))
            .order_by("poste"),
            "organisation": Organisation.objects.first(),
            "peut_modifier": est_direction(request.user),
        },
    )


def membre_form(request, pk=None):
    return _reference_de_la_direction(
        request,
        MembreEquipeForm,
        pk,
        enregistre=lambda membre: f"{membre} enregistré au registre de l'équipe.",
        suite=lambda membre: reverse("antennes:equipe"),
        titres=(lambda membre: f"Modifier : {membre}", "Nouvelle personne au registre"),
        retour=("Registre de l'équipe", reverse("antennes:equipe")),
    )


# Offer of services (fiche 1.2) ------------------------------------------------------------------------


def offre_de_service(request):
    matrice = offre.matrice()
    par_theme = dict(
        Permanence.objects.filter(theme__isnull=False).values_list("theme").annotate(n=Count("pk")).order_by()
    )
    return render(
        request,
        "antennes/offre_de_service.html",
        {
            "matrice": matrice,
            "catalogue": [
                (theme, score, par_theme.get(theme.pk, 0)) for theme, score in matrice.scores_par_theme
            ],
            "modifiables": set(antennes_modifiables(request.user).values_list("pk", flat=True)),
            "peut_modifier_catalogue": est_direction(request.user),
        },
    )


def theme_form(request, pk=None):
    return _reference_de_la_direction(
        request,
        ThemeOffreForm,
        pk,
        enregistre=lambda theme: f"Thème « {theme.libelle} » enregistré au catalogue.",
        suite=lambda theme: reverse("antennes:offre"),
        titres=(lambda theme: f"Modifier le thème : {theme.libelle}", "Nouveau thème de l'offre de service"),
        retour=("Offre de service", reverse("antennes:offre")),
    )


def _reference_de_la_direction(request, classe_formulaire, pk, *, enregistre, suite, titres, retour):
    """Create or edit a piece of reference data that Direction alone keeps (staff register, offer
    catalogue, reception checklist, procedures): the object or 404, the form, saved in one
    transaction, said so, then `suite(objet)`; `titres` = (title for an edit, title for a new one)."""
    exiger_direction(request.user)
    objet = get_object_or_404(classe_formulaire._meta.model, pk=pk) if pk else None
    form = classe_formulaire(request.POST or None, instance=objet)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            objet = form.save()
        messages.success(request, enregistre(objet))
        return redirect(suite(objet))
    return _formulaire(request, form, titres[0](objet) if objet else titres[1], *retour)


def _formulaire(request, form, titre, retour, retour_url, suppression_url="", fichiers=False):
    return render(
        request,
        "antennes/formulaire.html",
        {
            "form": form,
            "titre": titre,
            "retour": retour,
            "retour_url": retour_url,
            "suppression_url": suppression_url,
            "fichiers": fichiers,
        },
    )


# Reception spaces (fiche 1.3) -------------------------------------------------------------------------


def accueil(request):
    """Antennes compared on their latest assessment, criterion by criterion, with their actions."""
    criteres = list(CritereAccueil.objects.filter(actif=True))
    dernieres = {
        e.antenne_id: e for e in EvaluationAccueil.objects.dernieres().avec_score().prefetch_related("notes")
    }
    actions = {
        ligne["antenne"]: ligne
        for ligne in ActionAmelioration.objects.exclude(statut=ActionAmelioration.Statut.ABANDONNEE)
        .values("antenne")
        .annotate(
            ouvertes=Count("pk", filter=~Q(statut=ActionAmelioration.Statut.REALISEE)),
            realisees=Count("pk", filter=Q(statut=ActionAmelioration.Statut.REALISEE)),
            cout=Sum("cout_estime", filter=~Q(statut=ActionAmelioration.Statut.REALISEE)),
        )
        .order_by()
    }
    lignes = []
    for antenne in Antenne.objects.select_related("commune"):
        evaluation = dernieres.get(antenne.pk)
        notes = {n.critere_id: n for n in evaluation.notes.all()} if evaluation else {}
        lignes.append(
            {
                "antenne": antenne,
                "evaluation": evaluation,
                "notes": [notes.get(c.pk) for c in criteres],
                "actions": actions.get(antenne.pk, {}),
            }
        )
    scores = [e.score for e in dernieres.values() if e.score is not None]
    return render(
        request,
        "antennes/accueil.html",
        {
            "criteres": criteres,
            "lignes": lignes,
            "moyenne": sum(scores) / len(scores) if scores else None,
            "nb_evaluees": len(scores),
            "modifiables": set(antennes_modifiables(request.user).values_list("pk", flat=True)),
            "peut_modifier_criteres": est_direction(request.user),
        },
    )


def accueil_antenne(request, pk):
    """One antenne's reception space over time: assessments, photos, improvement actions."""
    antenne = get_object_or_404(Antenne.objects.select_related("responsable"), pk=pk)
    evaluations = list(
        antenne.evaluations_accueil.avec_score().prefetch_related(
            Prefetch("notes", queryset=NoteCritere.objects.select_related("critere")), "photos"
        )
    )
    return render(
        request,
        "antennes/accueil_antenne.html",
        {
            "antenne": antenne,
            "evaluations": evaluations,
            "evolution": list(reversed(evaluations)),
            "actions": antenne.actions_accueil.select_related("evaluation"),
            "peut_modifier": peut_modifier_antenne(request.user, antenne),
        },
    )


def evaluation_form(request, pk):
    antenne = get_object_or_404(Antenne.objects.select_related("responsable"), pk=pk)
    if not peut_modifier_antenne(request.user, antenne):
        raise PermissionDenied(
            "Seuls la direction et le ou la responsable de l'antenne évaluent son accueil."
        )
    criteres = list(CritereAccueil.objects.filter(actif=True))
    form = EvaluationAccueilForm(
        request.POST or None,
        criteres=criteres,
        initial={"date": timezone.localdate(), "auteur": request.user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            evaluation = form.save(commit=False)
            evaluation.antenne = antenne
            evaluation.save()
            notes = form.notes()
            for note in notes:
                note.evaluation = evaluation
            NoteCritere.objects.bulk_create(notes)
        messages.success(request, f"Évaluation de l'accueil de « {antenne.nom} » enregistrée.")
        return redirect(evaluation)
    return _formulaire(
        request,
        form,
        f"Évaluer l'espace d'accueil : {antenne.nom}",
        "Espaces d'accueil",
        reverse("antennes:accueil-antenne", args=[antenne.pk]),
    )


def evaluation_detail(request, pk):
    evaluation = get_object_or_404(
        EvaluationAccueil.objects.avec_score().select_related("antenne__responsable"), pk=pk
    )
    peut_modifier = peut_modifier_antenne(request.user, evaluation.antenne)
    form = PhotoAccueilForm()
    if request.method == "POST":
        if not peut_modifier:
            raise PermissionDenied(
                "Seuls la direction et le ou la responsable de l'antenne ajoutent des photos."
            )
        form = PhotoAccueilForm(request.POST, request.FILES)
        if form.is_valid():
            with transaction.atomic():
                photo = form.save(commit=False)
                photo.evaluation = evaluation
                photo.save()
            messages.success(request, "Photo ajoutée.")
            return redirect(evaluation)
    return render(
        request,
        "antennes/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "notes": evaluation.notes.select_related("critere"),
            "photos": evaluation.photos.all(),
            "actions": evaluation.actions.all(),
            "form": form,
            "peut_modifier": peut_modifier,
        },
    )


def photo_accueil(request, pk):
    """Photos are served here only, to logged-in people; their content was checked at upload, and
    the type is said explicitly so that no browser guesses it."""
    photo = get_object_or_404(PhotoAccueil, pk=pk)
    suffixe = Path(photo.fichier.name).suffix.lower()
    try:
        fichier = photo.fichier.open("rb")
    except FileNotFoundError as absent:
        raise Http404("Cette photo n'est plus disponible.") from absent
    reponse = FileResponse(fichier, content_type="image/png" if suffixe == ".png" else "image/jpeg")
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def action_form(request, antenne_pk=None, pk=None):
    action = get_object_or_404(ActionAmelioration.objects.select_related("antenne"), pk=pk) if pk else None
    antenne = action.antenne if action else get_object_or_404(Antenne, pk=antenne_pk)
    if not peut_modifier_antenne(request.user, antenne):
        raise PermissionDenied("Seuls la direction et le ou la responsable de l'antenne suivent ses actions.")
    form = ActionAmeliorationForm(request.POST or None, instance=action, antenne=antenne)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            action = form.save(commit=False)
            action.antenne = antenne
            action.save()
        messages.success(request, f"Action « {action.libelle} » enregistrée.")
        return redirect("antennes:accueil-antenne", pk=antenne.pk)
    return _formulaire(
        request,
        form,
        f"Modifier l'action : {action.libelle}"
        if action
        else f"Nouvelle action d'amélioration : {antenne.nom}",
        "Espaces d'accueil",
        reverse("antennes:accueil-antenne", args=[antenne.pk]),
    )


def critere_form(request, pk=None):
    return _reference_de_la_direction(
        request,
        CritereAccueilForm,
        pk,
        enregistre=lambda critere: f"Critère « {critere.libelle} » enregistré.",
        suite=lambda critere: reverse("antennes:accueil"),
        titres=(
            lambda critere: f"Modifier le critère : {critere.libelle}",
            "Nouveau critère de l'espace d'accueil",
        ),
        retour=("Espaces d'accueil", reverse("antennes:accueil")),
    )


# Shared procedures (fiche 1.4) ---------------------------------------------------------------------------


PROCEDURES_PAR_PAGE = 15
ENQUETES_AFFICHEES = 50


def procedure_list(request):
    etat = procedures.couverture()
    page = Paginator(etat.avec_version, PROCEDURES_PAR_PAGE).get_page(request.GET.get("page"))
    enquetes = list(EnqueteSatisfaction.objects.select_related("antenne")[: ENQUETES_AFFICHEES + 1])
    return render(
        request,
        "antennes/procedure_list.html",
        {
            "etat": etat,
            "page": page,
            "lignes": etat.lignes_de(page.object_list),
            "enquetes_tronquees": len(enquetes) > ENQUETES_AFFICHEES,
            "enquetes": enquetes[:ENQUETES_AFFICHEES],
            "organisation": Organisation.objects.first(),
            "peut_modifier": est_direction(request.user),
            "peut_deployer": antennes_modifiables(request.user).exists(),
        },
    )


def procedure_form(request, pk=None):
    return _reference_de_la_direction(
        request,
        ProcedureForm,
        pk,
        enregistre=lambda procedure: f"Procédure « {procedure.titre} » enregistrée.",
        suite=lambda procedure: reverse("antennes:procedure-detail", args=[procedure.pk]),
        titres=(lambda procedure: f"Modifier la procédure : {procedure.titre}", "Nouvelle procédure"),
        retour=("Procédures", reverse("antennes:procedures")),
    )


def procedure_detail(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk)
    return render(
        request,
        "antennes/procedure_detail.html",
        {
            "procedure": procedure,
            "versions": procedure.versions.all(),
            "deploiements": DeploiementProcedure.objects.filter(version__procedure=procedure).select_related(
                "version", "antenne"
            ),
            "peut_modifier": est_direction(request.user),
            "peut_deployer": antennes_modifiables(request.user).exists(),
        },
    )


def version_creer(request, pk):
    exiger_direction(request.user)
    procedure = get_object_or_404(Procedure, pk=pk)
    suivante = (procedure.versions.aggregate(n=Max("numero"))["n"] or 0) + 1
    form = VersionProcedureForm(
        request.POST or None,
        request.FILES or None,
        procedure=procedure,
        initial={"numero": suivante, "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            version = form.save()
        messages.success(request, f"Version {version.numero} de « {procedure.titre} » enregistrée.")
        return redirect("antennes:procedure-detail", pk=procedure.pk)
    return _formulaire(
        request,
        form,
        f"Nouvelle version : {procedure.titre}",
        procedure.titre,
        reverse("antennes:procedure-detail", args=[procedure.pk]),
        fichiers=True,
    )


def version_fichier(request, pk):
    """Procedure documents are served here only, as downloads (see suivi's evidence files)."""
    version = get_object_or_404(VersionProcedure.objects.exclude(fichier=""), pk=pk)
    try:
        fichier = version.fichier.open("rb")
    except FileNotFoundError as absent:
        raise Http404("Ce document n'est plus disponible.") from absent
    reponse = FileResponse(fichier, as_attachment=True, filename=Path(version.fichier.name).name)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def deploiement_creer(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk)
    autorisees = antennes_modifiables(request.user)
    if not autorisees.exists():
        raise PermissionDenied(
            "Seuls la direction et les responsables d'antenne enregistrent un déploiement."
        )
    form = DeploiementForm(
        request.POST or None,
        procedure=procedure,
        antennes=autorisees,
        initial={
            "date": timezone.localdate(),
            "version": procedure.versions.values_list("pk", flat=True).first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            deploiement = form.save()
        messages.success(
            request, f"Déploiement de « {procedure.titre} » à « {deploiement.antenne} » enregistré."
        )
        return redirect("antennes:procedure-detail", pk=procedure.pk)
    return _formulaire(
        request,
        form,
        f"Déploiement : {procedure.titre}",
        procedure.titre,
        reverse("antennes:procedure-detail", args=[procedure.pk]),
    )


def enquete_creer(request):
    autorisees = antennes_modifiables(request.user)
    if not autorisees.exists():
        raise PermissionDenied("Seuls la direction et les responsables d'antenne saisissent ces résultats.")
    form = EnqueteSatisfactionForm(
        request.POST or None, antennes=autorisees, toute_la_mission_locale=est_direction(request.user)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Résultats de l'enquête de satisfaction enregistrés.")
        return redirect("antennes:procedures")
    return _formulaire(
        request, form, "Résultats de l'enquête de satisfaction", "Procédures", reverse("antennes:procedures")
    )


# Continuity of service (fiche 1.5) -------------------------------------------------------------------------


def _trimestres(jour, nombre=4):
    """The first days of the last `nombre` quarters, the current one first."""
    annee, trimestre = jour.year, (jour.month - 1) // 3
    debuts = []
    for _ in range(nombre):
        debuts.append(date(annee, trimestre * 3 + 1, 1))
        annee, trimestre = (annee - 1, 3) if trimestre == 0 else (annee, trimestre - 1)
    return debuts


def continuite(request):
    """The diagnostic of absences per antenne and quarter, and the rule each antenne applies."""
    trimestres = _trimestres(timezone.localdate())
    chiffres = {
        (ligne["antenne"], ligne["trimestre"]): ligne
        for ligne in AbsenceConseiller.objects.filter(debut__gte=trimestres[-1]).par_trimestre()
    }
    antennes = list(Antenne.objects.all())
    lignes = [(antenne, [chiffres.get((antenne.pk, t)) for t in trimestres]) for antenne in antennes]
    annee = AbsenceConseiller.objects.filter(debut__gte=trimestres[-1]).aggregate(
        prevus=Sum("rdv_prevus"), couverts=Sum("rdv_couverts")
    )
    return render(
        request,
        "antennes/continuite.html",
        {
            "trimestres": trimestres,
            "lignes": lignes,
            "antennes": antennes,
            "annee": annee,
            "absences": AbsenceConseiller.objects.select_related("antenne", "membre")[:50],
            "modifiables": set(antennes_modifiables(request.user).values_list("pk", flat=True)),
        },
    )


def absence_form(request, pk=None):
    absence = (
        get_object_or_404(AbsenceConseiller.objects.select_related("antenne__responsable"), pk=pk)
        if pk
        else None
    )
    autorisees = antennes_modifiables(request.user)
    if absence is not None and not peut_modifier_antenne(request.user, absence.antenne):
        raise PermissionDenied(
            "Seuls la direction et le ou la responsable de l'antenne suivent ses absences."
        )
    if absence is None and not autorisees.exists():
        raise PermissionDenied("Seuls la direction et les responsables d'antenne déclarent les absences.")
    form = AbsenceForm(request.POST or None, instance=absence, antennes=autorisees)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Absence enregistrée.")
        return redirect("antennes:continuite")
    return _formulaire(
        request,
        form,
        "Modifier l'absence" if absence else "Déclarer l'absence d'un conseiller ou d'une conseillère",
        "Continuité de service",
        reverse("antennes:continuite"),
    )


def regle_continuite(request, pk):
    antenne = get_object_or_404(Antenne.objects.select_related("responsable"), pk=pk)
    if not peut_modifier_antenne(request.user, antenne):
        raise PermissionDenied("Seuls la direction et le ou la responsable de l'antenne fixent sa règle.")
    form = RegleContinuiteForm(request.POST or None, instance=antenne)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, f"Règle de continuité de « {antenne.nom} » enregistrée.")
        return redirect("antennes:continuite")
    return _formulaire(
        request,
        form,
        f"Règle de continuité : {antenne.nom}",
        "Continuité de service",
        reverse("antennes:continuite"),
    )
