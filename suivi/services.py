"""The one write path of follow-up data: every change of a step, a fiche, an indicator or a measure,
from the application, a command or an import, goes through a function of this module. Each one
locks what it changes, checks that nobody changed it meanwhile (version or displayed value), saves,
and records the journal entry through `EntreeJournal.objects.consigner`, which rolls the fiche up
first, all in one transaction: nothing is half-saved, nothing changes without its entry.

The back-office shows follow-up fields read-only, with a link to the page that edits them here.
Each function takes the person acting (`auteur`, None for a command); views check rights before.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from comptes.models import nom_de
from mission_locale.formats import date_longue, nombre, pourcent
from plan.models import Etape, FicheAction, Meteo

from .models import Changement, EntreeJournal, Indicateur, Mesure, maintenant
from .validators import nom_affiche

Origine = EntreeJournal.Origine


class ConflitDeModification(Exception):
    """Someone else saved the same thing since the form was displayed; nothing was saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _changement(champ, avant_brut, apres_brut, avant, apres):
    return Changement(
        champ=champ,
        avant=str(avant)[:200],
        apres=str(apres)[:200],
        avant_brut=str(avant_brut)[:100],
        apres_brut=str(apres_brut)[:100],
    )


def _changement_utilisateur(champ, avant, apres):
    return _changement(
        champ, avant.pk if avant else "", apres.pk if apres else "", nom_de(avant), nom_de(apres)
    )


def _consigner(fiche, auteur, type, changements=(), *, piece_jointe=None, **champs):
    """The journal entry, with the evidence file's original name kept apart from its random one."""
    if piece_jointe:
        champs |= {"piece_jointe": piece_jointe, "nom_piece_jointe": nom_affiche(piece_jointe)}
    return EntreeJournal.objects.consigner(
        fiche, auteur=auteur, type=type, changements=list(changements), **champs
    )


def _enregistrer_sans_doublon(objet, message):
    """Save `objet`; a duplicate created by a simultaneous sending of the same form (the checks
    before saving passed for both) becomes the French message of the form, not a server error."""
    try:
        with transaction.atomic():
            objet.save()
    except IntegrityError as doublon:
        raise ValidationError(message) from doublon


def _marquer_revue(fiche):
    # A plain update: a review is follow-up, not a change worth a historical record of the fiche.
    fiche.derniere_revue = maintenant()
    FicheAction.objects.filter(pk=fiche.pk).update(derniere_revue=fiche.derniere_revue)


def _message_conflit_etape(etape, version_vue):
    """Who changed what on the step since `version_vue`, from the journal entries of those saves."""
    entrees = list(
        EntreeJournal.objects.filter(etape=etape, version_etape__gt=version_vue)
        .select_related("auteur")
        .prefetch_related("changements")
        .order_by("-version_etape")
    )
    fin = "Vos modifications n'ont pas été enregistrées : vérifiez les nouvelles valeurs puis recommencez."
    if not entrees:
        return (
            "Cette étape a été modifiée entre-temps : elle est maintenant "
            f"« {etape.get_statut_display()} » à {pourcent(etape.avancement)}. {fin}"
        )
    details = " ; ".join(
        f"{c.get_champ_display().lower()} : {c.avant or '—'} → {c.apres or '—'}"
        for entree in reversed(entrees)
        for c in entree.changements.all()
    )
    auteurs = list(dict.fromkeys(e.nom_auteur for e in reversed(entrees)))
    verbe = "a" if len(auteurs) == 1 else "ont"
    return (
        f"{' et '.join(auteurs)} {verbe} modifié cette étape, en dernier le "
        f"{date_longue(entrees[0].cree_le)}, "
        f"pendant que vous la consultiez ({details or 'commentaire seulement'}). {fin}"
    )


