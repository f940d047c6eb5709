"""The site a company starts with: its pages, branding and first staff account, and
no demo content (`manage.py init_site`, which production runs after `migrate`).

Community makes the home page and the standard pages (guidelines, privacy, about);
each feature app gives the pages it needs to `PAGES` from its extensions module (the
idea board, roadmap and changelog; the product index). Statuses and staff groups come
with the migrations. Every step looks for what is there first, so running it again
changes nothing. `seed_demo` (community.demo) runs the same steps before its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from wagtail.models import Page, Site

from community.models import BrandingSettings, HomePage, StandardPage, User
from community.plugins import Point

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
        "show_in_menus": False,  # in the footer, with privacy: the header is for the community's work
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
        "show_in_menus": False,
        "intro": "Why we build our products together with our customers.",
        "body": [
            {"type": "paragraph", "value": "<p>We would rather talk with you than at you. This community is where our customers and our product team meet: you tell us what you need, we tell you what we are doing about it.</p>"},
        ],
    },
]  # fmt: skip


@dataclass
class SeedReport:
    admin_email: str = ""
    admin_password: str | None = None  # only when this run created the account with a generated password
    members_created: int = 0
    pages_created: int = 0
    created: dict[str, int] = field(default_factory=dict)  # what feature steps made, by kind

    def count(self, kind: str, number: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + number


Step = Callable[[SeedReport], None]


# Feature apps give the pages they need, after ours: community never imports them.
PAGES: Point[Step] = Point("site pages", Callable)


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


def steps() -> list[tuple[str, Step]]:
    """What a new site needs, in order (the first staff account comes apart: it needs an address)."""
    return [("pages", seed_pages), *(("pages", feature_pages) for feature_pages in PAGES), ("branding", seed_branding)]


def ensure_staff(email: str, password: str, report: SeedReport) -> User:
    """The first staff account: a superuser with a verified address, made once. Without
    a password one is generated and kept in the report, to be shown once."""
    email = email.strip().lower()
    report.admin_email = email
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not password:
            password = secrets.token_urlsafe(12)
            report.admin_password = password
        user = User.objects.create_superuser(
            email=email, password=password, display_name="Community team", first_name="Community", last_name="Team"
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
