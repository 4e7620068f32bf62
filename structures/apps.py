from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = _("Territoires, membres et lieux")

    def ready(self):
        # Cache invalidation only: the search forms' cached lists follow every write to their sources.
        # weak=False: `invalidate` lives only in this function; a weak reference would let it be collected.
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .catalog import catalog_invalidate
        from .models import Audience, Member, Project, Scheme, Sector

        def invalidate(**kwargs):
            catalog_invalidate()

        for model in (Audience, Member, Project, Scheme, Sector):
            post_save.connect(
                invalidate, sender=model, dispatch_uid=f"catalog-{model.__name__}-save", weak=False
            )
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"catalog-{model.__name__}-delete", weak=False
            )

        # A professional's account deactivated (team page or admin) starts the year after which it is
        # deleted; reactivated, it is kept again. Saves that only touch other fields cost nothing.
        from django.conf import settings

        post_save.connect(
            professional_deactivation_track,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="professional-deactivation",
            weak=False,
        )

        # Region staff's groups follow the models' permissions, created after each migration: once, after
        # the last application's with models (every application's permissions exist by then).
        def sync_groups(app_config, **kwargs):
            from django.apps import apps

            from .services import staff_groups_sync

            with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
            if app_config is with_models[-1]:  # the signal is sent for applications with models
                staff_groups_sync()

        post_migrate.connect(sync_groups, dispatch_uid="structures-staff-groups", weak=False)


def professional_deactivation_track(sender, instance, created, update_fields=None, **kwargs):
    from django.utils import timezone

    from .models import Professional

    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    accounts = Professional.objects.filter(user_id=instance.pk)
    if instance.is_active:
        accounts.filter(deactivated_at__isnull=False).update(deactivated_at=None)
    else:
        accounts.filter(deactivated_at__isnull=True).update(deactivated_at=timezone.now())
