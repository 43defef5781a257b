"""SQLite: FTS5's `rank` column as bm25 with the title weighted 8 and the body 1.

With the weights stored in the index's own configuration, a query reads `rank` (or
orders by it) instead of calling bm25() with the weights itself. PostgreSQL ranks with
ts_rank_cd on the weighted tsvector and needs nothing here.
"""

from django.db import migrations


def _set_rank(function):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', %s)", [function]
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(_set_rank("bm25(8.0, 1.0)"), _set_rank("bm25()"))]
