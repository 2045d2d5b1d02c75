"""Follow-up workflows that write several models at once: the change, the cached progress of the
fiche and the journal entry are saved together or not at all.

Each function takes the person acting (`auteur`); the views check beforehand that they may act.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.text import Truncator

from plan.models import Etape, FicheAction, Meteo
from plan.templatetags.plan_extras import pourcent
from suivi.templatetags.suivi_extras import nombre

from .models import Changement, EntreeJournal
from .validators import nom_affiche


class ConflitDeModification(Exception):
    """Someone else saved the same thing since the form was displayed; nothing was saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def nom_de(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def date_longue(jour):
    return formats.date_format(jour, "j F Y") if jour else ""


def moment_lisible(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y à H:i")


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


def _ecrire_entree(fiche, auteur, type, changements=(), etape=None, **champs):
    """The journal entry with the fiche's state right after the change (the replay snapshot)."""
    piece_jointe = champs.pop("piece_jointe", None)
    entree = EntreeJournal(
        fiche=fiche,
        etape=etape,
        auteur=auteur,
        type=type,
        avancement_fiche=fiche.avancement,
        statut_fiche=fiche.statut,
        **champs,
    )
    if piece_jointe:
        entree.piece_jointe = piece_jointe
        entree.nom_piece_jointe = nom_affiche(piece_jointe)
    entree.save()
    for changement in changements:
        changement.entree = entree
    Changement.objects.bulk_create(changements)
    return entree


def _marquer_revue(fiche):
    # A plain update: a review is follow-up, not a change worth a historical record of the fiche.
    fiche.derniere_revue = timezone.now()
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
        # Changed without a journal entry, in the back-office for instance.
        return (
            "Cette étape a été modifiée entre-temps : elle est maintenant "
            f"« {etape.get_statut_display()} » à {pourcent(etape.avancement)}. {fin}"
        )
    details = " ; ".join(
        f"{c.get_champ_display().lower()} : {c.avant or '—'} → {c.apres or '—'}"
        for entree in reversed(entrees)
        for c in entree.changements.all()
    )
    auteurs = list(dict.fromkeys(nom_de(e.auteur) for e in reversed(entrees)))
    verbe = "a" if len(auteurs) == 1 else "ont"
    return (
        f"{' et '.join(auteurs)} {verbe} modifié cette étape, en dernier le "
        f"{moment_lisible(entrees[0].cree_le)}, "
        f"pendant que vous la consultiez ({details or 'commentaire seulement'}). {fin}"
    )


def _recalculer_parent(parent_id):
    parent = Etape.objects.select_for_update().get(pk=parent_id)
    avancement, statut = Etape.calculer_parent(parent.sous_etapes.all())
    avancement = parent.avancement if avancement is None else avancement
    if (avancement, statut) != (parent.avancement, parent.statut):
        parent.avancement, parent.statut = avancement, statut
        parent.save(update_fields=["avancement", "statut"])


def _changements_etape(avant, courante):
    """The Changement rows from `avant` (statut, avancement, responsable as a user, date_echeance)
    to the step `courante`, in the order the journal shows them."""
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
    return changements


def mettre_a_jour_etape(etape, auteur, *, version, valeurs, commentaire="", piece_jointe=None, lien=""):
    """Save a step's new statut/avancement (and responsable, échéance) if nobody else did meanwhile.

    `version` is the step's version when the form was displayed; `valeurs` holds the fields to set
    (statut, avancement, responsable, date_echeance). Returns the journal entry, or raises
    ConflitDeModification with a French message naming who changed what.
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

        avant = {
            "statut": courante.statut,
            "avancement": courante.avancement,
            "responsable": courante.responsable,
            "date_echeance": courante.date_echeance,
        }
        for champ, valeur in valeurs.items():
            setattr(courante, champ, valeur)
        if courante.statut in (Etape.Statut.A_VENIR, Etape.Statut.REALISE):
            courante.avancement = 0 if courante.statut == Etape.Statut.A_VENIR else 100
        changements = _changements_etape(avant, courante)
        if not changements and not (commentaire or piece_jointe or lien):
            raise ValidationError("Aucune modification à enregistrer.")
        courante.save(update_fields=["statut", "avancement", "responsable", "date_echeance", "version"])

        if courante.parent_id:
            _recalculer_parent(courante.parent_id)
        fiche = FicheAction.objects.select_for_update().get(pk=courante.fiche_id)
        fiche.recalculer()
        _marquer_revue(fiche)
        entree = _ecrire_entree(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION if changements else EntreeJournal.Type.COMMENTAIRE,
            changements,
            etape=courante,
            commentaire=commentaire,
            piece_jointe=piece_jointe,
            lien=lien,
            version_etape=courante.version,
        )
    return entree


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
    return str(valeur)


def _brut_texte(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, frozenset):
        return ",".join(str(pk) for pk in sorted(valeur))
    return valeur.isoformat() if hasattr(valeur, "isoformat") else str(valeur)


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
        f"(par {nom_de(e.auteur)} le {moment_lisible(e.cree_le)})"
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
    personnes = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids - {None})}
    return [
        _changement(
            Changement.Champ(champ),
            _brut_texte(anciennes[champ]),
            _brut_texte(valeur),
            _libelle(champ, anciennes[champ], personnes),
            _libelle(champ, valeur, personnes),
        )
        for champ, valeur in nouvelles.items()
    ]


def mettre_a_jour_fiche(fiche, auteur, *, valeurs, vues, commentaire="", piece_jointe=None, lien=""):
    """Change the fiche's météo, dates, pilote or co-pilotes, refusing if one of them moved meanwhile.

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
        entree = _ecrire_entree(
            courante,
            auteur,
            EntreeJournal.Type.MODIFICATION if changements else EntreeJournal.Type.COMMENTAIRE,
            changements,
            commentaire=commentaire,
            piece_jointe=piece_jointe,
            lien=lien,
        )
    return entree


# What the journal follows, as the back-office forms name the fields.
CHAMPS_SUIVI_FICHE = ("pilote", "co_pilotes", "date_debut", "date_echeance", "meteo")
CHAMPS_SUIVI_ETAPE = ("statut", "avancement", "responsable", "date_echeance")
COMMENTAIRE_BACK_OFFICE = "Modifié dans le back-office"


def _cle(valeur):
    return getattr(valeur, "pk", valeur)


def _liste_d_etapes(intitules):
    return ", ".join(f"« {Truncator(i).chars(80)} »" for i in intitules)


def journaliser_back_office(
    fiche, auteur, *, avant, fiche_avant=None, etapes_avant=None, ajoutees=(), retirees=()
):
    """Journal an admin's save of `fiche` in the back-office, once saved and recalculated.

    The back-office does not go through mettre_a_jour_*; this writes the same entries afterwards,
    in the admin's transaction, so that the journal stays complete and the replay exact:
    one entry per step whose statut, avancement, responsable or échéance changed, one for the
    fiche's pilote, co-pilotes, dates and météo, and one when new weights or steps added or removed
    moved the fiche's progress (no Changement row: they are not follow-up, but the snapshot is).

    - `avant`: the fiche's (avancement, statut) before the save;
    - `fiche_avant`: {champ: valeur} of the fiche's follow-up fields before the save, as a model
      form's initial data holds them (ids or users for the people);
    - `etapes_avant`: {etape_pk: {champ: valeur}} of the saved steps before the save, poids included;
    - `ajoutees`, `retirees`: the intitulés of the steps added to or removed from the fiche.

    Returns the entries written, none when only reference text changed.
    """
    fiche = FicheAction.objects.get(pk=fiche.pk)
    etapes_avant = etapes_avant or {}
    ids = {_cle(valeurs.get("responsable")) for valeurs in etapes_avant.values()} - {None}
    personnes = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
    entrees = []
    ponderation = []
    for etape in Etape.objects.filter(pk__in=etapes_avant).select_related("responsable"):
        valeurs = etapes_avant[etape.pk]
        precedent = {champ: valeurs.get(champ, getattr(etape, champ)) for champ in CHAMPS_SUIVI_ETAPE}
        if "responsable" in valeurs:
            precedent["responsable"] = personnes.get(_cle(valeurs["responsable"]))
        changements = _changements_etape(precedent, etape)
        if changements:
            entrees.append(
                _ecrire_entree(
                    fiche,
                    auteur,
                    EntreeJournal.Type.MODIFICATION,
                    changements,
                    etape=etape,
                    commentaire=COMMENTAIRE_BACK_OFFICE,
                    version_etape=etape.version,
                )
            )
        if valeurs.get("poids", etape.poids) != etape.poids:
            ponderation.append(
                f"« {Truncator(etape.intitule).chars(80)} » {valeurs['poids']} → {etape.poids}"
            )

    if fiche_avant:
        anciennes = {
            champ: _brut_initial(champ, fiche_avant[champ])
            for champ in CHAMPS_SUIVI_FICHE
            if champ in fiche_avant
        }
        nouvelles = {champ: _valeur_brute(fiche, champ) for champ in anciennes}
        nouvelles = {champ: valeur for champ, valeur in nouvelles.items() if valeur != anciennes[champ]}
        if nouvelles:
            entrees.append(
                _ecrire_entree(
                    fiche,
                    auteur,
                    EntreeJournal.Type.MODIFICATION,
                    _changements_fiche(anciennes, nouvelles),
                    commentaire=COMMENTAIRE_BACK_OFFICE,
                )
            )

    retouches = []
    if ponderation:
        retouches.append(f"Pondération modifiée dans le back-office : {' ; '.join(ponderation)}.")
    if ajoutees:
        debut = "Étape ajoutée" if len(ajoutees) == 1 else "Étapes ajoutées"
        retouches.append(f"{debut} dans le back-office : {_liste_d_etapes(ajoutees)}.")
    if retirees:
        debut = "Étape retirée" if len(retirees) == 1 else "Étapes retirées"
        retouches.append(f"{debut} de la fiche dans le back-office : {_liste_d_etapes(retirees)}.")
    if retouches and (fiche.avancement, fiche.statut) != tuple(avant):
        entrees.append(
            _ecrire_entree(fiche, auteur, EntreeJournal.Type.MODIFICATION, commentaire="\n".join(retouches))
        )
    return entrees


def _brut_initial(champ, valeur):
    """The raw form (as _valeur_brute gives it) of a value from a model form's initial data."""
    if champ == "co_pilotes":
        return frozenset(_cle(u) for u in valeur or ())
    return _cle(valeur)


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
    """A plain comment; from someone who pilots the fiche it also counts as a review."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        if compte_comme_revue:
            _marquer_revue(fiche)
        return _ecrire_entree(
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
    """ "Rien de nouveau ce mois-ci": the fiche was looked at and is still accurate."""
    with transaction.atomic():
        fiche_verrouillee = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        _marquer_revue(fiche_verrouillee)
        entree = _ecrire_entree(fiche_verrouillee, auteur, EntreeJournal.Type.REVUE)
    fiche.derniere_revue = fiche_verrouillee.derniere_revue
    return entree


def _nombre(valeur, unite=""):
    return f"{nombre(valeur)} {unite}".strip()


def ajouter_indicateur(fiche, auteur, indicateur, commentaire=""):
    """Save a new indicator (an unsaved Indicateur from the form); returns the journal entry."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=fiche.pk)
        indicateur.fiche = fiche
        indicateur.save()
        cible = _nombre(indicateur.cible, indicateur.unite)
        echeance = f" au {date_longue(indicateur.date_cible)}" if indicateur.date_cible else ""
        texte = f"Nouvel indicateur « {indicateur.libelle} » : cible {cible}{echeance}."
        _marquer_revue(fiche)
        return _ecrire_entree(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION,
            commentaire="\n".join(t for t in (commentaire, texte) if t),
        )


def ajouter_mesure(indicateur, auteur, mesure):
    """Save a measure (an unsaved Mesure from the form); returns the fiche's journal entry."""
    with transaction.atomic():
        fiche = FicheAction.objects.select_for_update().get(pk=indicateur.fiche_id)
        mesure.indicateur = indicateur
        mesure.saisi_par = auteur
        mesure.save()
        part = indicateur.part_atteinte(mesure.valeur)
        texte = (
            f"Mesure de « {indicateur.libelle} » au {date_longue(mesure.date)} : "
            f"{_nombre(mesure.valeur, indicateur.unite)} ({pourcent(part)} de la cible)."
        )
        _marquer_revue(fiche)
        return _ecrire_entree(
            fiche,
            auteur,
            EntreeJournal.Type.MODIFICATION,
            commentaire="\n".join(t for t in (mesure.commentaire, texte) if t),
        )
