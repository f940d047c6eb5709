"""The full-text structures of the database engine, different on each database and
kept in step with search_entry by the database itself.

On SQLite, beware: a later migration that makes Django rebuild search_entry drops
the triggers below; recreate them in that migration.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor only; the others skip it."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


POSTGRES = [
    """
    ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('german'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, body), 'B')
        || setweight(to_tsvector('german'::regconfig, body), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
    "CREATE INDEX search_entry_title_trigram ON search_entry USING gin (upper(title) gin_trgm_ops)",
    # Nearest titles first (similar ideas): only GiST orders by trigram distance.
    "CREATE INDEX search_entry_title_nearest ON search_entry USING gist (upper(title) gist_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX search_entry_title_nearest",
    "DROP INDEX search_entry_title_trigram",
    "DROP INDEX search_entry_document",
    "ALTER TABLE search_entry DROP COLUMN document",
]

SQLITE = [
    """
    CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        title, body, content='search_entry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF title, body ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_fts_update",
    "DROP TRIGGER search_entry_fts_delete",
    "DROP TRIGGER search_entry_fts_insert",
    "DROP TABLE search_entry_fts",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]

    operations = [
        TrigramExtension(),
        RunSQLOn("postgresql", POSTGRES, POSTGRES_REVERSE),
        RunSQLOn("sqlite", SQLITE, SQLITE_REVERSE),
    ]
