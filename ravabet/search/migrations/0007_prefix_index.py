"""SQLite's full-text indexes keep prefix indexes for the last word typed.

The search takes a last bare word of four letters or more as a prefix (query.PREFIX_FROM).
Without a prefix index FTS5 answers `"ایران"*` by reading and merging the whole lists of
every word that begins so (ایران، ایرانی، ایرانیان …) before it can give the first row:
81 ms with 96,000 news items indexed, where the word alone takes 0.1 ms. A prefix index holds
one list per prefix, walked newest first like a word's and stopped at the page's end.
FTS5 uses a prefix index only for a prefix of exactly its length, so there is one for
each length people type (four to eight letters: 95 % of the title words of four letters
or more in the news); a longer prefix is rare and has few words to merge.

Both tables are made again (FTS5 cannot add the option to a table) and rebuilt from the
entries; the columns, keys and triggers are those of migration 0004. PostgreSQL needs
nothing: its GIN index answers a `:*` prefix itself.
"""

from django.db import migrations

PREFIX = "4 5 6 7 8"
TABLES = {
    "search_fts": "title_norm, body_norm, facets",
    "search_title_fts": "title_norm, facets",
}


def _statements(prefix: str | None) -> list[str]:
    option = f", prefix='{prefix}'" if prefix else ""
    statements = []
    for table, columns in TABLES.items():
        new = ", ".join(f"new.{c}" for c in columns.split(", "))
        old = ", ".join(f"old.{c}" for c in columns.split(", "))
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_update",
            f"DROP TRIGGER IF EXISTS {table}_delete",
            f"DROP TRIGGER IF EXISTS {table}_insert",
            f"DROP TABLE IF EXISTS {table}",
            f"""CREATE VIRTUAL TABLE {table} USING fts5(
                {columns},
                content='search_searchentry', content_rowid='fts_key',
                tokenize='unicode61 remove_diacritics 2'{option}
            )""",
            f"""CREATE TRIGGER {table}_insert AFTER INSERT ON search_searchentry BEGIN
                INSERT INTO {table}(rowid, {columns}) VALUES (new.fts_key, {new});
            END""",
            f"""CREATE TRIGGER {table}_delete AFTER DELETE ON search_searchentry BEGIN
                INSERT INTO {table}({table}, rowid, {columns})
                VALUES ('delete', old.fts_key, {old});
            END""",
            f"""CREATE TRIGGER {table}_update AFTER UPDATE ON search_searchentry BEGIN
                INSERT INTO {table}({table}, rowid, {columns})
                VALUES ('delete', old.fts_key, {old});
                INSERT INTO {table}(rowid, {columns}) VALUES (new.fts_key, {new});
            END""",
            f"INSERT INTO {table}({table}) VALUES ('rebuild')",
        ]
    return statements


def _run(prefix):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in _statements(prefix):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_capitalized_choice_labels")]

    operations = [migrations.RunPython(_run(PREFIX), _run(None))]
