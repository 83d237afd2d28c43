"""PostgreSQL only: the index the public search reads approved comments through (reports/search.py writes
its comment condition with exactly this expression; `cchc_fold` comes from campaigns 0013). Without it a
search reads every comment. SQLite: nothing."""

from django.db import migrations

INDEX = ("CREATE INDEX IF NOT EXISTS comment_search_idx ON discussion_citizencomment USING gin "
         "(to_tsvector('simple'::regconfig, cchc_fold(comment || ' ' || answer))) WHERE is_public AND NOT is_removed")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS comment_search_idx")


class Migration(migrations.Migration):
    dependencies = [("discussion", "0002_citizen_followup"), ("campaigns", "0013_search_fold")]
    operations = [migrations.RunPython(create, drop)]
