from django.db import migrations

from community.members.groups import PRODUCT_MANAGERS, grant


def grant_permissions(apps, schema_editor):
    codenames = [f"{verb}_trackerconnection" for verb in ("add", "change", "delete", "view")]
    codenames += ["view_trackerdelivery", "view_trackerrequest"]
    grant(apps, PRODUCT_MANAGERS, "triage", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0002_trackers"),
        ("ideas", "0016_customer_teams"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
