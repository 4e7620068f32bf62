from django.db import migrations, models
from django.utils import timezone


def start_the_clock(apps, schema_editor):
    """Members already inactive: their year starts now (the date they left is unknown)."""
    Member = apps.get_model("structures", "Member")
    Member.objects.filter(active=False).update(deactivated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0014_professional_deactivated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="deactivated_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="inactif depuis le"
            ),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
