"""A plan followed week after week for years, built fast (bulk inserts) for the query-count and
performance tests. Every journal entry is consistent: snapshots grow, changes say before → after,
and each fiche ends on its last snapshot, as the suivi services would leave it."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from plan.models import Enjeu, Etape, FicheAction, Meteo
from suivi.models import Changement, EntreeJournal, Indicateur, Mesure
from tests.factories import AxeFactory, EnjeuFactory, FicheActionFactory, PlanFactory, UserFactory

METEOS = [Meteo.SOLEIL, Meteo.NUAGE, Meteo.ORAGE]


def moment(jour, heure=10):
    return timezone.make_aware(datetime.combine(jour, time(heure)))


def plan_suivi(nb_fiches=11, annees=5, fin=None, fiches_par_axe=3):
    """A plan of `nb_fiches` fiches with weekly journal entries over `annees` years until `fin`."""
    fin = fin or timezone.localdate()
    debut = fin - timedelta(weeks=52 * annees)
    plan = PlanFactory(annee_debut=debut.year, annee_fin=fin.year + 3, titre="Plan suivi de test")
    enjeux = list(Enjeu.objects.all()) or [EnjeuFactory(ordre=k) for k in range(1, 7)]
    auteurs = UserFactory.create_batch(4)
    nb_axes = max(1, (nb_fiches + fiches_par_axe - 1) // fiches_par_axe)
    axes = [AxeFactory(plan=plan, numero=n + 1) for n in range(nb_axes)]
    fiches = []
    for rang in range(nb_fiches):
        fiche = FicheActionFactory(
            axe=axes[rang % nb_axes],
            numero=rang // nb_axes + 1,
            pilote=auteurs[rang % 4],
            date_debut=debut,
            date_echeance=fin + timedelta(days=30 * (rang % 12) - 90),
            meteo=Meteo.SOLEIL,
            decision_attendue="Valider le budget de l'action." if rang % 5 == 0 else "",
        )
        fiche.enjeux.set([enjeux[rang % len(enjeux)], enjeux[(rang + 2) % len(enjeux)]])
        fiches.append(fiche)
    etapes = Etape.objects.bulk_create(
        Etape(
            fiche=f,
            ordre=k,
            cle=f"etape-{k}",
            texte=f"Étape {k} de la fiche {f.code}",
            statut=Etape.Statut.EN_COURS,
            avancement=10,
            date_echeance=fin + timedelta(days=20 * k - 60),
        )
        for f in fiches
        for k in range(1, 6)
    )

    semaines = 52 * annees
    entrees, changements_par_entree = [], []
    for rang, fiche in enumerate(fiches):
        etapes_fiche = [e for e in etapes if e.fiche_id == fiche.pk]
        meteo = Meteo.SOLEIL
        for semaine in range(semaines):
            jour = debut + timedelta(weeks=semaine, days=rang % 5)
            avant = Decimal(min(95, semaine * 95 // semaines))
            apres = Decimal(min(95, (semaine + 1) * 95 // semaines))
            changements = [
                Changement(
                    champ=Changement.Champ.AVANCEMENT,
                    avant=f"{avant} %",
                    apres=f"{apres} %",
                    avant_brut=str(int(avant)),
                    apres_brut=str(int(apres)),
                )
            ]
            if semaine % 13 == 7:
                nouvelle = METEOS[(semaine // 13 + rang) % 3]
                changements.append(
                    Changement(
                        champ=Changement.Champ.METEO,
                        avant=Meteo(meteo).label,
                        apres=Meteo(nouvelle).label,
                        avant_brut=meteo,
                        apres_brut=nouvelle,
                    )
                )
                meteo = nouvelle
            entrees.append(
                EntreeJournal(
                    fiche=fiche,
                    etape=etapes_fiche[semaine % 5] if semaine % 13 != 7 else None,
                    auteur=auteurs[semaine % 4],
                    cree_le=moment(jour),
                    type=EntreeJournal.Type.MODIFICATION,
                    commentaire=f"Point hebdomadaire n° {semaine + 1} sur la fiche {fiche.code}."
                    if semaine % 4 == 0
                    else "",
                    a_presenter_au_conseil=semaine % 26 == 3,
                    avancement_fiche=apres,
                    statut_fiche=FicheAction.Statut.EN_COURS,
                )
            )
            changements_par_entree.append(changements)
        fiche.avancement, fiche.statut, fiche.meteo = apres, FicheAction.Statut.EN_COURS, meteo
        fiche.derniere_revue = moment(jour)
        fiche.save(update_fields=["avancement", "statut", "meteo", "derniere_revue"])
    EntreeJournal.objects.bulk_create(entrees, batch_size=1000)
    for entree, changements in zip(entrees, changements_par_entree, strict=True):
        for changement in changements:
            changement.entree = entree
    Changement.objects.bulk_create((c for liste in changements_par_entree for c in liste), batch_size=1000)

    indicateurs = Indicateur.objects.bulk_create(
        Indicateur(
            fiche=f, libelle=f"Indicateur {k} de {f.code}", unite="jeunes", valeur_initiale=0, cible=120
        )
        for f in fiches
        for k in (1, 2)
    )
    mois = 12 * annees
    Mesure.objects.bulk_create(
        (
            Mesure(
                indicateur=i,
                date=_mois(debut, m),
                valeur=Decimal(2 * m),
                saisi_par=auteurs[0],
                saisi_le=moment(_mois(debut, m)),
            )
            for i in indicateurs
            for m in range(1, mois)
            if _mois(debut, m) <= fin
        ),
        batch_size=1000,
    )
    return plan, fiches


def _mois(debut, rang):
    annee, mois = divmod(debut.month - 1 + rang, 12)
    return date(debut.year + annee, mois + 1, 1)
