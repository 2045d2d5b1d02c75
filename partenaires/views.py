import hashlib
import io
import json

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from antennes.models import Permanence, ThemeOffre
from comptes.roles import est_direction, exiger_direction, peut_commenter
from mission_locale.bornes import paginer
from plan.models import Organisation

from . import exports, importation
from . import statistiques as stats
from .extensions import blocs_pour
from .filters import EvenementFilter, PartenaireFilter
from .forms import (
    ContactForm,
    ConventionForm,
    DiffusionForm,
    EvenementForm,
    ImportForm,
    PartenaireForm,
    SuiteForm,
    SupportForm,
    VersionForm,
    fiches_du_plan,
)
from .models import (
    FINALITE_CONTACT,
    ChampIntervention,
    Convention,
    Diffusion,
    Evenement,
    HistoriqueContact,
    ImportPartenaires,
    Partenaire,
    Participation,
    SuiteEvenement,
    Support,
    VersionSupport,
)
from .tables import EvenementTable, PartenaireTable

PAR_PAGE = 50
# Query-string keys that shape the page but not the set of rows (kept out of export links).
CLES_DE_PRESENTATION = {"sort", "page", "per_page"}


def exiger_contribution(user):
    """Staff and Direction keep the directory, events and materials; the board reads."""
    if not peut_commenter(user):
        raise PermissionDenied("Le conseil d'administration consulte les partenariats sans les modifier.")


def criteres(request):
    copie = request.GET.copy()
    for cle_ in CLES_DE_PRESENTATION:
        copie.pop(cle_, None)
    return copie


# Directory ---------------------------------------------------------------------------------------


def _annuaire_filtre(request):
    return PartenaireFilter(request.GET, queryset=Partenaire.objects.pour_annuaire())


def partenaire_list(request):
    filtre = _annuaire_filtre(request)
    table = paginer(request, PartenaireTable(filtre.qs), PAR_PAGE)
    table.caption = "Annuaire des partenaires : cliquez sur un en-tête de colonne pour trier"
    recherche = criteres(request)
    organisation = Organisation.objects.first()
    return render(
        request,
        "partenaires/partenaire_list.html",
        {
            "filtre": filtre,
            "table": table,
            "nb_resultats": table.paginator.count,
            "couverture": stats.couverture(timezone.localdate()),
            "nb_prevus": organisation.nb_partenaires if organisation else None,
            "criteres": recherche.urlencode(),
            "filtre_actif": any(recherche.values()),
            "peut_modifier": peut_commenter(request.user),
            "peut_importer": est_direction(request.user),
        },
    )


def partenaire_export(request, format_):
    if format_ not in exports.FORMATS:
        raise Http404("Format d'export inconnu.")
    partenaires = _annuaire_filtre(request).qs.order_by("cle_nom", "pk")
    return exports.reponse_csv(partenaires) if format_ == "csv" else exports.reponse_xlsx(partenaires)


