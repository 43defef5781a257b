"""Entries keep the record's text as written, for the excerpts shown with results.

`body_norm` is what the index reads; an excerpt cut from it has lost the ZWNJ, the
diacritics and the digits' script («خیابانهای» for «خیابان‌های»). The column is added with
a plain ALTER TABLE on both databases: Django's SQLite schema editor would copy the table
for a NOT NULL column with a default and lose the full-text index's own columns
(migrations 0002 and 0004). Entries indexed before this migration have an empty body
until they are indexed again (`manage.py rebuild_search_index`); their excerpts come from
`body_norm` meanwhile.
"""

from django.db import migrations, models

ADD = "ALTER TABLE search_searchentry ADD COLUMN body text NOT NULL DEFAULT ''"
DROP = "ALTER TABLE search_searchentry DROP COLUMN body"


class Migration(migrations.Migration):
    dependencies = [("search", "0004_ordered_faceted_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD, DROP)],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="body",
                    field=models.TextField(blank=True, default=""),
                )
            ],
        )
    ]
