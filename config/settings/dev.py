"""Settings for `make run`: the embedded defaults on one machine."""

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, env

DEBUG = env.read_bool("DEBUG", default=True)
# A fixed key is fine here: this file is never used in production, which refuses it.
SECRET_KEY = env.read_str("SECRET_KEY") or "dev-only-insecure-key-for-make-run-never-for-production"
STAFF_REQUIRE_MFA = env.read_bool("STAFF_REQUIRE_MFA", default=False)
# One process serves everything here, so a per-process cache counts rate limits right.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]
# Webhook receivers run on this machine here.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
