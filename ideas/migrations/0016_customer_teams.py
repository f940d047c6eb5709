from django.db import migrations

from community.members.groups import CUSTOMER_TEAMS, PRODUCT_MANAGERS, grant


def grant_permissions(apps, schema_editor):
    grant(apps, CUSTOMER_TEAMS, "wagtailadmin", ["access_admin"])
    grant(apps, CUSTOMER_TEAMS, "community", ["view_user"])
    for group in (CUSTOMER_TEAMS, PRODUCT_MANAGERS):
        grant(apps, group, "ideas", ["capture_feedback"])


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0015_capture"),
        ("community", "0029_erased_identity"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
