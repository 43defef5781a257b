"""The full-text index learns the entries' facets and, on SQLite, their date order.

Facets: every entry's audience, municipality, network and kind become words of a column
(`qxa<audience> qxm<municipality> qxn<network> qxk<kind>`: no word of any language begins
with qx, and the search drops typed words that do) that the index itself intersects with
the query, so a filtered search reads only the matching entries of the filter instead of
every match of the words. The SQL filters stay, and stay the authority on who sees what.

SQLite: the FTS5 table's rowid becomes `fts_key`, the entry's minute since 1970 in the
high bits and its id in the low 32 bits: unique, and ordered like the entries' dates, so
"newest first" is a walk along the index, never a sort. The titles get a second, small
FTS5 index of their own (same keys): "every word in the title" then reads a list of
titles instead of every body that has the words.

PostgreSQL: the tsvector gains the facet words (weight D), and the title gets a small
tsvector and GIN index of its own, for "every word in the title" without reading the
whole text.

Both expressions are mirrored in ravabet/search/facets.py; a test checks they agree.
"""

from django.db import migrations

# Kind names are dotted (`newsroom.item`); the tokenizers split on dots and underscores,
# so they are removed to keep each facet one word.
SQLITE_FACETS = (
    "'qxa' || audience"
    " || ' qxk' || replace(replace(replace(kind, '.', ''), '_', ''), '-', '')"
    " || ' qxm' || COALESCE(municipality_id, 0)"
    " || ' qxn' || COALESCE(network_id, 0)"
)
# `%%s` because Django's SQLite cursor reads `%s` as a parameter marker. Dates before 1970
# (and none) count as minute 0: they sort by id among themselves, and a date range's keys
# take them all in, for the SQL filter to decide.
SQLITE_FTS_KEY = (
    "((MAX(COALESCE(CAST(strftime('%%s', date) AS INTEGER), 0), 0) / 60) << 32) + id"
)

SQLITE_DROP_0002 = [
    "DROP TRIGGER IF EXISTS search_title_fts_update",
    "DROP TRIGGER IF EXISTS search_title_fts_delete",
    "DROP TRIGGER IF EXISTS search_title_fts_insert",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
SQLITE_TITLES = [
    """CREATE VIRTUAL TABLE search_title_fts USING fts5(
        title_norm, facets,
        content='search_searchentry', content_rowid='fts_key',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_title_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_title_fts(rowid, title_norm, facets)
        VALUES (new.fts_key, new.title_norm, new.facets);
    END""",
    """CREATE TRIGGER search_title_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_title_fts(search_title_fts, rowid, title_norm, facets)
        VALUES ('delete', old.fts_key, old.title_norm, old.facets);
    END""",
    """CREATE TRIGGER search_title_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_title_fts(search_title_fts, rowid, title_norm, facets)
        VALUES ('delete', old.fts_key, old.title_norm, old.facets);
        INSERT INTO search_title_fts(rowid, title_norm, facets)
        VALUES (new.fts_key, new.title_norm, new.facets);
    END""",
    "INSERT INTO search_title_fts(search_title_fts) VALUES ('rebuild')",
]
SQLITE_FORWARD = [
    *SQLITE_DROP_0002,
    f"ALTER TABLE search_searchentry ADD COLUMN fts_key INTEGER "
    f"GENERATED ALWAYS AS ({SQLITE_FTS_KEY}) VIRTUAL",
    f"ALTER TABLE search_searchentry ADD COLUMN facets TEXT "
    f"GENERATED ALWAYS AS ({SQLITE_FACETS}) VIRTUAL",
    "CREATE UNIQUE INDEX search_entry_fts_key ON search_searchentry (fts_key)",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_norm, body_norm, facets,
        content='search_searchentry', content_rowid='fts_key',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_norm, body_norm, facets)
        VALUES (new.fts_key, new.title_norm, new.body_norm, new.facets);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_norm, body_norm, facets)
        VALUES ('delete', old.fts_key, old.title_norm, old.body_norm, old.facets);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_norm, body_norm, facets)
        VALUES ('delete', old.fts_key, old.title_norm, old.body_norm, old.facets);
        INSERT INTO search_fts(rowid, title_norm, body_norm, facets)
        VALUES (new.fts_key, new.title_norm, new.body_norm, new.facets);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    *SQLITE_TITLES,
]
SQLITE_BACKWARD = [
    *SQLITE_DROP_0002,
    "DROP INDEX IF EXISTS search_entry_fts_key",
    "ALTER TABLE search_searchentry DROP COLUMN facets",
    "ALTER TABLE search_searchentry DROP COLUMN fts_key",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_norm, body_norm,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_norm, body_norm)
        VALUES (new.id, new.title_norm, new.body_norm);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_norm, body_norm)
        VALUES ('delete', old.id, old.title_norm, old.body_norm);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_norm, body_norm)
        VALUES ('delete', old.id, old.title_norm, old.body_norm);
        INSERT INTO search_fts(rowid, title_norm, body_norm)
        VALUES (new.id, new.title_norm, new.body_norm);
    END""",
    "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0)')",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]

POSTGRES_FACETS = (
    "'qxa' || audience"
    " || ' qxk' || translate(kind, '._-', '')"
    " || ' qxm' || COALESCE(municipality_id, 0)::text"
    " || ' qxn' || COALESCE(network_id, 0)::text"
)
POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    # One vector with the facet words too: GIN then intersects a word with a town inside
    # one index scan, skipping through the long lists instead of reading them whole.
    f"""ALTER TABLE search_searchentry
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title_norm), 'A')
            || setweight(to_tsvector('simple', body_norm), 'B')
            || setweight(to_tsvector('simple', {POSTGRES_FACETS}), 'D')
        ) STORED,
        ADD COLUMN title_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('simple', title_norm)) STORED""",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_title_gin ON search_searchentry USING gin (title_vector)",
    # Newest first, as the searches walk it.
    "CREATE INDEX search_entry_newest ON search_searchentry (date DESC NULLS LAST, id DESC)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_newest",
    "DROP INDEX IF EXISTS search_entry_title_gin",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title_norm), 'A')
            || setweight(to_tsvector('simple', body_norm), 'B')
        ) STORED""",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fts_rank")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
