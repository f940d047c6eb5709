"""The picture a connected app names for its customer ("avatar", an https address),
fetched once by a worker and kept like an uploaded one (re-encoded, no metadata), so that
community pages never load pictures from the company's servers and readers are not
tracked by them. The address is checked like a webhook's: never into our own network."""

from __future__ import annotations

import logging

import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import User
from community.profiles import services as profiles
from community.webhooks import addresses
from community.webhooks.services import UnsafeAddress, check_url

log = logging.getLogger(__name__)
TIMEOUT = 10


def fetch_avatar(member_id: int, url: str) -> bool:
    member = User.objects.filter(pk=member_id, deleted_at__isnull=True).first()
    if member is None or member.company_profile.get("avatar") != url:
        return False  # gone, or a newer address came since
    try:
        found = check_url(url, resolve=True)
        data = _download(url, found[0] if found else None)
    except (UnsafeAddress, requests.RequestException, ValueError) as error:
        log.warning("sso: the picture of member %s could not be fetched: %s", member_id, error)
        return False
    upload = SimpleUploadedFile("avatar", data)
    problem = profiles.avatar_problem(upload)
    if problem:
        log.warning("sso: the picture of member %s was refused: %s", member_id, problem)
        return False
    profiles.replace_avatar(member, upload)
    return True


def _download(url: str, address: str | None) -> bytes:
    limit = profiles.AVATAR_LIMITS.max_bytes
    with (
        addresses.pinned_session(address) as session,
        session.get(url, timeout=TIMEOUT, stream=True, allow_redirects=False) as response,
    ):
        response.raise_for_status()
        data = b""
        for chunk in response.iter_content(64 * 1024):
            data += chunk
            if len(data) > limit:
                raise ValueError("larger than the picture limit")
    return data
