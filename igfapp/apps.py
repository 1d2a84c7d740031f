from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IgfappConfig(AppConfig):
    name = "igfapp"
    verbose_name = "GH / IGF-1 content"

    def ready(self):
        from .content_revision import install_content_revision_triggers
        from .editorial.history import register_history

        # Once the models are loaded, not as a side effect of importing a module: every save,
        # import, revert and test then sees the same registration.
        register_history()
        # After every migrate, so new tables get the content-revision triggers too.
        post_migrate.connect(
            install_content_revision_triggers, sender=self, dispatch_uid="igf-content-revision-triggers"
        )
