"""PostgreSQL only: the public search's text rule and the indexes it reads plans and tasks through
(reports/search.py writes its conditions with exactly these expressions). `cchc_fold(text)`: lower case,
without diacritics ("Cải cách ĐẤT đai" → "cai cach dat dai", unaccent), declared IMMUTABLE with the
dictionary named, as unaccent's documentation advises, so that an index can be built on it. The text-search
parser then splits the words (HTML tags and entities are not words). SQLite: nothing."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cchc_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$
"""
INDEXES = [
    "CREATE INDEX IF NOT EXISTS plan_search_idx ON campaigns_plan USING gin (to_tsvector('simple'::regconfig,"
    " cchc_fold(title || ' ' || document_number || ' ' || summary || ' ' || body)))",
    "CREATE INDEX IF NOT EXISTS task_search_idx ON campaigns_task USING gin (to_tsvector('simple'::regconfig,"
    " cchc_fold(title || ' ' || description)))",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        (schema,) = cursor.fetchone()
    schema_editor.execute(FUNCTION.format(schema=schema))
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS plan_search_idx")
    schema_editor.execute("DROP INDEX IF EXISTS task_search_idx")
    schema_editor.execute("DROP FUNCTION IF EXISTS cchc_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0012_plan_slug_from_title")]
    operations = [migrations.RunPython(create, drop)]
