from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Offre de formation")

    def ready(self):
        # Sessions saved one by one (admin, tests) keep their action's stored dates right; the import
        # writes them itself (bulk_create sends no signal).
        from django.db.models.signals import post_delete, post_save

        from .models import TrainingSession

        post_save.connect(
            session_dates_refresh, sender=TrainingSession, dispatch_uid="session-dates", weak=False
        )
        post_delete.connect(
            session_dates_refresh, sender=TrainingSession, dispatch_uid="session-dates-delete", weak=False
        )


def session_dates_refresh(sender, instance, **kwargs):
    from .dates import dates_refresh
    from .models import TrainingAction

    dates_refresh(actions=TrainingAction.objects.filter(pk=instance.action_id))
