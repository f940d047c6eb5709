from django.db import migrations

from community.members.groups import MODERATORS, PRODUCT_MANAGERS, grant


def grant_permissions(apps, schema_editor):
    grant(apps, MODERATORS, "reviews", ["view_review", "change_review"])
    grant(
        apps,
        PRODUCT_MANAGERS,
        "reviews",
        [
            "view_review",
            "reply_to_reviews",
            "view_reviewreply",
            "change_reviewreply",
            "view_productownership",
            "add_productownership",
            "change_productownership",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_reviews"),
        ("community", "0006_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
