"""The people who use the application: one account per person, named the way colleagues name them."""

from django.contrib.auth.models import AbstractUser, UserManager

from mission_locale.tri import ordre_francais


class UtilisateurManager(UserManager):
    def par_nom(self):
        """People in the order a French reader expects (family name, then first name)."""
        return self.order_by(*ordre_francais("last_name", "first_name"), "username")


class Utilisateur(AbstractUser):
    objects = UtilisateurManager()

    class Meta(AbstractUser.Meta):
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.nom_affiche

    @property
    def nom_affiche(self):
        """The one way a person is named everywhere: journal, reports, lists, e-mails."""
        return self.get_full_name() or self.username


def nom_de(personne):
    """A person's display name, or an empty string for nobody (a step without a responsable)."""
    return personne.nom_affiche if personne is not None else ""
