from django.db import migrations

from community.members.groups import PRODUCT_MANAGERS, grant


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        PRODUCT_MANAGERS,
        "ideas",
        [
            "triage_ideas",
            "add_answertemplate",
            "change_answertemplate",
            "delete_answertemplate",
            "view_answertemplate",
            "change_demandsettings",
            "view_shippedfeedback",
        ],
    )
    grant(
        apps,
        PRODUCT_MANAGERS,
        "community",
        [
            "add_webhookendpoint",
            "change_webhookendpoint",
            "delete_webhookendpoint",
            "view_webhookendpoint",
            "view_webhookdelivery",
            "change_webhookdelivery",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0009_triage"),
        ("community", "0016_webhooks"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
