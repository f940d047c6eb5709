from django.db import migrations

from community.members.groups import MODERATORS, PRODUCT_MANAGERS, grant


def create_groups(apps, schema_editor):
    for group in (MODERATORS, PRODUCT_MANAGERS):
        grant(apps, group, "wagtailadmin", ["access_admin"])
    grant(apps, MODERATORS, "community", ["suspend_member", "view_user"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0005_member_suspension"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