def _changements_etape(avant, courante):
    """The Changement rows from `avant` (statut, avancement, responsable as a user, date_echeance,
    poids) to the step `courante`, in the order the journal shows them."""
    changements = []
    if courante.statut != avant["statut"]:
        changements.append(
            _changement(
                Changement.Champ.STATUT,
                avant["statut"],
                courante.statut,
                Etape.Statut(avant["statut"]).label,
                courante.get_statut_display(),
            )
        )
    if courante.avancement != avant["avancement"]:
        changements.append(
            _changement(
                Changement.Champ.AVANCEMENT,
                avant["avancement"],
                courante.avancement,
                pourcent(avant["avancement"]),
                pourcent(courante.avancement),
            )
        )
    if courante.responsable != avant["responsable"]:
        changements.append(
            _changement_utilisateur(Changement.Champ.RESPONSABLE, avant["responsable"], courante.responsable)
        )
    if courante.date_echeance != avant["date_echeance"]:
        changements.append(
            _changement(
                Changement.Champ.DATE_ECHEANCE,
                avant["date_echeance"].isoformat() if avant["date_echeance"] else "",
                courante.date_echeance.isoformat() if courante.date_echeance else "",
                date_longue(avant["date_echeance"]),
                date_longue(courante.date_echeance),
            )
        )
    if courante.poids != avant["poids"]:
        changements.append(
            _changement(
                Changement.Champ.POIDS, avant["poids"], courante.poids, avant["poids"], courante.poids
            )
        )
    return changements


CHAMPS_ETAPE = ("statut", "avancement", "responsable", "date_echeance", "poids")


def mettre_a_jour_etape(
    etape,
    auteur,
    *,
    version,
    valeurs,
    commentaire="",
    piece_jointe=None,
    lien="",
    a_presenter_au_conseil=False,
    origine=Origine.APPLICATION,
):
    """Save a step's new statut/avancement (and responsable, échéance, poids) if nobody else did
    meanwhile.

    `version` is the step's version when the form was displayed; `valeurs` holds the fields to set
    (among CHAMPS_ETAPE). A step with sub-steps only moves with them. Returns the journal entry, or
    raises ConflitDeModification with a French message naming who changed what.
    """
    with transaction.atomic():
        courante = (
            Etape.objects.select_for_update(of=("self",)).select_related("responsable").get(pk=etape.pk)
        )
        if courante.version != version:
            raise ConflitDeModification(_message_conflit_etape(courante, version))
        # The conditional update is what guards SQLite, where SELECT ... FOR UPDATE is a no-op.
        if not Etape.objects.filter(pk=courante.pk, version=version).update(version=F("version") + 1):
            courante.refresh_from_db()
            raise ConflitDeModification(_message_conflit_etape(courante, version))
        courante.version = version + 1
        if {"statut", "avancement"} & valeurs.keys() and courante.sous_etapes.exists():
            raise ValidationError("Une étape qui a des sous-étapes avance avec elles.")

        avant = {champ: getattr(courante, champ) for champ in CHAMPS_ETAPE}
        for champ, valeur in valeurs.items():
            if champ not in CHAMPS_ETAPE:
                raise ValueError(f"{champ} n'est pas un champ de suivi d'une étape.")
            setattr(courante, champ, valeur)
        courante.avancement = Etape.avancement_selon_statut(courante.statut, courante.avancement)
        changements = _changements_etape(avant, courante)
        if not changements and not (commentaire or piece_jointe or lien):
            raise ValidationError("Aucune modification à enregistrer.")
        courante.save(update_fields=[*CHAMPS_ETAPE, "version"])

        fiche = FicheAction.objects.select_for_update().get(pk=courante.fiche_id)
        _marquer_revue(fiche)
        return _consigner(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION if changements else EntreeJournal.Type.COMMENTAIRE,
            changements,
            etape=courante,
            commentaire=commentaire,
            piece_jointe=piece_jointe,
            lien=lien,
            a_presenter_au_conseil=a_presenter_au_conseil,
            version_etape=courante.version,
            origine=origine,
        )


# The fiche's follow-up fields, as the forms name them.
CHAMPS_FICHE = (
    "pilote",
    "co_pilotes",
    "date_debut",
    "date_echeance",
    "meteo",
    "frequence_revue_jours",
    "decision_attendue",
)


