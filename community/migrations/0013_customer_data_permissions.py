from django.db import migrations

from community.members.groups import PRODUCT_MANAGERS, grant


def grant_customer_data(apps, schema_editor):
    grant(
        apps,
        PRODUCT_MANAGERS,
        "community",
        ["view_user", "set_customer_data", "add_segment", "change_segment", "delete_segment", "view_segment"],
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0012_segments_and_profiles")]

    operations = [migrations.RunPython(grant_customer_data, migrations.RunPython.noop)]
