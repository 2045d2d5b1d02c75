import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comptes import roles
from comptes.permissions import synchroniser_permissions

COMPTES = [
    # (identifiant, prénom, nom, groupe, superutilisateur)
    ("admin", "Alice", "Admin", roles.ADMINISTRATION, True),
    ("direction", "Dominique", "Directrice", roles.DIRECTION, False),
    ("pilote", "Paul", "Pilote", roles.EQUIPE, False),
    ("equipe", "Emma", "Équipière", roles.EQUIPE, False),
    ("ca", "Camille", "Administratrice", roles.CONSEIL, False),
]


class Command(BaseCommand):
    help = "Crée un compte de démonstration par rôle (refuse de s'exécuter si DEBUG est désactivé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Comptes de démonstration refusés : DEBUG est désactivé (environnement de production)."
            )
        mot_de_passe = settings.DEMO_PASSWORD
        genere = not mot_de_passe
        if genere:
            mot_de_passe = secrets.token_urlsafe(12)
        User = get_user_model()
        with transaction.atomic():
            synchroniser_permissions()
            for identifiant, prenom, nom, groupe, superuser in COMPTES:
                user, _ = User.objects.get_or_create(username=identifiant)
                user.first_name, user.last_name = prenom, nom
                user.email = f"{identifiant}@demo.invalid"
                user.is_staff = superuser
                user.is_superuser = superuser
                user.set_password(mot_de_passe)
                user.save()
                user.groups.set([Group.objects.get(name=groupe)])
                self.stdout.write(f"  {identifiant:<10} {groupe}")
        if genere:
            self.stdout.write(
                self.style.WARNING(f"Mot de passe des comptes de démonstration : {mot_de_passe}")
            )
        else:
            self.stdout.write("Mot de passe : celui de la variable DEMO_PASSWORD.")