# Journal names of the fiche fields whose name is too long for Changement.champ.
CHAMP_DU_JOURNAL = {"frequence_revue_jours": "frequence", "decision_attendue": "decision"}


def _valeur_brute(fiche, champ):
    if champ == "pilote":
        return fiche.pilote_id
    if champ == "co_pilotes":
        return frozenset(u.pk for u in fiche.co_pilotes.all())
    return getattr(fiche, champ)


def _brut_de(champ, valeur):
    """The raw form of a value coming from the form, comparable with _valeur_brute."""
    if champ == "pilote":
        return valeur.pk if valeur else None
    if champ == "co_pilotes":
        return frozenset(u.pk for u in valeur)
    return valeur


def _libelle(champ, valeur, personnes):
    if champ == "meteo":
        return Meteo(valeur).label if valeur else "Non renseignée"
    if champ in ("date_debut", "date_echeance"):
        return date_longue(valeur)
    if champ == "pilote":
        return nom_de(personnes.get(valeur))
    if champ == "co_pilotes":
        return ", ".join(sorted(nom_de(personnes[pk]) for pk in valeur if pk in personnes))
    if champ == "frequence_revue_jours":
        return f"{valeur} jours"
    return Truncator(str(valeur or "")).chars(190)


def _brut_texte(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, frozenset):
        return ",".join(str(pk) for pk in sorted(valeur))
    return valeur.isoformat() if hasattr(valeur, "isoformat") else Truncator(str(valeur)).chars(95)


def _message_conflit_fiche(fiche, champs):
    derniers = {}
    entrees = (
        EntreeJournal.objects.filter(fiche=fiche, changements__champ__in=champs)
        .select_related("auteur")
        .prefetch_related("changements")
        .distinct()[:20]
    )
    for entree in entrees:
        for c in entree.changements.all():
            if c.champ in champs and c.champ not in derniers:
                derniers[c.champ] = (entree, c)
    details = " ; ".join(
        f"{c.get_champ_display().lower()} : {c.avant or '—'} → {c.apres or '—'} "
        f"(par {e.nom_auteur} le {date_longue(e.cree_le)})"
        for e, c in derniers.values()
    )
    return (
        "Cette fiche a été modifiée par quelqu'un d'autre pendant que vous remplissiez le formulaire"
        + (f" : {details}" if details else "")
        + ". Vos modifications n'ont pas été enregistrées : vérifiez les nouvelles valeurs puis recommencez."
    )


def _changements_fiche(anciennes, nouvelles):
    """The Changement rows of the fiche fields in `nouvelles`, both maps holding raw values
    (as _valeur_brute gives them); one query for the names of the pilotes."""
    ids = set()
    for champ in ("pilote", "co_pilotes"):
        for valeur in (anciennes.get(champ), nouvelles.get(champ)):
            ids |= set(valeur) if isinstance(valeur, frozenset) else {valeur}
    ids -= {None}
    personnes = get_user_model().objects.in_bulk(ids) if ids else {}
    return [
        _changement(
            Changement.Champ(CHAMP_DU_JOURNAL.get(champ, champ)),
            _brut_texte(anciennes[champ]),
            _brut_texte(valeur),
            _libelle(champ, anciennes[champ], personnes),
            _libelle(champ, valeur, personnes),
        )
        for champ, valeur in nouvelles.items()
    ]


