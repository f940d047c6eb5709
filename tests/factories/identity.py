"""A connected app and the tokens its server would sign for its customers."""

from __future__ import annotations

import time
import uuid

import jwt

from community import crypto
from community.models import ConnectedApp

SECRET = "s3cret-shared-with-the-company-app-0123456789"
AUDIENCE = "https://community.example.org"
ISSUER = "https://app.example.com"


def connected_app(**fields) -> ConnectedApp:
    fields.setdefault("name", "Acme Cloud")
    fields.setdefault("issuer", ISSUER)
    fields.setdefault("audience", AUDIENCE)
    secret = fields.pop("secret", SECRET)
    app = ConnectedApp(**fields)
    if app.algorithm == ConnectedApp.Algorithm.HS256:
        app.secret_encrypted = crypto.encrypt(secret)
    app.save()
    return app


def claims(**given) -> dict:
    """What a company's server puts in a token: who, for whom, until when, once."""
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
        "sub": "crm-1001",
        "email": "anna@customer.example",
        "name": "Anna Schmidt",
    }
    base.update(given)
    return {name: value for name, value in base.items() if value is not None}


def token(key=SECRET, algorithm="HS256", headers=None, **given) -> str:
    return jwt.encode(claims(**given), key, algorithm=algorithm, headers=headers)
