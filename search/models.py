"""The database engine's index: one entry per searchable object, with its facet values.

The full-text structures are the database's own and kept in step by it: on
PostgreSQL a generated tsvector column (English and German, title weighted above
body) with a GIN index and a trigram index on titles; on SQLite an FTS5 table kept
by triggers. Both are created in migration 0002, which only the matching database runs.
"""

from django.db import models
from django.utils import timezone


class Entry(models.Model):
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)
    popularity = models.IntegerField(default=0)
    published_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=40)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_entry_per_object")]
        indexes = [
            models.Index(fields=["kind", "-popularity"], name="search_entry_popular"),
            models.Index(fields=["kind", "-published_at"], name="search_entry_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:40]}"


class EntryFacet(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=40)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_facet_lookup")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