def mettre_a_jour_fiche(
    fiche, auteur, *, valeurs, vues, commentaire="", piece_jointe=None, lien="", origine=Origine.APPLICATION
):
    """Change the fiche's follow-up fields (CHAMPS_FICHE), refusing if one of them moved meanwhile.

    `valeurs` maps each changed field to its new value, `vues` to the value the person saw when the
    form was displayed (model instances for pilote and co-pilotes). A worse météo needs a comment.
    """
    with transaction.atomic():
        courante = (
            FicheAction.objects.select_for_update(of=("self",))
            .select_related("axe__plan", "pilote")
            .get(pk=fiche.pk)
        )
        conflits = [
            champ
            for champ in valeurs
            if champ in vues and _valeur_brute(courante, champ) != _brut_de(champ, vues[champ])
        ]
        if conflits:
            raise ConflitDeModification(_message_conflit_fiche(courante, conflits))
        nouvelles = {champ: _brut_de(champ, valeur) for champ, valeur in valeurs.items()}
        anciennes = {champ: _valeur_brute(courante, champ) for champ in valeurs}
        nouvelles = {c: v for c, v in nouvelles.items() if v != anciennes[c]}

        erreurs = {}
        if "meteo" in nouvelles and courante.meteo_se_degrade(nouvelles["meteo"]) and not commentaire.strip():
            erreurs["commentaire"] = "La météo se dégrade : expliquez pourquoi en quelques mots."
        if {"date_debut", "date_echeance"} & nouvelles.keys():
            erreurs |= courante.erreurs_dates(
                nouvelles.get("date_debut", courante.date_debut),
                nouvelles.get("date_echeance", courante.date_echeance),
            )
        if erreurs:
            raise ValidationError(erreurs)
        if not nouvelles and not (commentaire or piece_jointe or lien):
            raise ValidationError("Aucune modification à enregistrer.")

        changements = _changements_fiche(anciennes, nouvelles)
        simples = [c for c in nouvelles if c != "co_pilotes"]
        for champ in simples:
            setattr(courante, "pilote_id" if champ == "pilote" else champ, nouvelles[champ])
        if simples:
            courante.save(update_fields=simples)
        if "co_pilotes" in nouvelles:
            courante.co_pilotes.set(nouvelles["co_pilotes"])
        _marquer_revue(courante)
        return _consigner(
            courante,
            auteur,
            EntreeJournal.Type.MODIFICATION if changements else EntreeJournal.Type.COMMENTAIRE,
            changements,
            commentaire=commentaire,
            piece_jointe=piece_jointe,
            lien=lien,
            origine=origine,
        )


def commenter(
    fiche,
    auteur,
    *,
    commentaire,
    etape=None,
    piece_jointe=None,
    lien="",
    a_presenter_au_conseil=False,
    compte_comme_revue=False,
):
    """A plain comment; from someone who pilots the fiche it also counts as a review.

    The same comment sent twice within a minute (a double click, a resent form) is written once.
    """
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        if not piece_jointe:
            doublon = EntreeJournal.objects.filter(
                fiche=fiche,
                auteur=auteur,
                type=EntreeJournal.Type.COMMENTAIRE,
                commentaire=commentaire,
                etape=etape,
                cree_le__gte=maintenant() - timedelta(minutes=1),
            ).first()
            if doublon is not None:
                return doublon
        if compte_comme_revue:
            _marquer_revue(fiche)
        return _consigner(
            fiche,
            auteur,
            EntreeJournal.Type.COMMENTAIRE,
            etape=etape,
            commentaire=commentaire,
            piece_jointe=piece_jointe,
            lien=lien,
            a_presenter_au_conseil=a_presenter_au_conseil,
        )


def marquer_rien_de_nouveau(fiche, auteur):
    """ "Rien de nouveau ce mois-ci": the fiche was looked at and is still accurate.

    Once a day per person and fiche: a second click (or a resubmitted form) returns the entry of
    the first one instead of writing another.
    """
    with transaction.atomic():
        fiche_verrouillee = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        debut_du_jour = timezone.localtime(maintenant()).replace(hour=0, minute=0, second=0, microsecond=0)
        deja = (
            EntreeJournal.objects.filter(
                fiche=fiche_verrouillee,
                auteur=auteur,
                type=EntreeJournal.Type.REVUE,
                cree_le__gte=debut_du_jour,
            )
            .order_by("-cree_le")
            .first()
        )
        if deja is not None:
            entree = deja
        else:
            _marquer_revue(fiche_verrouillee)
            entree = _consigner(fiche_verrouillee, auteur, EntreeJournal.Type.REVUE)
    fiche.derniere_revue = FicheAction.objects.values_list("derniere_revue", flat=True).get(pk=fiche.pk)
    return entree


def _nombre(valeur, unite=""):
    return f"{nombre(valeur)} {unite}".strip()


