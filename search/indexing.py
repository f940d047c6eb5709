"""Keeping the index in step: the change listener search gives community.changes.

Every write that touches a searchable object says so (community.changes.changed);
once it is committed, a task updates the object's entry (never before: the task must
see what was committed), or removes it when it is gone or no longer findable."""

from __future__ import annotations

from django.db.models import Model

from community import outbox
from search import registry
from search.tasks import update_entry


def changed(model: type[Model], pk: int) -> None:
    kind = registry.kind_for(model)
    if kind is not None:
        outbox.enqueue(update_entry, kind.name, pk)


def deleted(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """post_delete of a searchable model. Deletions are the one write that reaches
    search by a signal: a cascade (a product page deleted in Wagtail takes its reviews
    along) deletes rows that no service sees."""
    changed(sender, instance.pk)
