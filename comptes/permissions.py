from django.contrib.auth.models import Group, Permission

from . import roles

# Apps whose reference data Direction may change in the back-office.
APPS_DIRECTION = {"plan", "antennes", "partenaires", "suivi", "conseil", "ambassadeurs", "ethique"}
# Apps whose rows name young people: the board reads their figures in the application, never the rows.
APPS_NOMINATIVES = {"ambassadeurs"}


def synchroniser_permissions(sender=None, **kwargs):
    """Give each role group its model permissions; idempotent, runs after every migrate."""
    if not Group.objects.filter(name__in=roles.GROUPES).exists():
        return
    toutes = Permission.objects.select_related("content_type")
    lecture = [p for p in toutes if p.codename.startswith("view_")]
    direction = lecture + [
        p for p in toutes if p.content_type.app_label in APPS_DIRECTION and not p.codename.startswith("view_")
    ]
    voulu = {
        roles.ADMINISTRATION: list(toutes),
        roles.DIRECTION: direction,
        roles.EQUIPE: lecture,
        roles.CONSEIL: [p for p in lecture if p.content_type.app_label not in APPS_NOMINATIVES],
    }
    for groupe in Group.objects.filter(name__in=roles.GROUPES):
        groupe.permissions.set(voulu[groupe.name])
