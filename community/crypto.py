"""Secrets Tandem must read again (a connected app's shared signing secret, a tracker's
token) are kept encrypted with Fernet (AES-128-CBC with an HMAC), never in clear.

The keys come from ENCRYPTION_KEYS (comma-separated Fernet keys, newest first; an older
key still decrypts, so keys can be rotated: add a new one in front, run
`manage.py rotate_secrets`, then drop the old one). Without it, one key is derived from
SECRET_KEY, so changing SECRET_KEY makes stored secrets unreadable: set
ENCRYPTION_KEYS in production.
"""

from __future__ import annotations

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class Unreadable(Exception):
    """The text was encrypted with a key that is no longer configured, or was altered."""


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"tandem encryption").derive(
            secret_key.encode()
        )
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise Unreadable() from error


def rotate(token: str) -> str:
    """The same secret, encrypted again with the newest key."""
    try:
        return _current().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise Unreadable() from error