def partenaire_detail(request, pk):
    partenaire = get_object_or_404(
        Partenaire.objects.select_related("commune").prefetch_related(
            "champs",
            Prefetch("fiches", queryset=fiches_du_plan()),
            "conventions",
            Prefetch("historique_contacts", queryset=HistoriqueContact.objects.select_related("par")),
            Prefetch(
                "permanences_accueillies",
                queryset=Permanence.objects.select_related("commune", "antenne").order_by("lieu"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("evenement").order_by("-evenement__date"),
            ),
            Prefetch("diffusions", queryset=Diffusion.objects.select_related("support", "version")),
        ),
        pk=pk,
    )
    jour = timezone.localdate()
    return render(
        request,
        "partenaires/partenaire_detail.html",
        {
            "partenaire": partenaire,
            "conventions": [(c, c.est_en_cours(jour)) for c in partenaire.conventions.all()],
            "supports": Support.objects.only("pk", "titre") if peut_commenter(request.user) else [],
            "peut_modifier": peut_commenter(request.user),
            "est_direction": est_direction(request.user),
        },
    )


def partenaire_form(request, pk=None):
    exiger_contribution(request.user)
    partenaire = get_object_or_404(Partenaire, pk=pk) if pk else None
    form = PartenaireForm(request.POST or None, instance=partenaire)
    contact = None if partenaire else ContactForm(request.POST or None, prefix="contact")
    if request.method == "POST" and form.is_valid() and (contact is None or contact.is_valid()):
        with transaction.atomic():
            partenaire = form.save()
            if contact is not None:
                partenaire.changer_contact(par=request.user, **contact.cleaned_data)
        messages.success(request, f"{partenaire} : enregistré.")
        return redirect(partenaire)
    return render(
        request,
        "partenaires/partenaire_form.html",
        {"form": form, "contact": contact, "partenaire": partenaire, "finalite": FINALITE_CONTACT},
    )


def contact_modifier(request, pk):
    exiger_contribution(request.user)
    partenaire = get_object_or_404(Partenaire, pk=pk)
    form = ContactForm(request.POST or None, partenaire=partenaire)
    if request.method == "POST" and form.is_valid():
        if partenaire.changer_contact(par=request.user, **form.cleaned_data):
            messages.success(
                request, f"{partenaire} : personne contact enregistrée, l'ancienne est dans l'historique."
            )
        else:
            messages.info(request, "Rien n'a changé.")
        return redirect(partenaire)
    return render(
        request,
        "partenaires/contact_form.html",
        {"form": form, "partenaire": partenaire, "finalite": FINALITE_CONTACT},
    )


def contact_export(request, pk):
    exiger_direction(request.user)
    partenaire = get_object_or_404(Partenaire, pk=pk)
    contenu = json.dumps(partenaire.donnees_du_contact(), ensure_ascii=False, indent=2)
    reponse = HttpResponse(contenu, content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="contact-partenaire-{partenaire.pk}.json"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def contact_effacer(request, pk):
    exiger_direction(request.user)
    partenaire = get_object_or_404(Partenaire, pk=pk)
    if request.method == "POST":
        if not partenaire.a_un_contact:
            messages.info(request, "Ce partenaire n'a pas de personne contact à effacer.")
        else:
            anciennes = partenaire.effacer_contact(par=request.user)
            messages.success(
                request,
                f"{partenaire} : la personne contact a été effacée"
                + (f", ainsi que {anciennes} ligne(s) de l'historique la concernant." if anciennes else "."),
            )
        return redirect(partenaire)
    return render(request, "partenaires/contact_effacer.html", {"partenaire": partenaire})


def convention_form(request, pk=None, partenaire_pk=None):
    exiger_direction(request.user)
    convention = get_object_or_404(Convention.objects.select_related("partenaire"), pk=pk) if pk else None
    partenaire = convention.partenaire if convention else get_object_or_404(Partenaire, pk=partenaire_pk)
    form = ConventionForm(request.POST or None, instance=convention or Convention(partenaire=partenaire))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{partenaire} : convention enregistrée.")
        return redirect(partenaire.get_absolute_url() + "#conventions")
    return render(
        request,
        "partenaires/convention_form.html",
        {"form": form, "partenaire": partenaire, "convention": convention},
    )


# Follow-up of contacts and participation (fiche 3.1) ---------------------------------------------


def partenaires_suivi(request):
    jour = timezone.localdate()
    sans_contact = paginer(
        request,
        PartenaireTable(
            Partenaire.objects.sans_contact().pour_annuaire(),
            exclude=["contact_nom", "coordonnees"],
            attrs={"class": "table table-striped align-middle", "id": "sans-contact"},
        ),
        PAR_PAGE,
    )
    sans_contact.caption = "Partenaires sans personne contact"
    organisation = Organisation.objects.first()
    par_fiche = (
        fiches_du_plan()
        .filter(partenaires__isnull=False)
        .annotate(nb_partenaires=Count("partenaires", distinct=True))
        .order_by("axe__numero", "numero")
    )
    return render(
        request,
        "partenaires/suivi.html",
        {
            "couverture": stats.couverture(jour),
            "par_champ": stats.par_champ(jour),
            "nb_rencontres": stats.rencontres(jour).count(),
            "sans_contact": sans_contact,
            "par_fiche": par_fiche,
            "nb_prevus": organisation.nb_partenaires if organisation else None,
        },
    )


# Import ------------------------------------------------------------------------------------------


def import_form(request):
    exiger_direction(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        contenu = fichier.read(importation.TAILLE_MAX + 1)
        try:
            lecture = importation.lire(fichier.name, contenu)
        except importation.FichierInvalide as erreur:
            form.add_error("fichier", str(erreur))
        else:
            ImportPartenaires.purger_les_anciens()
            depot = ImportPartenaires.objects.create(
                nom_fichier=fichier.name[:255],
                contenu=contenu,
                empreinte=hashlib.sha256(contenu).hexdigest(),
                depose_par=request.user,
                resume={"lignes": len(lecture.lignes)},
            )
            return redirect("partenaires:import-rapport", pk=depot.pk)
    return render(
        request,
        "partenaires/import_form.html",
        {
            "form": form,
            "colonnes": importation.COLONNES,
            "informatives": importation.INFORMATIVES,
            "derniers": ImportPartenaires.objects.select_related("depose_par").defer("contenu")[:10],
        },
    )


def import_modele(request):
    exiger_direction(request.user)
    return exports.modele_csv()


def _analyse(depot):
    lecture = importation.lire(depot.nom_fichier, bytes(depot.contenu))
    return importation.analyser(lecture)


def import_rapport(request, pk):
    exiger_direction(request.user)
    depot = get_object_or_404(ImportPartenaires, pk=pk)
    rapport, erreur = None, None
    if depot.applique_le is None:
        try:
            rapport = _analyse(depot)
        except importation.FichierInvalide as exc:
            erreur = str(exc)
    return render(
        request, "partenaires/import_rapport.html", {"depot": depot, "rapport": rapport, "erreur": erreur}
    )


@require_POST
def import_appliquer(request, pk):
    exiger_direction(request.user)
    with transaction.atomic():
        depot = get_object_or_404(ImportPartenaires.objects.select_for_update(), pk=pk)
        if depot.applique_le is not None:
            messages.info(request, "Ce fichier a déjà été importé.")
            return redirect("partenaires:import-rapport", pk=depot.pk)
        try:
            rapport = _analyse(depot)
            resume = importation.appliquer(rapport, par=request.user)
        except (importation.FichierInvalide, importation.ImportRefuse) as erreur:
            messages.error(request, str(erreur))
            return redirect("partenaires:import-rapport", pk=depot.pk)
        depot.applique_le = timezone.now()
        depot.contenu = b""
        depot.resume = {
            **resume,
            "detail": [ligne.en_dict() for ligne in rapport.lignes if ligne.action != "inchange"],
        }
        depot.save(update_fields=["applique_le", "contenu", "resume"])
    messages.success(
        request,
        f"Import appliqué : {resume['creations']} partenaire(s) créé(s), "
        f"{resume['modifications']} modifié(s), {resume['inchanges']} inchangé(s).",
    )
    return redirect("partenaires:import-rapport", pk=depot.pk)


# Events ------------------------------------------------------------------------------------------


def evenement_list(request):
    filtre = EvenementFilter(request.GET, queryset=Evenement.objects.pour_liste())
    table = paginer(request, EvenementTable(filtre.qs), PAR_PAGE)
    table.caption = "Temps forts, rencontres thématiques et autres événements partenariaux"
    jour = timezone.localdate()
    return render(
        request,
        "partenaires/evenement_list.html",
        {
            "filtre": filtre,
            "table": table,
            "filtre_actif": any(criteres(request).values()),
            "couverture": stats.couverture(jour),
            "nb_rencontres": stats.rencontres(jour).count(),
            "suites_en_retard": SuiteEvenement.objects.filter(
                faite_le__isnull=True, echeance__lt=jour
            ).count(),
            "peut_modifier": peut_commenter(request.user),
        },
    )


def evenement_form(request, pk=None):
    exiger_contribution(request.user)
    evenement = get_object_or_404(Evenement, pk=pk) if pk else None
    form = EvenementForm(request.POST or None, instance=evenement)
    if request.method == "POST" and form.is_valid():
        evenement = form.save(commit=False)
        if evenement.pk is None:
            evenement.cree_par = request.user
        evenement.save()
        form.save_m2m()
        messages.success(request, f"{evenement.titre} : enregistré.")
        return redirect(evenement)
    return render(request, "partenaires/evenement_form.html", {"form": form, "evenement": evenement})


def evenement_detail(request, pk, suite_form=None):
    evenement = get_object_or_404(
        Evenement.objects.select_related("commune", "cree_par").prefetch_related(
            "themes",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("partenaire").prefetch_related(
                    "partenaire__champs"
                ),
            ),
            Prefetch("suites", queryset=SuiteEvenement.objects.select_related("responsable")),
            Prefetch("diffusions", queryset=Diffusion.objects.select_related("support", "partenaire")),
        ),
        pk=pk,
    )
    participations = list(evenement.participations.all())
    peut_modifier = peut_commenter(request.user)
    return render(
        request,
        "partenaires/evenement_detail.html",
        {
            "evenement": evenement,
            "participations": participations,
            "nb_invites": sum(p.invite for p in participations),
            "nb_presents": sum(p.present for p in participations),
            "suite_form": suite_form or (SuiteForm() if peut_modifier else None),
            "peut_modifier": peut_modifier,
            "blocs": blocs_pour(evenement),
        },
    )


def evenement_participants(request, pk):
    """Invite partners (found by name or by champ) and tick who came."""
    exiger_contribution(request.user)
    evenement = get_object_or_404(Evenement, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "enregistrer":
            participations = list(evenement.participations.all())
            retirees = {p.pk for p in participations if f"retirer-{p.pk}" in request.POST}
            for p in participations:
                p.invite = f"invite-{p.pk}" in request.POST
                p.present = f"present-{p.pk}" in request.POST
            with transaction.atomic():
                Participation.objects.bulk_update(
                    [p for p in participations if p.pk not in retirees], ["invite", "present"]
                )
                Participation.objects.filter(pk__in=retirees).delete()
            messages.success(request, "Participants enregistrés.")
        elif action in ("ajouter", "ajouter-champ"):
            if action == "ajouter":
                ids = [int(i) for i in request.POST.getlist("partenaires") if i.isdigit()]
                nouveaux = Partenaire.objects.filter(pk__in=ids)
            else:
                nouveaux = Partenaire.objects.filter(champs=request.POST.get("champ") or 0)
            present = request.POST.get("present") == "1"
            crees = Participation.objects.bulk_create(
                [
                    Participation(evenement=evenement, partenaire=p, invite=not present, present=present)
                    for p in nouveaux
                ],
                ignore_conflicts=True,
            )
            messages.success(request, f"{len(crees)} partenaire(s) ajouté(s) à la liste.")
        return redirect("partenaires:evenement-participants", pk=evenement.pk)
    participations = evenement.participations.select_related("partenaire").order_by("partenaire__nom")
    recherche = request.GET.get("q", "").strip()
    champ = request.GET.get("champ", "")
    candidats = Partenaire.objects.none()
    if recherche or champ.isdigit():
        candidats = Partenaire.objects.exclude(participations__evenement=evenement).select_related("commune")
        if recherche:
            candidats = PartenaireFilter().chercher(candidats, "q", recherche)
        if champ.isdigit():
            candidats = candidats.filter(champs=champ)
        candidats = candidats.order_by("cle_nom")[:50]
    return render(
        request,
        "partenaires/evenement_participants.html",
        {
            "evenement": evenement,
            "participations": participations,
            "candidats": candidats,
            "recherche": recherche,
            "champ": champ,
            "champs": ChampIntervention.objects.annotate(nb=Count("partenaires")).filter(nb__gt=0),
        },
    )


@require_POST
def suite_creer(request, pk):
    exiger_contribution(request.user)
    evenement = get_object_or_404(Evenement, pk=pk)
    form = SuiteForm(request.POST, instance=SuiteEvenement(evenement=evenement))
    if not form.is_valid():
        # The event's page again, the errors next to the fields.
        return evenement_detail(request, pk, suite_form=form)
    form.save()
    messages.success(request, "Suite ajoutée.")
    return redirect(evenement.get_absolute_url() + "#suites")


@require_POST
def suite_faite(request, pk):
    exiger_contribution(request.user)
    suite = get_object_or_404(SuiteEvenement, pk=pk)
    suite.faite_le = None if suite.faite_le else timezone.localdate()
    suite.save(update_fields=["faite_le"])
    return redirect(suite.evenement.get_absolute_url() + "#suites")


# Communication materials ---------------------------------------------------------------------------


def support_list(request):
    jour = timezone.localdate()
    supports = list(Support.objects.pour_liste())
    for support in supports:
        support.a_revoir = support.est_a_revoir(jour)
    guide = stats.themes_couverts(Support.Nature.GUIDE_JEUNES)
    themes_du_guide = ThemeOffre.objects.filter(public=ThemeOffre.Public.JEUNES).annotate(
        nb_guides=Count("supports", filter=Q(supports__nature=Support.Nature.GUIDE_JEUNES), distinct=True)
    )
    diffusions = (
        Diffusion.objects.filter(date__gt=jour - stats.FENETRE, date__lte=jour)
        .values("type_destinataire")
        .annotate(exemplaires=Sum("quantite"))
        .order_by("type_destinataire")
    )
    libelles = dict(Diffusion.Destinataire.choices)
    return render(
        request,
        "partenaires/support_list.html",
        {
            "supports": supports,
            "nb_a_revoir": sum(s.a_revoir for s in supports),
            "guide": guide,
            "part_guide": stats.part(guide["couverts"], guide["total"]),
            "themes_du_guide": themes_du_guide,
            "diffusions": [(libelles[d["type_destinataire"]], d["exemplaires"]) for d in diffusions],
            "peut_modifier": peut_commenter(request.user),
        },
    )


def support_form(request, pk=None):
    exiger_contribution(request.user)
    support = get_object_or_404(Support, pk=pk) if pk else None
    form = SupportForm(request.POST or None, instance=support)
    if request.method == "POST" and form.is_valid():
        support = form.save()
        messages.success(request, f"{support} : enregistré.")
        return redirect(support)
    return render(request, "partenaires/support_form.html", {"form": form, "support": support})


DIFFUSIONS_AFFICHEES = 100


def support_detail(request, pk):
    support = get_object_or_404(
        Support.objects.select_related("fiche").prefetch_related("themes", "versions"), pk=pk
    )
    jour = timezone.localdate()
    couverts = {t.pk for t in support.themes.all()}
    diffusions = support.diffusions.select_related("partenaire", "version", "evenement")
    totaux = diffusions.values("type_destinataire").annotate(exemplaires=Sum("quantite"), nombre=Count("pk"))
    libelles = dict(Diffusion.Destinataire.choices)
    return render(
        request,
        "partenaires/support_detail.html",
        {
            "support": support,
            "a_revoir": support.est_a_revoir(jour),
            "themes": [(t, t.pk in couverts) for t in ThemeOffre.objects.all()],
            "diffusions": diffusions[:DIFFUSIONS_AFFICHEES],
            "nb_diffusions": sum(t["nombre"] for t in totaux),
            "totaux": [(libelles[t["type_destinataire"]], t["exemplaires"], t["nombre"]) for t in totaux],
            "peut_modifier": peut_commenter(request.user),
            "affichees": DIFFUSIONS_AFFICHEES,
        },
    )


def version_form(request, pk=None, support_pk=None):
    exiger_contribution(request.user)
    version = get_object_or_404(VersionSupport.objects.select_related("support"), pk=pk) if pk else None
    support = version.support if version else get_object_or_404(Support, pk=support_pk)
    form = VersionForm(request.POST or None, instance=version or VersionSupport(support=support))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{support} : version enregistrée.")
        return redirect(support.get_absolute_url() + "#versions")
    return render(
        request, "partenaires/version_form.html", {"form": form, "support": support, "version": version}
    )


def version_qr(request, pk):
    """The version's QR code, drawn here as SVG (no outside service), pointing at its URL."""
    version = get_object_or_404(VersionSupport.objects.select_related("support"), pk=pk)
    if not version.url:
        raise Http404("Cette version n'a pas d'adresse : pas de QR code.")
    tampon = io.BytesIO()
    segno.make(version.url, error="m", micro=False).save(
        tampon,
        kind="svg",
        scale=4,
        border=4,
        title=f"QR code : {version}",
        desc=version.url,
        xmldecl=False,
        svgclass="qr-code",
        lineclass=None,
    )
    reponse = HttpResponse(tampon.getvalue(), content_type="image/svg+xml")
    if request.GET.get("telecharger"):
        reponse["Content-Disposition"] = f'attachment; filename="qr-code-version-{version.pk}.svg"'
    reponse["Cache-Control"] = "private, max-age=3600"
    return reponse


def diffusion_creer(request, pk):
    exiger_contribution(request.user)
    support = get_object_or_404(Support, pk=pk)
    initial = {}
    partenaire = request.GET.get("partenaire", "")
    if partenaire.isdigit():
        initial["partenaire"] = partenaire
    evenement = request.GET.get("evenement", "")
    if evenement.isdigit():
        initial["evenement"] = evenement
    form = DiffusionForm(
        request.POST or None,
        instance=Diffusion(support=support, saisi_par=request.user),
        initial=initial,
        support=support,
    )
    if request.method == "POST" and form.is_valid():
        diffusion = form.save()
        messages.success(
            request, f"Diffusion enregistrée : {diffusion.quantite} exemplaire(s) de « {support} »."
        )
        return redirect(support.get_absolute_url() + "#diffusions")
    return render(
        request,
        "partenaires/diffusion_form.html",
        {"form": form, "support": support},
    )
