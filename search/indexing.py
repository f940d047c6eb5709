"""Keeping the index in step: every save or deletion of a searchable object queues
an indexing task once the transaction commits (never before: the task must see
what was committed). Moderation decisions, merges and edits are all saves."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from community.moderation import services as moderation


def connect(kind) -> None:
    post_save.connect(_saved, sender=kind.model, weak=False, dispatch_uid=f"search-saved-{kind.name}")
    post_delete.connect(_changed, sender=kind.model, weak=False, dispatch_uid=f"search-deleted-{kind.name}")
    moderation.content_changed.connect(
        _changed, sender=kind.model, weak=False, dispatch_uid=f"search-moderated-{kind.name}"
    )
    for field_name in kind.also_on:
        through = getattr(kind.model, field_name).through
        m2m_changed.connect(_related, sender=through, weak=False, dispatch_uid=f"search-m2m-{kind.name}-{field_name}")


def queue(kind_name: str, pk: int) -> None:
    from search.tasks import update_entry

    update_entry.delay_on_commit(kind_name, pk)


def _saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    from search import registry

    kind = registry.kind_of(instance)
    if raw or kind is None:
        return
    if update_fields and kind.watched_fields and not set(update_fields) & kind.watched_fields:
        return
    queue(kind.name, instance.pk)


def _changed(sender, instance, **kwargs) -> None:
    """Deleted, or changed by moderation: the task decides whether it stays findable."""
    from search import registry

    kind = registry.kind_of(instance)
    if kind is not None:
        queue(kind.name, instance.pk)


def _related(sender, instance, action, reverse=False, pk_set=None, **kwargs) -> None:
    from search import registry

    if not action.startswith("post_"):
        return
    if not reverse:
        _saved(type(instance), instance)
        return
    for kind in registry.kinds():
        if any(getattr(kind.model, name).through is sender for name in kind.also_on):
            for pk in pk_set or ():
                queue(kind.name, pk)
