from django.apps import AppConfig


class ConseilConfig(AppConfig):
    name = "conseil"
    verbose_name = "Conseil et instances"
