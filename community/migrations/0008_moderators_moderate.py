from django.db import migrations

from community.members.groups import MODERATORS, grant


def grant_moderation(apps, schema_editor):
    grant(apps, MODERATORS, "community", ["moderate_content", "change_moderationpolicy"])


class Migration(migrations.Migration):
    dependencies = [("community", "0007_moderation_policy")]

    operations = [migrations.RunPython(grant_moderation, migrations.RunPython.noop)]
