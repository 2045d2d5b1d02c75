from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from antennes.models import Antenne, Procedure
from comptes.roles import est_conseil, est_direction, peut_commenter
from conseil.models import Instance
from conseil.statuts import calendrier_statutaire
from mission_locale.formats import date_longue, mois_court
from partenaires.models import Partenaire
from plan.models import FicheAction, Organisation, Pratique, Valeur

from .bilans import bilan_par_antenne, part
from .filters import SensibilisationFilter
from .forms import (
    AdoptionForm,
    ArticleForm,
    CharteForm,
    EngagementsJeunesForm,
    MaPriseDeConnaissanceForm,
    PrisesDeConnaissanceForm,
    SensibilisationForm,
    ValeurFicheForm,
)
from .models import (
    ANNEE,
    Article,
    Charte,
    EngagementsJeunes,
    PresentationValeurs,
    PriseDeConnaissance,
    Sensibilisation,
    ValeurFiche,
    membres_presents,
)
from .tables import SensibilisationTable

NB_SESSIONS_PAR_VALEUR = 10


def exiger_direction(request, message="Seules la direction et l'administration modifient la charte."):
    if not est_direction(request.user):
        raise PermissionDenied(message)


def membre_de(user):
    """The staff register's row of the logged-in person, or None (no account link)."""
    from antennes.models import MembreEquipe

    return MembreEquipe.objects.filter(utilisateur=user).select_related("antenne").first()


def brouillon_ou_404(numero):
    return get_object_or_404(Charte, numero=numero, statut=Charte.Statut.BROUILLON)


def articles_de(charte):
    return charte.articles.prefetch_related(Prefetch("valeurs", queryset=Valeur.objects.order_by("ordre")))


# The charter -------------------------------------------------------------------------------------


def _contexte_charte(request, form=None):
    jour = timezone.localdate()
    # Every version in one query; the one in force and the draft are among them.
    versions = list(Charte.objects.pour_historique())
    adoptees = [v for v in versions if v.est_adoptee and v.adoptee_le <= jour]
    charte = max(adoptees, key=lambda v: (v.adoptee_le, v.numero), default=None)
    brouillon = next((v for v in versions if v.est_brouillon), None)
    contexte = {
        "charte": charte,
        "brouillon": brouillon,
        "versions": versions,
        "peut_modifier": est_direction(request.user),
        "aujourdhui": jour,
    }
    if charte is None:
        return contexte
    membre = None if est_conseil(request.user) else membre_de(request.user)
    contexte |= {
        "articles": list(articles_de(charte)),
        "valeurs": list(charte.valeurs.order_by("ordre")),
        "bilan": bilan_par_antenne(charte, jour),
        "membre": membre,
        "ma_prise": (
            PriseDeConnaissance.objects.filter(charte=charte, membre=membre).first() if membre else None
        ),
        "form": form or MaPriseDeConnaissanceForm(),
        "peut_saisir_engagements": peut_commenter(request.user),
    }
    return contexte


def charte(request):
    return render(request, "ethique/charte.html", _contexte_charte(request))


@require_POST
def prendre_connaissance(request):
    """A staff member confirms, from their own account, that they read the version in force."""
    if est_conseil(request.user):
        raise PermissionDenied("Le conseil d'administration consulte la charte ; l'équipe s'y engage.")
    membre = membre_de(request.user)
    if membre is None:
        raise PermissionDenied(
            "Votre compte n'est pas relié au registre de l'équipe : la direction enregistre votre prise de "
            "connaissance."
        )
    charte_ = Charte.objects.en_vigueur()
    if charte_ is None:
        raise Http404("Aucune version de la charte n'est en vigueur.")
    form = MaPriseDeConnaissanceForm(request.POST)
    if not form.is_valid():
        return render(request, "ethique/charte.html", _contexte_charte(request, form))
    prise, creee = PriseDeConnaissance.objects.get_or_create(
        charte=charte_,
        membre=membre,
        defaults={"date": timezone.localdate(), "enregistree_par": request.user},
    )
    if creee:
        messages.success(
            request, f"Merci : votre prise de connaissance de la version {charte_.numero} est enregistrée."
        )
    else:
        messages.info(
            request, f"Vous aviez déjà pris connaissance de cette version le {date_longue(prise.date)}."
        )
    return redirect("ethique:charte")


