from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comptes.roles import est_direction, peut_commenter
from mission_locale.tri import TriFrancais
from plan.models import Organisation

from . import offre
from .carte import Carte
from .couverture import Couverture, communes_pour_carte, permanence_envisagee, points_d_accueil
from .forms import (
    AntenneForm,
    JeunesSuivisForm,
    MembreEquipeForm,
    ParametresCarteForm,
    PermanenceForm,
    QpvForm,
    ThemeOffreForm,
    formulaires_offre,
)
from .models import Antenne, Commune, JeunesSuivis, MembreEquipe, OffreAntenne, Permanence, ThemeOffre


def exiger_direction(user):
    if not est_direction(user):
        raise PermissionDenied("Réservé à la direction et à l'administration.")


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
            "nb_antennes": sum(1 for p in points if p.nature in ("siege", "antenne")),
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
    form_qpv = QpvForm(prefix="qpv", initial={"communes": Commune.objects.filter(a_un_qpv=True)})
    # The two forms share the page; the QPV one says its name, so that an empty post clears nothing.
    if request.method == "POST" and request.POST.get("formulaire") != "qpv":
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


def permanence_list(request):
    permanences = Permanence.objects.select_related(
        "commune", "antenne", "theme", "partenaire_hote", "partenaire_thematique"
    ).order_by(TriFrancais("commune__nom"), TriFrancais("lieu"))
    return render(
        request,
        "antennes/permanence_list.html",
        {
            "permanences": permanences,
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
    return render(
        request,
        "antennes/membre_list.html",
        {
            "membres": membres,
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
    exiger_direction(request.user)
    membre = get_object_or_404(MembreEquipe, pk=pk) if pk else None
    form = MembreEquipeForm(request.POST or None, instance=membre)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            membre = form.save()
        messages.success(request, f"{membre} enregistré au registre de l'équipe.")
        return redirect("antennes:equipe")
    return _formulaire(
        request,
        form,
        f"Modifier : {membre}" if membre else "Nouvelle personne au registre",
        "Registre de l'équipe",
        reverse("antennes:equipe"),
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
    exiger_direction(request.user)
    theme = get_object_or_404(ThemeOffre, pk=pk) if pk else None
    form = ThemeOffreForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            theme = form.save()
        messages.success(request, f"Thème « {theme.libelle} » enregistré au catalogue.")
        return redirect("antennes:offre")
    return _formulaire(
        request,
        form,
        f"Modifier le thème : {theme.libelle}" if theme else "Nouveau thème de l'offre de service",
        "Offre de service",
        reverse("antennes:offre"),
    )


def _formulaire(request, form, titre, retour, retour_url, suppression_url=""):
    return render(
        request,
        "antennes/formulaire.html",
        {
            "form": form,
            "titre": titre,
            "retour": retour,
            "retour_url": retour_url,
            "suppression_url": suppression_url,
        },
    )
