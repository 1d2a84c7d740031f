from django.apps import AppConfig


class IgfappConfig(AppConfig):
    name = "igfapp"
    verbose_name = "GH / IGF-1 content"
