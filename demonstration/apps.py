from django.apps import AppConfig


class DemonstrationConfig(AppConfig):
    """Demonstration and benchmark tools: fictitious data, demo accounts, measurement sessions.

    Installed only when DEMONSTRATION is true (by default, when DEBUG is): in production these
    commands do not exist at all."""

    name = "demonstration"
    verbose_name = "Démonstration"
