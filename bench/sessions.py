"""Signed-in members for the loads: sessions made in bulk, checked afterwards.

    python bench/sessions.py prepare FOLDER [--members N]   writes the session files below
    python bench/sessions.py verify FOLDER                  exact counts? then removes what the load left

FOLDER/votes.txt has "<session> <csrf token> <path>" lines for the vote toggle;
FOLDER/members.txt the same sessions for the signed-in reading loads, and
FOLDER/staff.txt one session of the demo's administrator for the triage desk.

Each member gets an open idea they have not voted on, so that every POST casts a vote
and every DELETE withdraws it. The check compares the ideas' counters and demand
with their vote rows (what a row-by-row count gives), then takes the load's votes,
follows and sessions away again, so the next run starts from the same data.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import string
import sys
from datetime import timedelta
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from bench.endpoints import find_targets
from community.models import Follow, User
from ideas import counters, demand
from ideas.models import Idea, Vote
from ideas.services import refresh_trend_scores

TOKEN_CHARS = string.ascii_letters + string.digits
SESSION_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def prepare(folder: Path, members: int) -> int:
    targets = find_targets(ideas=500)
    ideas = [pk for pk, _slug in targets.ideas]
    chosen = list(
        User.objects.filter(
            email__endswith="@example.com", is_active=True, is_staff=False, suspended_at__isnull=True
        ).values_list("pk", "email", "password")[:members]
    )
    voted = set(
        Vote.objects.filter(idea_id__in=ideas, member_id__in=[pk for pk, *_ in chosen]).values_list(
            "member_id", "idea_id"
        )
    )
    chance = random.Random(3)  # noqa: S311 (not security)
    store, lines, sessions = SessionStore(), [], []
    expires = timezone.now() + timedelta(days=1)
    for pk, _email, password in chosen:
        idea = next((pk_ for pk_ in chance.sample(ideas, len(ideas)) if (pk, pk_) not in voted), None)
        if idea is None:
            continue
        key = secrets.token_hex(16)
        user = User(pk=pk, password=password)
        data = {
            SESSION_KEY: str(pk),
            BACKEND_SESSION_KEY: SESSION_BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        token = "".join(secrets.choice(TOKEN_CHARS) for _ in range(32))
        lines.append(f"{key} {token} /api/v1/ideas/{idea}/vote/")
    staff = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if staff is not None:
        key = secrets.token_hex(16)
        data = {SESSION_KEY: str(staff.pk), BACKEND_SESSION_KEY: SESSION_BACKEND,
                HASH_SESSION_KEY: staff.get_session_auth_hash()}  # fmt: skip
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        (folder / "staff.txt").write_text(f"{key} - /\n")
    Session.objects.bulk_create(sessions, batch_size=2_000)
    (folder / "votes.txt").write_text("\n".join(lines) + "\n")
    (folder / "members.txt").write_text("\n".join(lines) + "\n")
    return len(lines)


def _pairs(folder: Path) -> tuple[list[str], list[tuple[int, int]]]:
    keys, pairs = [], []
    staff = folder / "staff.txt"
    if staff.exists():
        keys.append(staff.read_text().split()[0])
    for line in (folder / "votes.txt").read_text().splitlines():
        key, _token, vote_path = line.split()
        session = SessionStore(session_key=key)
        keys.append(key)
        pairs.append((int(session.get(SESSION_KEY, 0)), int(vote_path.split("/")[4])))
    return keys, pairs


def verify(folder: Path) -> dict:
    """Counters and demand of the ideas voted on must match their rows; then the load's
    own votes, follows and sessions go, and the counters are recomputed."""
    keys, pairs = _pairs(folder)
    ideas = Idea.objects.filter(pk__in={idea for _member, idea in pairs})
    wrong = counters.drift(ideas) + demand.drift(ideas)
    standing = sum(
        Vote.objects.filter(member_id=member, idea_id=idea).exists() for member, idea in pairs[:2_000]
    )  # a sample: how many the load left cast
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(Idea)
        for member, idea in pairs:
            Vote.objects.filter(member_id=member, idea_id=idea).delete()
            Follow.objects.filter(member_id=member, content_type=content_type, object_id=idea).delete()
        counters.recount(ideas)
        demand.refresh(ideas)
        refresh_trend_scores()
        Session.objects.filter(session_key__in=keys).delete()
    return {"ideas": ideas.count(), "members": len(pairs), "drift": [list(row) for row in wrong[:5]],
            "exact": not wrong, "left_cast_in_sample": standing}  # fmt: skip


def main() -> None:
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "prepare":
        members = int(sys.argv[sys.argv.index("--members") + 1]) if "--members" in sys.argv else 8_000
        print(json.dumps({"sessions": prepare(folder, members)}))
    elif command == "verify":
        print(json.dumps(verify(folder)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
