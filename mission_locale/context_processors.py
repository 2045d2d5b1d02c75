"""What the navigation needs to know about the person, beyond their role (comptes.context_processors)."""

from comptes.roles import est_conseil
from plan.models import a_des_actions_en_cours


def a_des_actions(user):
    """Pilots, co-pilots or is responsible for a step of a fiche in progress. One query, kept on the
    user object for the rest of the request. Board members never do."""
    if not user.is_authenticated or est_conseil(user):
        return False
    if not hasattr(user, "_a_des_actions"):
        user._a_des_actions = a_des_actions_en_cours(user.pk)
    return user._a_des_actions


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template calls it only where the menu is drawn (no query for other templates).
    return {"montre_mes_actions": lambda: a_des_actions(user)}
