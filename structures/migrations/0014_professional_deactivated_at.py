from django.db import migrations, models
from django.utils import timezone


def start_the_clock(apps, schema_editor):
    """Accounts already deactivated: their year starts now (the date they were deactivated is unknown)."""
    Professional = apps.get_model("structures", "Professional")
    Professional.objects.filter(user__is_active=False).update(deactivated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0013_job_search_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="professional",
            name="deactivated_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="compte désactivé le"
            ),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
