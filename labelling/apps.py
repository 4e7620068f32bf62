from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabellingConfig(AppConfig):
    name = "labelling"
    verbose_name = _("Labellisation")

    def ready(self):
        # Cache invalidation only: the places' pages show the labels in force.
        from django.db.models.signals import post_delete, post_save

        from .models import Label
        from .selectors import labels_invalidate

        post_save.connect(labels_invalidate, sender=Label, dispatch_uid="labels-save")
        post_delete.connect(labels_invalidate, sender=Label, dispatch_uid="labels-delete")
