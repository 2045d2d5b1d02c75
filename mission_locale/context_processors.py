"""What the navigation needs to know about the person, beyond their role (comptes.context_processors)."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from comptes.roles import est_conseil
from plan.models import Etape, FicheAction


def a_des_actions(user):
    """Pilots, co-pilots or is responsible for a step of a fiche in progress. One query, kept on the
    user object for the rest of the request. Board members never do."""
    if not user.is_authenticated or est_conseil(user):
        return False
    if not hasattr(user, "_a_des_actions"):
        fiches = FicheAction.objects.filter(archivee_le__isnull=True)
        user._a_des_actions = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .filter(
                Exists(fiches.filter(Q(pilote=OuterRef("pk")) | Q(co_pilotes=OuterRef("pk"))))
                | Exists(Etape.objects.filter(responsable=OuterRef("pk"), fiche__archivee_le__isnull=True))
            )
            .exists()
        )
    return user._a_des_actions


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template calls it only where the menu is drawn (no query for other templates).
    return {"montre_mes_actions": lambda: a_des_actions(user)}