def ajouter_indicateur(fiche, auteur, indicateur, commentaire="", origine=Origine.APPLICATION):
    """Save a new indicator (an unsaved Indicateur from the form); returns the journal entry."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        indicateur.fiche = fiche
        indicateur.full_clean(exclude=["fiche"])
        _enregistrer_sans_doublon(indicateur, {"libelle": "Cette fiche a déjà un indicateur de ce nom."})
        if auteur is not None:
            _marquer_revue(fiche)
        return _consigner(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION,
            commentaire="\n".join(t for t in (commentaire, _texte_nouvel_indicateur(indicateur)) if t),
            origine=origine,
        )


def ajouter_indicateurs_calcules(nouveaux):
    """Save the indicators that the apps declare (suivi.indicateurs), `nouveaux` being
    [(fiche, unsaved Indicateur)]: one journal entry per fiche lists those it gains. Returns the
    entries. All at once, in a few queries: the first meeting held creates every one of them."""
    if not nouveaux:
        return []
    with transaction.atomic():
        fiches = {
            fiche.pk: fiche
            for fiche in FicheAction.objects.select_for_update()
            .filter(pk__in={fiche.pk for fiche, _ in nouveaux})
            .order_by("pk")
        }
        for fiche, indicateur in nouveaux:
            indicateur.fiche = fiches[fiche.pk]
            indicateur.full_clean(exclude=["fiche"], validate_constraints=False)
        # The one constraint a person can break, by typing an indicator of the same name.
        existants = set(
            Indicateur.objects.filter(
                fiche__in=fiches, libelle__in=[indicateur.libelle for _, indicateur in nouveaux]
            ).values_list("fiche", "libelle")
        )
        if any((indicateur.fiche_id, indicateur.libelle) in existants for _, indicateur in nouveaux):
            raise ValidationError({"libelle": "Cette fiche a déjà un indicateur de ce nom."})
        Indicateur.objects.bulk_create([indicateur for _, indicateur in nouveaux])
        textes = {}
        for _, indicateur in nouveaux:
            textes.setdefault(indicateur.fiche_id, []).append(_texte_nouvel_indicateur(indicateur))
        return [
            _consigner(
                fiches[pk],
                None,
                EntreeJournal.Type.MODIFICATION,
                commentaire="\n".join(lignes),
                origine=Origine.COMMANDE,
            )
            for pk, lignes in textes.items()
        ]


def _texte_nouvel_indicateur(indicateur):
    cible = _nombre(indicateur.cible, indicateur.unite)
    echeance = f" au {date_longue(indicateur.date_cible)}" if indicateur.date_cible else ""
    calcul = " Calculé automatiquement à partir des données de l'application." if indicateur.code else ""
    return f"Nouvel indicateur « {indicateur.libelle} » : cible {cible}{echeance}.{calcul}"


def _texte_mesure(indicateur, mesure):
    part = indicateur.part_atteinte(mesure.valeur)
    return (
        f"Mesure de « {indicateur.libelle} » au {date_longue(mesure.date)} : "
        f"{_nombre(mesure.valeur, indicateur.unite)} ({pourcent(part)} de la cible)."
    )


def ajouter_mesure(indicateur, auteur, mesure, origine=Origine.APPLICATION):
    """Save a measure (an unsaved Mesure from the form); returns the fiche's journal entry."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=indicateur.fiche_id)
        mesure.indicateur = indicateur
        mesure.saisi_par = auteur
        mesure.saisi_le = maintenant()
        mesure.validate_constraints()
        _enregistrer_sans_doublon(
            mesure, {"date": "Une mesure est déjà saisie à cette date pour cet indicateur."}
        )
        if auteur is not None:
            _marquer_revue(fiche)
        return _consigner(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION,
            commentaire="\n".join(t for t in (mesure.commentaire, _texte_mesure(indicateur, mesure)) if t),
            origine=origine,
        )


