"""The folded label of the ROME jobs, that /metiers/ searches (accent- and case-insensitive)."""

from django.db import migrations, models

from structures.text import fold


def fill_search_labels(apps, schema_editor):
    Job = apps.get_model("structures", "Job")
    jobs = list(Job.objects.only("code", "label"))
    for job in jobs:
        job.search_label = fold(job.label)
    Job.objects.bulk_update(jobs, ["search_label"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0012_commune_coverage"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="search_label",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill_search_labels, migrations.RunPython.noop, elidable=True),
    ]
