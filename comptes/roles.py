"""The four roles of the association, as Django groups, and what each may do.

Group names are the ones people see in the back-office; the data migration creates them.
"""

from django.core.exceptions import PermissionDenied

ADMINISTRATION = "Administration"
DIRECTION = "Direction"
EQUIPE = "Équipe"
CONSEIL = "Conseil d'administration"
GROUPES = [ADMINISTRATION, DIRECTION, EQUIPE, CONSEIL]


def groupes(user):
    """Names of the user's groups, fetched once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_groupes_cache"):
        user._groupes_cache = frozenset(user.groups.values_list("name", flat=True))
    return user._groupes_cache


def est_administrateur(user):
    return user.is_authenticated and (user.is_superuser or ADMINISTRATION in groupes(user))


def est_direction(user):
    return est_administrateur(user) or DIRECTION in groupes(user)


def est_conseil(user):
    """Board members read everything and change nothing."""
    return CONSEIL in groupes(user) and not est_direction(user) and EQUIPE not in groupes(user)


def peut_commenter(user):
    return (
        user.is_authenticated and not est_conseil(user) and (est_direction(user) or EQUIPE in groupes(user))
    )


def peut_piloter(user, fiche):
    """Update the fiche's steps, progress, météo and indicators.

    `fiche.co_pilotes` should be prefetched by the caller when this runs in a loop.
    """
    if not user.is_authenticated or est_conseil(user):
        return False
    if est_direction(user):
        return True
    return fiche.pilote_id == user.pk or any(u.pk == user.pk for u in fiche.co_pilotes.all())


def libelle_role(user):
    if est_administrateur(user):
        return ADMINISTRATION
    for nom in (DIRECTION, EQUIPE, CONSEIL):
        if nom in groupes(user):
            return nom
    return "Sans rôle"


def exiger_direction(user):
    """For the pages and actions that only Direction (and the administration) may use: 403 otherwise."""
    if not est_direction(user):
        raise PermissionDenied("Réservé à la direction et à l'administration.")
