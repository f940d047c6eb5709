"""The one way an app plugs into the layers below it.

A layer names each thing it lets others give it as an extension point, a `Point`,
beside the code that reads it (search kinds in search/registry.py, moderation kinds
in community/moderation/services.py, ...). An app gives to points in one module of its
own, `<app>/extensions.py`: everything it plugs in, in one place. `discover()` imports
every app's extensions module once, when Django is ready, in the order of
INSTALLED_APPS; a point hands out what it was given in that order.

The layers never import the apps above them: they read their points.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

T = TypeVar("T")
MODULE = "extensions"

_points: dict[str, Point[Any]] = {}
_giving: list[str] = []  # the app whose extensions module is being imported
_discovered = False


class Point(Generic[T]):
    """One kind of contribution a layer accepts. `accepts` is the type every item must
    have (a class, or collections.abc.Callable for functions)."""

    def __init__(self, name: str, accepts: Any) -> None:
        if name in _points:
            raise ImproperlyConfigured(f"Two extension points are called {name!r}.")
        self.name = name
        self.accepts = accepts
        self._given: list[tuple[str, T]] = []
        _points[name] = self

    def add(self, *items: T) -> None:
        """Gives these items; only an app's extensions module calls this."""
        if not _giving:
            raise ImproperlyConfigured(f"Give to {self.name!r} from an app's {MODULE}.py, not from elsewhere.")
        for item in items:
            if not isinstance(item, self.accepts):
                raise ImproperlyConfigured(
                    f"{_giving[-1]}/{MODULE}.py gives {self.name!r} a {type(item).__name__}, which it does not take."
                )
            self._given.append((_giving[-1], item))

    def __iter__(self) -> Iterator[T]:
        return iter([item for _app, item in self._given])

    def given_by(self) -> list[tuple[str, T]]:
        return list(self._given)

    def __repr__(self) -> str:
        return f"<Point {self.name}>"


def _ours(config: AppConfig) -> bool:
    """Apps of this project, not installed packages (some have an extensions module of their own)."""
    return (Path(settings.BASE_DIR) / config.name.split(".")[0]).is_dir()


def discover() -> None:
    """Imports each of the project's apps' extensions module, once (AppConfig.ready)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if _ours(config) and module_has_submodule(config.module, MODULE):
            with giving(config.label):
                import_module(f"{config.name}.{MODULE}")


@contextmanager
def giving(app_label: str) -> Iterator[None]:
    """While an app's extensions module runs: what is added is that app's."""
    _giving.append(app_label)
    try:
        yield
    finally:
        _giving.pop()


def points() -> dict[str, Point[Any]]:
    return dict(_points)


def describe(item: object) -> str:
    """A short name for a contribution, for the table of what each app gives."""
    for attribute in ("name", "key"):
        value = getattr(item, attribute, None)
        if isinstance(value, str):
            return value
    model = getattr(item, "model", None)
    if model is not None:
        return str(model._meta.label)
    qualname = getattr(item, "__qualname__", None)
    if callable(item) and qualname:
        return f"{item.__module__}.{qualname}"
    return repr(item)


def contributions() -> dict[str, dict[str, list[str]]]:
    """{app: {point: [what it gave]}}: the whole picture of what plugs in where."""
    table: dict[str, dict[str, list[str]]] = {}
    for point in _points.values():
        for app, item in point.given_by():
            table.setdefault(app, {}).setdefault(point.name, []).append(describe(item))
    return table
