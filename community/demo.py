"""Demo content for `make run`: the site's pages and a believable community.

Every step looks for what is already there first, so seeding twice changes nothing.
Demo members use example.com addresses and unusable passwords, and get no emails.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from wagtail.models import Page, Site

from community.models import BrandingSettings, HomePage, Segment, StandardPage, User
from community.notifications import channels
from community.plugins import Point

DEMO_DOMAIN = "example.com"

DEMO_MEMBERS = [
    "Anna Berger", "Ben Okafor", "Chiara Rossi", "Daniel Weber", "Elif Yılmaz", "Farid Haddad",
    "Greta Lindqvist", "Hannah Schulz", "Ivan Petrov", "Julia Novak", "Kenji Sato", "Lea Fischer",
    "Marco Bianchi", "Nora Hansen", "Oskar Wagner", "Priya Nair", "Quentin Marchand", "Rosa Méndez",
    "Sam Taylor", "Tom Becker", "Uma Patel", "Valentin Roux", "Wiebke Jansen", "Yusuf Demir",
]  # fmt: skip

HOME_INTRO = (
    "Tell us what would make our products better for you. Share ideas, vote for the ones you "
    "need, review what you use, and follow along as we plan and ship."
)
HOME_BODY = [
    {
        "type": "steps",
        "value": {
            "heading": "How it works",
            "steps": [
                {"title": "Share an idea", "text": "Describe the problem you want solved. Similar ideas show up while you type, so you can add your vote instead."},
                {"title": "Vote and discuss", "text": "Vote for what matters to you and say how important it is. Our product team reads every comment."},
                {"title": "Hear what happened", "text": "When an idea is planned, built or declined, everyone who voted hears it from us, with the reason."},
            ],
        },
    },
    {
        "type": "paragraph",
        "value": "<p>Our product managers look at the community every week. Ideas with many votes from "
        "customers like you move up the roadmap, and we answer in public, so everyone can see why.</p>",
    },
]  # fmt: skip

STANDARD_PAGES = [
    {
        "slug": "guidelines",
        "title": "Community guidelines",
        "show_in_menus": True,
        "intro": "A few rules that keep this a place where everyone is heard.",
        "body": [
            {"type": "heading", "value": "Be kind and specific"},
            {"type": "paragraph", "value": "<p>Criticise ideas, not people. Describe the problem you have, not only the solution you imagine: it helps others vote and helps us build the right thing.</p>"},
            {"type": "heading", "value": "One idea per post"},
            {"type": "paragraph", "value": "<p>Search before you post and vote for an existing idea when it fits. Duplicates are merged, and your vote moves with them.</p>"},
            {"type": "heading", "value": "Keep personal data out"},
            {"type": "paragraph", "value": "<p>Do not post order numbers, phone numbers or anything private. Moderators hide posts that break these rules and tell the author why.</p>"},
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "show_in_menus": False,
        "intro": "What we keep about you, why, and how you stay in control.",
        "body": [
            {"type": "paragraph", "value": "<p>We keep your email address, your display name and what you post here. We use them to run the community and to tell you about the ideas you follow, on the channels you choose.</p>"},
            {"type": "paragraph", "value": "<p>You can change how we contact you at any time, export everything you have posted, or delete your account.</p>"},
        ],
    },
    {
        "slug": "about",
        "title": "About this community",
        "show_in_menus": True,
        "intro": "Why we build our products together with our customers.",
        "body": [
            {"type": "paragraph", "value": "<p>We would rather talk with you than at you. This community is where our customers and our product team meet: you tell us what you need, we tell you what we are doing about it.</p>"},
        ],
    },
]  # fmt: skip


@dataclass
class SeedReport:
    admin_email: str = ""
    admin_password: str | None = None  # only when this run created the admin with a generated password
    members_created: int = 0
    pages_created: int = 0
    created: dict[str, int] = field(default_factory=dict)  # what feature steps made, by kind

    def count(self, kind: str, number: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + number


Step = Callable[[SeedReport], None]


@dataclass(frozen=True)
class Scale:
    """How much generated data `seed_demo --members/--ideas/--votes/--reviews` adds, for benchmarks."""

    members: int = 0  # demo members wanted in all
    ideas: int = 0  # ideas to add
    votes: int = 0  # votes to add, spread over the added ideas
    reviews: int = 0  # reviews to add, one per member and product


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...
    def close(self) -> object: ...


class NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


ProgressFactory = Callable[..., Progress]  # called with total= and desc=
ScaleStep = Callable[[Scale, SeedReport, ProgressFactory], None]
# Work on everything seeded, run last (the search index rebuilt in bulk).
Finisher = Callable[[SeedReport, ProgressFactory], None]


@dataclass(frozen=True)
class DemoStep:
    """A feature's seeding step, what --reset must remove of it first, and how it
    generates data at scale."""

    name: str
    seed: Step
    reset: Callable[[], None] | None = None
    scale: ScaleStep | None = None


# Feature apps give their steps from their extensions modules, after ours: community
# never imports them.
STEPS: Point[DemoStep] = Point("demo steps", DemoStep)
FINISHERS: Point[Finisher] = Point("demo finishers", Callable)


def finish(progress: ProgressFactory = lambda **kwargs: NoProgress()) -> SeedReport:
    """Runs the finishers after seeding and any generated data."""
    report = SeedReport()
    for finisher in FINISHERS:
        finisher(report, progress)
    return report


def steps() -> list[tuple[str, Step]]:
    """The seeding steps in order, for a progress bar to walk through."""
    return [
        ("pages", seed_pages),
        ("branding", seed_branding),
        ("members", seed_members),
        ("admin", seed_admin),
        *((step.name, step.seed) for step in STEPS),
    ]


def seed(progress: Callable[[Iterator], Iterator] = lambda it: it) -> SeedReport:
    report = SeedReport()
    for _name, step in progress(iter(steps())):
        with transaction.atomic():
            step(report)
    return report


def scale_up(scale: Scale, progress: ProgressFactory = lambda **kwargs: NoProgress()) -> SeedReport:
    """Adds generated members, then each feature's generated data, in bulk."""
    report = SeedReport()
    with transaction.atomic():
        report.members_created = seed_many_members(scale.members, progress)
    for step in STEPS:
        if step.scale is not None:
            with transaction.atomic():
                step.scale(scale, report, progress)
    refresh_statistics()
    return report


