"""Demo content for `make run`: the site's pages (community.site) and a believable community.

Every step looks for what is already there first, so seeding twice changes nothing.
Demo members use example.com addresses and unusable passwords, and get no emails.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from community import site
from community.models import HomePage, Segment, User
from community.notifications import channels
from community.plugins import Point
from community.site import SeedReport, Step

DEMO_DOMAIN = "example.com"

DEMO_MEMBERS = [
    "Anna Berger", "Ben Okafor", "Chiara Rossi", "Daniel Weber", "Elif Yılmaz", "Farid Haddad",
    "Greta Lindqvist", "Hannah Schulz", "Ivan Petrov", "Julia Novak", "Kenji Sato", "Lea Fischer",
    "Marco Bianchi", "Nora Hansen", "Oskar Wagner", "Priya Nair", "Quentin Marchand", "Rosa Méndez",
    "Sam Taylor", "Tom Becker", "Uma Patel", "Valentin Roux", "Wiebke Jansen", "Yusuf Demir",
]  # fmt: skip


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
    """The seeding steps in order, for a progress bar to walk through: the site's
    (community.site), then the demo's."""
    return [
        *site.steps(),
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
    site.ensure_staff(settings.ADMIN_EMAIL or f"admin@{DEMO_DOMAIN}", settings.ADMIN_PASSWORD, report)


def classify_members(report: SeedReport, progress: ProgressFactory) -> None:
    """A finisher: every demo member's archetype, from what the demo made them do."""
    from community.profiles import archetypes

    for archetype, members in archetypes.recompute().items():
        if members:
            report.count(f"{archetype}s", members)
