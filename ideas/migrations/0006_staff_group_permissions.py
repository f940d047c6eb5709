from django.db import migrations

from community.members.groups import MODERATORS, PRODUCT_MANAGERS, grant


def grant_permissions(apps, schema_editor):
    grant(apps, MODERATORS, "ideas", ["view_idea", "view_comment", "change_comment"])
    grant(
        apps,
        PRODUCT_MANAGERS,
        "ideas",
        [
            "view_idea",
            "change_idea",
            "change_idea_status",
            "merge_ideas",
            "post_official_comment",
            "view_comment",
            "add_statuschange",
            "change_statuschange",
            "view_statuschange",
            "view_status",
            "view_ideatag",
            "add_ideatag",
            "change_ideatag",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0005_roadmap_open_shown"),
        ("community", "0006_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
