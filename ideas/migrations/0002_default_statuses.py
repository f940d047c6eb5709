from django.db import migrations

from ideas.workflow import DEFAULT_STATUSES


def create_default_statuses(apps, schema_editor):
    Status = apps.get_model("ideas", "Status")
    for position, spec in enumerate(DEFAULT_STATUSES):
        Status.objects.get_or_create(slug=spec["slug"], defaults={**spec, "stage": str(spec["stage"]), "position": position})


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(create_default_statuses, migrations.RunPython.noop)]
