from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError

from comptes import roles

IDENTIFIANT = "fictif-mesure-conseil"


class Command(BaseCommand):
    help = (
        "Affiche la clé d'une session ouverte pour un membre du conseil fictif, à passer en cookie "
        "« sessionid » à un outil de charge (wrk). Uniquement sur une base peuplée par seed_demo."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        # Only on a benchmark database: never mint sessions next to real accounts' data.
        if not User.objects.filter(username__startswith="fictif-").exclude(username=IDENTIFIANT).exists():
            raise CommandError("Aucune donnée fictive ici : lancez d'abord « manage.py seed_demo --force ».")
        user, cree = User.objects.get_or_create(
            username=IDENTIFIANT,
            defaults={
                "first_name": "Membre du conseil",
                "last_name": "(fictif)",
                "email": f"{IDENTIFIANT}@exemple.invalid",
            },
        )
        if cree:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=roles.CONSEIL))
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        self.stdout.write(session.session_key)