def version(request, numero):
    charte_ = get_object_or_404(Charte.objects.select_related("instance"), numero=numero)
    articles = list(articles_de(charte_))
    valeurs = list(charte_.valeurs.order_by("ordre"))
    citees = {v.pk for a in articles for v in a.valeurs.all()}
    remplacee_par = None
    if charte_.est_adoptee:
        remplacee_par = (
            Charte.objects.adoptees()
            .filter(
                Q(adoptee_le__gt=charte_.adoptee_le)
                | Q(adoptee_le=charte_.adoptee_le, numero__gt=charte_.numero)
            )
            .order_by("adoptee_le", "numero")
            .first()
        )
    return render(
        request,
        "ethique/version.html",
        {
            "charte": charte_,
            "articles": articles,
            "valeurs": valeurs,
            "valeurs_sans_article": [v for v in valeurs if v.pk not in citees],
            "remplacee_par": remplacee_par,
            "peut_modifier": est_direction(request.user) and charte_.est_brouillon,
        },
    )


def version_creer(request):
    exiger_direction(request)
    brouillon = Charte.objects.brouillon()
    if brouillon is not None:
        messages.info(
            request, f"La version {brouillon.numero} est déjà en cours de rédaction : poursuivez-la."
        )
        return redirect(brouillon)
    modele = Charte.objects.en_vigueur() or Charte.objects.order_by("-numero").first()
    if request.method == "POST":
        nouvelle = Charte.nouvelle_version(par=request.user)
        messages.success(request, f"Version {nouvelle.numero} ouverte en brouillon.")
        return redirect(nouvelle)
    return render(
        request,
        "ethique/version_creer.html",
        {"modele": modele, "nb_articles": modele.articles.count() if modele else 0},
    )


