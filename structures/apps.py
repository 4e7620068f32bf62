from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = _("Territoires, membres et lieux")

    def ready(self):
        # Cache invalidation only: the search forms' cached lists follow every write to their sources.
        from django.db.models.signals import post_delete, post_save

        from .catalog import catalog_invalidate
        from .models import Audience, Member, Project, Scheme, Sector

        def invalidate(**kwargs):
            catalog_invalidate()

        for model in (Audience, Member, Project, Scheme, Sector):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"catalog-{model.__name__}-save")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"catalog-{model.__name__}-delete")