def corriger_mesure(mesure, auteur, *, valeur, motif, origine=Origine.APPLICATION):
    """A wrong measure is never changed: a new one, same indicator and date, points to it and says
    why. Returns the journal entry. Refused if the measure was already corrected meanwhile."""
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez pourquoi la mesure est corrigée."})
    with transaction.atomic():
        indicateur = mesure.indicateur
        fiche = FicheAction.objects.select_for_update().get(pk=indicateur.fiche_id)
        if Mesure.objects.filter(corrige=mesure).exists():
            raise ConflitDeModification(
                "Cette mesure a déjà été corrigée entre-temps : rechargez la page pour voir la correction."
            )
        correction = Mesure(
            indicateur=indicateur,
            date=mesure.date,
            valeur=valeur,
            commentaire=motif,
            saisi_par=auteur,
            saisi_le=maintenant(),
            corrige=mesure,
        )
        correction.save()
        if auteur is not None:
            _marquer_revue(fiche)
        texte = (
            f"Correction de la mesure de « {indicateur.libelle} » au {date_longue(mesure.date)} : "
            f"{_nombre(mesure.valeur, indicateur.unite)} → {_nombre(valeur, indicateur.unite)}. "
            f"Motif : {motif}"
        )
        return _consigner(fiche, auteur, EntreeJournal.Type.MODIFICATION, commentaire=texte, origine=origine)


def enregistrer_mesures_calculees(jour, valeurs):
    """The day's values of computed indicators (see suivi.indicateurs), `valeurs` being
    [(indicateur, valeur)]: each recorded once a day, and corrected, never overwritten, when a later
    run the same day finds another value. Returns the new Mesures (none for a value already recorded).

    No journal entry: this is no one's change, and one entry a day per indicator would drown the
    journal; the measures themselves are append-only and dated (`saisi_le`), which replays read.

    All of them at once, in a few queries: freezing a meeting records every indicator of the plan.
    """
    if not valeurs:
        return []
    with transaction.atomic():
        # The locks a person's change of these fiches takes, in one order: two runs never deadlock.
        fiches = {indicateur.fiche_id for indicateur, _ in valeurs}
        list(FicheAction.objects.select_for_update().filter(pk__in=fiches).order_by("pk").values_list("pk"))
        actuelles = {
            mesure.indicateur_id: mesure
            for mesure in Mesure.objects.en_vigueur().filter(
                indicateur__in=[indicateur.pk for indicateur, _ in valeurs], date=jour
            )
        }
        instant = maintenant()
        nouvelles = []
        for indicateur, valeur in valeurs:
            actuelle = actuelles.get(indicateur.pk)
            # Same value, or a later computation of that day already recorded (a meeting frozen late).
            if actuelle is not None and (actuelle.valeur == valeur or actuelle.saisi_le > instant):
                continue
            # Read under the fiches' locks: only a measure of another day, or the correction of the
            # one in force, is written, which is what the uniqueness constraint asks.
            nouvelles.append(
                Mesure(
                    indicateur=indicateur,
                    date=jour,
                    valeur=valeur,
                    commentaire="Calcul automatique." if actuelle is None else "Nouveau calcul du jour.",
                    saisi_le=instant,
                    corrige=actuelle,
                )
            )
        return Mesure.objects.bulk_create(nouvelles)


def consigner_structure(fiche, commentaire, origine=Origine.COMMANDE, auteur=None):
    """Record a change of the fiche's structure (steps added, removed or reordered by a reload of
    the plan): the roll-up and its snapshot, with what changed in words."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        return _consigner(
            fiche, auteur, EntreeJournal.Type.MODIFICATION, commentaire=commentaire, origine=origine
        )


def archiver_fiche(fiche, auteur=None, motif="", origine=Origine.COMMANDE):
    """Take a fiche out of the plan without erasing anything: its journal, steps and indicators stay
    readable; it no longer counts in the axis and the plan."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        if fiche.archivee_le is not None:
            return None
        entree = _consigner(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION,
            commentaire=f"Fiche archivée : elle ne compte plus dans l'avancement du plan. {motif}".strip(),
            origine=origine,
        )
        FicheAction.objects.filter(pk=fiche.pk).update(archivee_le=maintenant())
        return entree
