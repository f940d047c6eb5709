"""Demo ideas for `seed_demo`: a board that looks alive, made through the real services."""

import random

from django.contrib.auth.models import Permission

from community.demo import DEMO_DOMAIN
from community.models import User
from community.site import SeedReport
from ideas import services, site_pages
from ideas.demo_scale import seed_many_ideas
from ideas.models import Idea, IdeaTag, Status
from reviews.models import ProductPage

# Besides the hand-written ideas above, a board that looks lived in.
GENERATED_IDEAS = 250
GENERATED_VOTES = 3_000

TAGS = [("sharing", "Sharing"), ("offline", "Offline"), ("security", "Security"), ("performance", "Performance"),
        ("admin", "Team admin"), ("integrations", "Integrations")]  # fmt: skip

IDEAS = [
    ("sync", "Pause syncing on metered connections", "On my phone's hotspot Sync eats my data plan. A switch to pause on metered networks would help.", ["performance"]),
    ("sync", "Selective sync for shared folders", "Let me pick which subfolders of a shared folder land on my laptop.", ["sharing"]),
    ("sync", "Show what is syncing right now", "A list of the files in flight, with progress, instead of a spinning icon.", ["performance"]),
    ("sync", "Expiry dates for shared links", "Links should stop working after a date I choose.", ["sharing", "security"]),
    ("sync", "Password-protected share links", "Some clients need a password on the link before they can download.", ["sharing", "security"]),
    ("sync", "Keep version history for a year", "Thirty days is too short for our audits.", ["security"]),
    ("sync", "Faster first sync of large folders", "The first sync of 200 GB took two days.", ["performance"]),
    ("sync", "Sync symbolic links as links", "Developers keep symlinks in their projects; Sync copies the targets instead.", []),
    ("mobile", "Offline folders on Android", "Mark a whole folder as available offline, not only single files.", ["offline"]),
    ("mobile", "Scan documents to PDF", "Use the camera to scan receipts straight into a folder as PDF.", []),
    ("mobile", "Upload photos only on Wi-Fi", "A setting to hold back photo uploads until I am on Wi-Fi.", ["performance"]),
    ("mobile", "Dark mode for the mobile app", "The white screen is blinding at night.", []),
    ("mobile", "Face ID to open the app", "Protect the app with the phone's biometric lock.", ["security"]),
    ("mobile", "Share to the app from other apps", "Save an attachment from my mail app straight into a folder.", ["integrations"]),
    ("insights", "Export activity reports as CSV", "We need the numbers in our own spreadsheets.", ["admin", "integrations"]),
    ("insights", "Weekly storage summary by email", "A short weekly email for team admins: who uses how much.", ["admin"]),
    ("insights", "Alert when sharing outside the company spikes", "Tell admins when a member shares many files with outside addresses.", ["admin", "security"]),
    ("insights", "Filter reports by department", "Our teams are large; reports per department would be useful.", ["admin"]),
    (None, "Single sign-on with Microsoft Entra ID", "Let our staff sign in with their company accounts.", ["security", "admin", "integrations"]),
    (None, "Two-factor authentication with hardware keys", "Support security keys for sign-in, not only authenticator apps.", ["security"]),
    (None, "An API for automations", "We want to create folders and share links from our own tools.", ["integrations"]),
    (None, "Slack notifications for shared folders", "Post to a channel when files change in a shared folder.", ["integrations"]),
    (None, "Trash that empties itself after 90 days", "The trash grows forever unless someone remembers to empty it.", []),
    (None, "Comments on files", "Leave a note on a file for colleagues instead of emailing about it.", ["sharing"]),
    (None, "Request files from people without an account", "A link where clients can upload files to my folder.", ["sharing"]),
    (None, "Lower price for non-profits", "A discount for registered charities.", []),
    (None, "German interface for the web app", "Most of our team would prefer German.", []),
    (None, "Keyboard shortcuts in the web app", "Power users want to move and rename files without the mouse.", []),
    # Members write in their own language; search understands English and German.
    ("insights", "Bewertungen als CSV exportieren", "Wir möchten alle Bewertungen unserer Kunden in einer Tabelle auswerten.", ["admin", "integrations"]),
    ("sync", "Synchronisierung nur im WLAN", "Unterwegs soll die App keine mobilen Daten für die Synchronisierung verbrauchen.", ["performance"]),
    ("mobile", "Dunkles Design für die Android-App", "Abends blendet der weiße Hintergrund.", []),
    (None, "Rechnungen mit ausgewiesener Mehrwertsteuer", "Unsere Buchhaltung braucht Rechnungen mit unserer Umsatzsteuer-ID.", ["admin"]),
    ("sync", "Freigegebene Ordner mit Ablaufdatum", "Freigaben sollen nach einem gewählten Datum automatisch ablaufen.", ["sharing", "security"]),
    (None, "Benachrichtigungen bei neuen Kommentaren", "Ich möchte eine E-Mail bekommen, wenn jemand meine Dateien kommentiert.", ["integrations"]),
]  # fmt: skip

