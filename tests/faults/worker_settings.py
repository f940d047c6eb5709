"""The worker's settings in the fault tests: `make run`'s, with a slow mail server."""

from config.settings.dev import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.slow_mail.SlowFileBackend"
