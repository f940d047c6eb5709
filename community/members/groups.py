"""The staff groups Tandem ships with, and the permissions each app gives them.

Created by data migrations: community creates the groups, each feature app adds its
own permissions in a migration of its own (so community never names their models).
"""

# Wagtail's own "Moderators" group approves page changes; ours keeps the community
# clean and edits no pages, so it has a name of its own.
MODERATORS = "Community moderators"  # moderation and suspensions; no pages, no triage
PRODUCT_MANAGERS = "Product managers"  # triage ideas, answer officially; no moderation
# Support, sales and success: record what customers tell them as the customers' own
# ideas, votes and comments (ideas.capture), and read the one-customer timeline.
CUSTOMER_TEAMS = "Customer teams"


def grant(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    """For data migrations: gives the group these permissions of one app, creating
    the permissions first on a fresh database (Django makes them only after migrating)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
