"""Reading the environment: each value is parsed once, typed, and a bad value stops
start-up with a message that names the variable."""

from __future__ import annotations

import os
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_env = environ.Env()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def read_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def read_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}.")


def read_int(name: str, default: int, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def read_choice(name: str, default: str, choices: set[str]) -> str:
    value = read_str(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}.")
    return value


def read_prefixed(prefix: str) -> dict[str, str]:
    """Every variable that starts with prefix, without it (ANYMAIL_X=1 gives {"X": "1"})."""
    return {name.removeprefix(prefix): value.strip() for name, value in os.environ.items() if name.startswith(prefix)}


def read_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _parse_url(name: str, default: str, parser) -> dict[str, Any]:
    value = read_str(name) or default
    try:
        return parser(value)
    except Exception as error:  # noqa: BLE001 (environ raises several kinds for a malformed URL)
        raise ImproperlyConfigured(f"{name} is not a valid URL for this setting: {error}") from None


def read_database_url(name: str, default: str) -> dict[str, Any]:
    config = _parse_url(name, default, _env.db_url_config)
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(f"{name} must be a sqlite:// or postgres:// URL.")
    return config


def read_cache_url(name: str, default: str) -> dict[str, Any]:
    return _parse_url(name, default, _env.cache_url_config)


def read_email_url(name: str, default: str) -> dict[str, Any]:
    return _parse_url(name, default, _env.email_url_config)
