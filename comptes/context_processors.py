from . import roles as r


def roles(request):
    user = request.user if hasattr(request, "user") else None
    if user is None or not user.is_authenticated:
        return {}
    return {
        "role": {
            "libelle": r.libelle_role(user),
            "administrateur": r.est_administrateur(user),
            "direction": r.est_direction(user),
            "conseil": r.est_conseil(user),
            "peut_commenter": r.peut_commenter(user),
        }
    }
