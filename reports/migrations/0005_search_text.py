"""PostgreSQL only: the public search's one text rule, `cchc_search_text(text)`: lower case, without
diacritics (unaccent: "Cải cách ĐẤT đai" → "cai cach dat dai"), every run of other characters one space
("05/KH-UBND" → "05 kh ubnd"). Declared IMMUTABLE (with the dictionary named, as unaccent's own
documentation advises) so that an expression index can be built on it; reports/search.py writes its
queries with the same expression. SQLite: nothing (reports/search.py registers a Python function of the
same name on the connection)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cchc_search_text(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT regexp_replace(lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)),
                            '[^[:alnum:]]+', ' ', 'g') $$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        (schema,) = cursor.fetchone()
    schema_editor.execute(FUNCTION.format(schema=schema))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS cchc_search_text(text)")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_slug_from_title"), ("campaigns", "0005_activity_title_trigram")]
    operations = [migrations.RunPython(create, drop)]
