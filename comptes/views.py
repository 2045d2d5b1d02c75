"""Password pages: forgotten (reset by e-mail) and changed by its owner. Django's own views, with
French pages and e-mail; the reset link is valid for PASSWORD_RESET_TIMEOUT (one hour)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from . import verrouillage
from .forms import ChangementMotDePasseForm, DemandeReinitialisationForm, NouveauMotDePasseForm


class MotDePasseOublieView(auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to an account: nobody learns who has one."""

    form_class = DemandeReinitialisationForm
    template_name = "registration/mot_de_passe_oublie.html"
    subject_template_name = "registration/mot_de_passe_oublie_objet.txt"
    email_template_name = "registration/mot_de_passe_oublie_courriel.txt"


class DemandeEnvoyeeView(auth_views.PasswordResetDoneView):
    template_name = "registration/mot_de_passe_oublie_envoye.html"


class NouveauMotDePasseView(auth_views.PasswordResetConfirmView):
    form_class = NouveauMotDePasseForm
    template_name = "registration/mot_de_passe_nouveau.html"

    def form_valid(self, form):
        reponse = super().form_valid(form)
        # Whoever proved they own the mailbox may log in at once, even after locking themselves out.
        verrouillage.lever_le_blocage_du_compte(form.user.get_username())
        return reponse


class MotDePasseEnregistreView(auth_views.PasswordResetCompleteView):
    template_name = "registration/mot_de_passe_enregistre.html"


class ChangementMotDePasseView(auth_views.PasswordChangeView):
    form_class = ChangementMotDePasseForm
    template_name = "registration/mot_de_passe_changer.html"
    success_url = reverse_lazy("accueil")

    def form_valid(self, form):
        reponse = super().form_valid(form)
        messages.success(
            self.request, "Votre mot de passe est changé. Il sert dès votre prochaine connexion."
        )
        return reponse