def refresh_statistics() -> None:
    """Lets the database planner see the rows just added in bulk: without fresh
    statistics PostgreSQL plans for empty tables (the triage board took 5 s instead of 0.2)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@transaction.atomic
def reset() -> None:
    """Removes the demo pages and demo members; the admin account stays."""
    for feature_reset in reversed([step.reset for step in STEPS if step.reset is not None]):
        feature_reset()
    for home in HomePage.objects.all():
        home.delete()
    User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}", is_staff=False).delete()


def home_page() -> Page:
    return Site.objects.get(is_default_site=True).root_page


def ensure_child(parent: Page, page_class: type[Page], report: SeedReport, **fields) -> Page:
    """The parent's child of this type, published from fields if there is none yet."""
    existing = page_class.objects.child_of(parent).first()
    if existing is not None:
        return existing
    report.pages_created += 1
    return publish(parent, page_class(**fields))


def publish(parent: Page, page: Page) -> Page:
    """Adds a page under parent and publishes its first revision."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_pages(report: SeedReport) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a plain "Welcome" page; ours replaces it.
        for page in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
            page.delete()
        home = publish(
            root, HomePage(title="Welcome to our product community", slug="home", intro=HOME_INTRO, body=HOME_BODY)
        )
        report.pages_created += 1
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
    home.refresh_from_db()
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in STANDARD_PAGES:
        if spec["slug"] in existing:
            continue
        publish(home, StandardPage(**spec))
        report.pages_created += 1


def seed_branding(report: SeedReport) -> None:
    site = Site.objects.get(is_default_site=True)
    branding = BrandingSettings.for_site(site)
    if not branding.community_name:
        branding.community_name = "Tandem Community"
        branding.tagline = "Where our customers and our product team build better products together."
        branding.save()


GENERATED_MEMBERS = 120  # besides the named ones, so that popular ideas can gather many votes

# (name, description, weight, typical customer value): what a company's CRM might say.
DEMO_SEGMENTS = [
    ("Enterprise", "Large accounts with a yearly contract.", 3, 48_000),
    ("Small business", "Teams of up to 50 on a monthly plan.", 1, 2_400),
    ("Education", "Schools and universities.", 1.5, 900),
]


def demo_segments() -> list[Segment]:
    segments = []
    for name, description, weight, _value in DEMO_SEGMENTS:
        segment, _ = Segment.objects.get_or_create(name=name, defaults={"description": description, "weight": weight})
        segments.append(segment)
    return segments


def _customer_data(number: int, segments: list[Segment]) -> dict:
    """Every fourth demo member is not in the CRM; the rest spread over the segments."""
    if number % 4 == 3:
        return {}
    index = number % len(segments)
    value = DEMO_SEGMENTS[index][3] * (1 + (number % 7) / 10)
    return {"segment": segments[index], "customer_value": round(value, 2)}


def seed_members(report: SeedReport) -> None:
    segments = demo_segments()
    for name in DEMO_MEMBERS:
        first, last = name.split(" ", 1)
        email = f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"
        number = DEMO_MEMBERS.index(name)
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": name, "first_name": first, "last_name": last, **_customer_data(number, segments)},
        )
        if created:
            # example.com addresses: the demo's notifications stay on the site, not in the terminal
            channels.keep_on_site([user.pk])
            user.set_unusable_password()
            user.save(update_fields=["password"])
            report.members_created += 1
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    report.members_created += seed_many_members(len(DEMO_MEMBERS) + GENERATED_MEMBERS, lambda **kwargs: NoProgress())


GENERATED_FIRST = [
    "Alex", "Birgit", "Carlos", "Dana", "Emil", "Fatima", "Georg", "Helena", "Ines", "Jonas", "Katrin", "Luca",
    "Mia", "Nils", "Olga", "Paul", "Rania", "Stefan", "Tara", "Ulrich", "Vera", "Wim", "Xenia", "Zoe",
]  # fmt: skip
GENERATED_LAST = [
    "Albrecht", "Brandt", "Costa", "Dubois", "Eriksen", "Ferreira", "Graf", "Horvath", "Ito", "Jovanović",
    "Keller", "Lange", "Moreau", "Nowak", "Olsen", "Park", "Quinn", "Richter", "Silva", "Thomsen",
]  # fmt: skip


def generated_member_email(number: int) -> str:
    return f"member-{number:06d}@{DEMO_DOMAIN}"


def seed_many_members(wanted: int, progress: ProgressFactory) -> int:
    """Generated demo members (verified, no password) until there are `wanted` demo
    members in all; returns how many it created."""
    demo_members = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}", is_staff=False)
    missing = wanted - demo_members.count()
    if missing <= 0:
        return 0
    start = demo_members.filter(email__startswith="member-").count() + 1
    numbers = range(start, start + missing)
    segments = demo_segments()
    bar = progress(total=missing, desc="Members")
    for batch in _batches(numbers, 5_000):
        users = []
        for number in batch:
            first = GENERATED_FIRST[number % len(GENERATED_FIRST)]
            last = GENERATED_LAST[(number // len(GENERATED_FIRST)) % len(GENERATED_LAST)]
            users.append(
                User(
                    email=generated_member_email(number),
                    display_name=f"{first} {last[0]}. {number}",
                    first_name=first,
                    last_name=last,
                    password=make_password(None),  # unusable: demo members never sign in
                    **_customer_data(number, segments),
                )
            )
        created = User.objects.bulk_create(users)
        channels.keep_on_site(user.pk for user in created)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created
        )
        bar.update(len(batch))
    bar.close()
    return missing


def _batches(items, size: int):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ascii(word: str) -> str:
    """A name part as it can stand in an email address: "Yılmaz" -> "yilmaz"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("ı", "i"))
    return "".join(char for char in decomposed if char.isascii() and char.isalnum())


def seed_admin(report: SeedReport) -> None:
    email = (settings.ADMIN_EMAIL or f"admin@{DEMO_DOMAIN}").lower()
    report.admin_email = email
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        password = settings.ADMIN_PASSWORD
        if not password:
            password = secrets.token_urlsafe(12)
            report.admin_password = password
        user = User.objects.create_superuser(
            email=email, password=password, display_name="Community team", first_name="Community", last_name="Team"
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})


def classify_members(report: SeedReport, progress: ProgressFactory) -> None:
    """A finisher: every demo member's archetype, from what the demo made them do."""
    from community.profiles import archetypes

    for archetype, members in archetypes.recompute().items():
        if members:
            report.count(f"{archetype}s", members)