STORY = [  # (index into IDEAS, status, message) in the order they happen
    (0, "under-review", "Thanks for all the votes. We are checking how phones report metered networks."),
    (0, "planned", "This is planned for the next Sync release."),
    (3, "in-progress", "We are building expiry dates now; password protection comes right after."),
    (11, "shipped", "Dark mode is out in version 4.2 of the mobile app. Thank you for asking!"),
    (14, "planned", "CSV export is planned for Insights this quarter."),
    (25, "declined", "We thought hard about this. We cannot offer a separate price now, but our free plan stays."),
    (18, "under-review", "We are talking with our identity partners about this."),
    (9, "in-progress", "Scanning is in beta testing; thank you to everyone who signed up."),
    (23, "shipped", "Comments on files are live in the web app."),
]

COMMENTS = [
    "Yes please, this would save me a lot of time.",
    "Same here: our whole team needs this.",
    "Is there any workaround until then?",
    "This would make me recommend you to my colleagues.",
    "Critical for us, we might switch otherwise.",
]


def seed_ideas(report: SeedReport) -> None:
    site_pages.create_pages(report)
    for slug, name in TAGS:
        IdeaTag.objects.get_or_create(slug=slug, defaults={"name": name})
    if Idea.objects.exists():
        return
    members = list(  # the named demo members tell the story; generated ones vote in bulk below
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_staff=False)
        .exclude(email__startswith="member-")
        .order_by("pk")
    )
    team = team_member()
    products = {page.slug: page for page in ProductPage.objects.live()}
    chance = random.Random(2026)  # noqa: S311 (demo data, not security)
    ideas = []
    for number, (product, title, body, tags) in enumerate(IDEAS):
        author = members[number % len(members)]
        idea = services.submit_idea(author, title=title, body=body, product=products.get(product), tags=tags)
        for voter in chance.sample(members, chance.randint(0, len(members) - 4)):
            services.cast_vote(voter, idea, chance.choice([None, 1, 2, 2, 3]))
        for _ in range(chance.randint(0, 3)):
            services.add_comment(chance.choice(members), idea, chance.choice(COMMENTS))
        ideas.append(idea)
    for index, slug, message in STORY:
        services.change_status(ideas[index], Status.objects.get(slug=slug), team, message)
    services.add_comment(team, ideas[1], "Good idea. Which subfolders would you leave out, and why?", official=True)
    duplicate = services.submit_idea(
        members[5], title="Links that stop working after a while", body="Time-limited links, please."
    )
    services.cast_vote(members[6], duplicate)
    services.merge_ideas(
        duplicate, ideas[3], team, "Same request as “Expiry dates for shared links”: votes moved there."
    )
    report.count("ideas", len(ideas) + 1)
    for kind, number in seed_many_ideas(GENERATED_IDEAS, GENERATED_VOTES).items():
        report.count(kind if kind != "ideas" else "generated ideas", number)


def reset_ideas() -> None:
    """Every idea goes with the demo; votes, comments and status changes with them."""
    from django.contrib.contenttypes.models import ContentType

    from community.models import Follow

    Idea.objects.filter(merged_into__isnull=False).delete()
    Idea.objects.all().delete()
    Follow.objects.filter(content_type=ContentType.objects.get_for_model(Idea)).delete()


def team_member() -> User:
    """The product manager who answers in the demo."""
    team, created = User.objects.get_or_create(
        email=f"product.team@{DEMO_DOMAIN}",
        defaults={"display_name": "Product team", "first_name": "Product", "last_name": "Team", "is_staff": True},
    )
    if created:
        team.set_unusable_password()
        team.save(update_fields=["password"])
        team.user_permissions.add(
            *Permission.objects.filter(
                codename__in=[
                    "access_admin",
                    "change_idea_status",
                    "merge_ideas",
                    "post_official_comment",
                    "triage_ideas",
                ]
            )
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=team, email=team.email, verified=True, primary=True)
    return User.objects.get(pk=team.pk)  # fresh: permissions are cached per instance
