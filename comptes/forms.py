from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)


class ConnexionForm(AuthenticationForm):
    error_messages = {
        "invalid_login": ("Identifiant ou mot de passe incorrect. Vérifiez les majuscules et réessayez."),
        "inactive": "Ce compte est désactivé. Contactez l'administration.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class DemandeReinitialisationForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["email"]
        champ.label = "Adresse e-mail de votre compte"
        champ.help_text = "L'adresse professionnelle enregistrée pour votre compte."
        champ.error_messages["invalid"] = (
            "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr."
        )
        champ.error_messages["required"] = "Indiquez l'adresse e-mail de votre compte."


class NouveauMotDePasseForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Le même, une seconde fois"


class ChangementMotDePasseForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mot de passe actuel"
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Le même, une seconde fois"