def version_modifier(request, numero):
    exiger_direction(request)
    charte_ = brouillon_ou_404(numero)
    form = CharteForm(request.POST or None, instance=charte_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Version {charte_.numero} : enregistrée.")
        return redirect(charte_)
    return render(
        request, "ethique/formulaire.html", _contexte_formulaire(charte_, form, "Titre, préambule et valeurs")
    )


def _contexte_formulaire(charte_, form, titre, article=None):
    return {"charte": charte_, "form": form, "titre": titre, "article": article}


def article_ajouter(request, numero):
    exiger_direction(request)
    charte_ = brouillon_ou_404(numero)
    form = ArticleForm(request.POST or None, charte=charte_)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            article = form.save()
        messages.success(request, f"{article} : ajouté.")
        return redirect(article)
    return render(
        request, "ethique/formulaire.html", _contexte_formulaire(charte_, form, "Ajouter un article")
    )


def article_modifier(request, numero, pk):
    exiger_direction(request)
    charte_ = brouillon_ou_404(numero)
    article = get_object_or_404(Article, pk=pk, charte=charte_)
    form = ArticleForm(request.POST or None, instance=article, charte=charte_)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            article = form.save()
        messages.success(request, f"{article} : enregistré.")
        return redirect(article)
    return render(
        request,
        "ethique/formulaire.html",
        _contexte_formulaire(charte_, form, f"Modifier l'article {article.numero}", article),
    )


@require_POST
def article_supprimer(request, numero, pk):
    exiger_direction(request)
    charte_ = brouillon_ou_404(numero)
    article = get_object_or_404(Article, pk=pk, charte=charte_)
    article.delete()
    messages.success(request, f"{article} : supprimé.")
    return redirect(charte_)


def version_adopter(request, numero):
    exiger_direction(request)
    charte_ = brouillon_ou_404(numero)
    form = AdoptionForm(request.POST or None, charte=charte_)
    if request.method == "POST" and form.is_valid():
        charte_.adopter(form.cleaned_data["instance"])
        messages.success(
            request,
            f"Version {charte_.numero} adoptée le {date_longue(charte_.adoptee_le)} : elle est en vigueur, "
            "et chaque membre de l'équipe qui a un compte est invité par le rappel quotidien à en prendre "
            "connaissance.",
        )
        return redirect("ethique:charte")
    return render(
        request,
        "ethique/version_adopter.html",
        {
            "charte": charte_,
            "form": form,
            "nb_articles": charte_.articles.count(),
            "en_vigueur": Charte.objects.en_vigueur(),
        },
    )


def equipe(request):
    """Who read the version in force and who attended a session, antenne by antenne (Direction)."""
    exiger_direction(request, "Seules la direction et l'administration voient le détail par personne.")
    jour = timezone.localdate()
    charte_ = Charte.objects.en_vigueur(jour)
    antennes = list(Antenne.objects.only("pk", "nom", "est_siege"))
    filtre_antenne = request.GET.get("antenne", "")
    a_relancer = request.GET.get("a_relancer") == "1"

    membres = membres_presents(jour).select_related("antenne", "utilisateur")
    if filtre_antenne == "aucune":
        membres = membres.filter(antenne__isnull=True)
    elif filtre_antenne.isdigit():
        membres = membres.filter(antenne_id=int(filtre_antenne))
    if charte_ and a_relancer:
        membres = membres.exclude(prises_de_connaissance_charte__charte=charte_)
    sessions = Q(sensibilisations_suivies__date__lte=jour)
    membres = membres.annotate(
        derniere_session=Max("sensibilisations_suivies__date", filter=sessions),
        sessions_12_mois=Count(
            "sensibilisations_suivies",
            filter=sessions & Q(sensibilisations_suivies__date__gt=jour - ANNEE),
            distinct=True,
        ),
    ).order_by(F("antenne__nom").asc(nulls_last=True), "nom", "prenom")
    if charte_:
        membres = membres.prefetch_related(
            Prefetch(
                "prises_de_connaissance_charte",
                queryset=PriseDeConnaissance.objects.filter(charte=charte_).select_related("enregistree_par"),
                to_attr="prises_courantes",
            )
        )
    membres = list(membres)

    form = None
    if charte_:
        sans_prise = membres_presents(jour).exclude(prises_de_connaissance_charte__charte=charte_)
        form = PrisesDeConnaissanceForm(request.POST or None, charte=charte_, membres=sans_prise)
        if request.method == "POST" and form.is_valid():
            nombre = form.enregistrer(request.user)
            messages.success(
                request,
                f"{nombre} prise{'s' if nombre > 1 else ''} de connaissance "
                f"enregistrée{'s' if nombre > 1 else ''} au {date_longue(form.cleaned_data['date'])}.",
            )
            return redirect(request.get_full_path())
    elif request.method == "POST":
        messages.error(request, "Aucune version de la charte n'est en vigueur : rien à enregistrer.")
        return redirect("ethique:equipe")

    groupes = {}
    for membre in membres:
        membre.prise = membre.prises_courantes[0] if charte_ and membre.prises_courantes else None
        groupes.setdefault(membre.antenne, []).append(membre)
    coches = set(request.POST.getlist("membres")) if request.method == "POST" else set()
    return render(
        request,
        "ethique/equipe.html",
        {
            "charte": charte_,
            "groupes": [
                {
                    "antenne": antenne,
                    "membres": liste,
                    "nb_connaissance": sum(1 for m in liste if m.prise),
                    "nb_sensibilises": sum(1 for m in liste if m.sessions_12_mois),
                }
                for antenne, liste in groupes.items()
            ],
            "nb_membres": len(membres),
            "antennes": antennes,
            "filtre_antenne": filtre_antenne,
            "a_relancer": a_relancer,
            "form": form,
            "coches": coches,
            "aujourdhui": jour,
        },
    )


def engagements(request):
    """Young people's commitments to the charter, counted per antenne and month (no names)."""
    jour = timezone.localdate()
    charte_ = Charte.objects.en_vigueur(jour)
    form = None
    if charte_ is not None and peut_commenter(request.user):
        form = EngagementsJeunesForm(request.POST or None, charte=charte_, initial=_antenne_de(request.user))
    if request.method == "POST":
        if not peut_commenter(request.user):
            raise PermissionDenied("Le conseil d'administration consulte ces chiffres ; l'équipe les saisit.")
        if charte_ is None:
            messages.error(request, "Aucune version de la charte n'est en vigueur : rien à enregistrer.")
            return redirect("ethique:engagements")
        if form.is_valid():
            ligne, avant = form.enregistrer(request.user)
            mois = mois_court(ligne.mois)
            if avant is None:
                messages.success(
                    request, f"{ligne.antenne}, {mois} : {ligne.nombre} engagement(s) enregistré(s)."
                )
            else:
                messages.success(request, f"{ligne.antenne}, {mois} : {avant} remplacé par {ligne.nombre}.")
            return redirect("ethique:engagements")
    lignes = []
    mois_recents = []
    if charte_ is not None:
        debut = (jour - ANNEE).replace(day=1)
        par_antenne = {
            ligne["antenne_id"]: ligne
            for ligne in EngagementsJeunes.objects.filter(charte=charte_)
            .values("antenne_id")
            .annotate(
                total=Coalesce(Sum("nombre"), 0),
                douze_mois=Coalesce(Sum("nombre", filter=Q(mois__gte=debut)), 0),
                dernier_mois=Max("mois"),
            )
            .order_by()
        }
        for antenne in Antenne.objects.only("pk", "nom", "est_siege"):
            ligne = par_antenne.get(antenne.pk, {})
            lignes.append(
                {
                    "antenne": antenne,
                    "total": ligne.get("total", 0),
                    "douze_mois": ligne.get("douze_mois", 0),
                    "dernier_mois": ligne.get("dernier_mois"),
                }
            )
        mois_recents = list(
            EngagementsJeunes.objects.filter(charte=charte_)
            .select_related("antenne")
            .order_by("-mois", "antenne__nom")[:24]
        )
    return render(
        request,
        "ethique/engagements.html",
        {
            "charte": charte_,
            "lignes": lignes,
            "total": sum(ligne["total"] for ligne in lignes),
            "douze_mois": sum(ligne["douze_mois"] for ligne in lignes),
            "recents": mois_recents,
            "form": form,
        },
    )


def _antenne_de(user):
    membre = membre_de(user)
    return {"antenne": membre.antenne_id} if membre and membre.antenne_id else {}


# Awareness sessions ------------------------------------------------------------------------------


def sensibilisation(request):
    jour = timezone.localdate()
    filtre = SensibilisationFilter(request.GET, queryset=Sensibilisation.objects.pour_liste())
    table = SensibilisationTable(filtre.qs)
    table.caption = "Ateliers et formations : cliquez sur un en-tête de colonne pour trier"
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    bilan = bilan_par_antenne(None, jour)
    partenaires_touches = Sensibilisation.objects.des_douze_mois(jour).aggregate(
        n=Count("partenaires", distinct=True)
    )["n"]
    nb_partenaires = Partenaire.objects.count()
    criteres = {k: v for k, v in request.GET.items() if k not in {"sort", "page"} and v}
    return render(
        request,
        "ethique/sensibilisation.html",
        {
            "filtre": filtre,
            "table": table,
            "filtre_actif": bool(criteres),
            "bilan": bilan,
            "total": bilan.total,
            "partenaires_touches": partenaires_touches,
            "nb_partenaires": nb_partenaires,
            "part_partenaires": part(partenaires_touches, nb_partenaires),
            "a_venir": list(
                Sensibilisation.objects.a_venir(jour).select_related("antenne").order_by("date")[:5]
            ),
            "peut_modifier": est_direction(request.user),
        },
    )


def session_detail(request, pk):
    session = get_object_or_404(Sensibilisation.objects.select_related("antenne"), pk=pk)
    voit_les_noms = est_direction(request.user)
    participants = list(
        session.participants.select_related("antenne").order_by(
            F("antenne__nom").asc(nulls_last=True), "nom", "prenom"
        )
    )
    par_antenne = {}
    for membre in participants:
        par_antenne.setdefault(
            membre.antenne.nom if membre.antenne else "Sans antenne de rattachement", []
        ).append(membre)
    return render(
        request,
        "ethique/session_detail.html",
        {
            "session": session,
            "valeurs": list(session.valeurs.order_by("ordre")),
            "nb_participants": len(participants),
            "par_antenne": par_antenne,
            "partenaires": list(session.partenaires.order_by("nom")),
            "voit_les_noms": voit_les_noms,
            "peut_modifier": est_direction(request.user),
        },
    )


def session_creer(request):
    return _session_formulaire(request, None)


def session_modifier(request, pk):
    return _session_formulaire(request, pk)


def _session_formulaire(request, pk):
    exiger_direction(request, "Seules la direction et l'administration programment les sessions.")
    session = get_object_or_404(Sensibilisation, pk=pk) if pk else None
    form = SensibilisationForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if session is None:
                form.instance.cree_par = request.user
            session = form.save()
        messages.success(request, f"{session} : enregistrée.")
        return redirect(session)
    return render(request, "ethique/session_form.html", {"form": form, "session": session})


# Values --------------------------------------------------------------------------------------------


def _compte(modele, champ_valeur="valeur", **filtres):
    """A correlated count per value, so that the list page stays one query for all its counts."""
    return Coalesce(
        Subquery(
            modele.objects.filter(**{champ_valeur: OuterRef("pk")}, **filtres)
            .order_by()
            .values(champ_valeur)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def valeurs(request):
    en_vigueur = (
        Charte.objects.adoptees()
        .filter(adoptee_le__lte=timezone.localdate())
        .order_by("-adoptee_le", "-numero")
    )
    liste = (
        Valeur.objects.order_by("ordre")
        .prefetch_related(Prefetch("pratiques", queryset=Pratique.objects.order_by("ordre")))
        .annotate(
            nb_articles=_compte(
                Article.valeurs.through, article__charte_id=Subquery(en_vigueur.values("pk")[:1])
            ),
            nb_procedures=_compte(Procedure.valeurs.through),
            nb_fiches=_compte(ValeurFiche),
            nb_sessions=_compte(Sensibilisation.valeurs.through),
        )
    )
    return render(
        request,
        "ethique/valeur_list.html",
        {"valeurs": liste, "presentation": PresentationValeurs.objects.first()},
    )


def valeur_detail(request, ordre, form=None):
    valeur = get_object_or_404(Valeur, ordre=ordre)
    jour = timezone.localdate()
    charte_ = Charte.objects.en_vigueur(jour)
    articles = list(
        Article.objects.filter(valeurs=valeur)
        .filter(
            Q(charte=charte_) | Q(charte__statut=Charte.Statut.BROUILLON)
            if charte_
            else Q(charte__statut=Charte.Statut.BROUILLON)
        )
        .select_related("charte")
        .order_by("charte__numero", "numero")
    )
    sessions = Sensibilisation.objects.filter(valeurs=valeur)
    voisines = list(Valeur.objects.order_by("ordre").values_list("ordre", "nom"))
    rang = next(i for i, (cle, _) in enumerate(voisines) if cle == valeur.ordre)
    peut_modifier = est_direction(request.user)
    if peut_modifier and form is None:
        form = ValeurFicheForm(valeur=valeur)
    return render(
        request,
        "ethique/valeur_detail.html",
        {
            "valeur": valeur,
            "pratiques": list(valeur.pratiques.order_by("ordre")),
            "charte": charte_,
            "articles_en_vigueur": [a for a in articles if charte_ and a.charte_id == charte_.pk],
            "articles_brouillon": [a for a in articles if a.charte.est_brouillon],
            "procedures": list(Procedure.objects.filter(valeurs=valeur).order_by("titre")),
            "liens": list(
                ValeurFiche.objects.filter(valeur=valeur)
                .select_related("fiche__axe")
                .order_by("fiche__axe__numero", "fiche__numero")
            ),
            "sessions": list(sessions.select_related("antenne").order_by("-date")[:NB_SESSIONS_PAR_VALEUR]),
            "nb_sessions": sessions.count(),
            "precedente": voisines[rang - 1] if rang > 0 else None,
            "suivante": voisines[rang + 1] if rang + 1 < len(voisines) else None,
            "peut_modifier": peut_modifier,
            "form": form,
        },
    )


@require_POST
def valeur_fiche_relier(request, ordre):
    exiger_direction(request, "Seules la direction et l'administration rattachent les fiches aux valeurs.")
    valeur = get_object_or_404(Valeur, ordre=ordre)
    form = ValeurFicheForm(request.POST, valeur=valeur)
    if not form.is_valid():
        return valeur_detail(request, ordre, form=form)
    form.instance.cree_par = request.user
    lien = form.save()
    messages.success(request, f"Fiche {lien.fiche.code} rattachée à la valeur « {valeur} ».")
    return redirect("valeurs:detail", ordre=valeur.ordre)


@require_POST
def valeur_fiche_delier(request, ordre, lien):
    exiger_direction(request, "Seules la direction et l'administration rattachent les fiches aux valeurs.")
    lien_ = get_object_or_404(
        ValeurFiche.objects.select_related("fiche"),
        pk=lien,
        valeur__ordre=ordre,
        origine=ValeurFiche.Origine.EQUIPE,
    )
    lien_.delete()
    messages.success(request, f"Fiche {lien_.fiche.code} détachée de la valeur.")
    return redirect("valeurs:detail", ordre=ordre)


# The association -----------------------------------------------------------------------------------


def association(request):
    organisation = Organisation.objects.first()
    if organisation is None:
        raise Http404(
            "Les données de l'association ne sont pas chargées : lancez « manage.py charger_plan »."
        )
    annee = timezone.localdate().year
    return render(
        request,
        "ethique/association.html",
        {
            "organisation": organisation,
            "siege": Antenne.objects.filter(est_siege=True).select_related("commune").first(),
            "calendrier": calendrier_statutaire(annee),
            "instances": list(Instance.objects.filter(date__year=annee).order_by("date")),
            "fiches_axe_4": list(
                FicheAction.objects.filter(axe__plan__est_en_vigueur=True, axe__numero=4).order_by("numero")
            ),
        },
    )
