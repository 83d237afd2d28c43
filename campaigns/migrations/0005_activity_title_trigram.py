"""PostgreSQL only: a trigram index so that searching activities by content (the admin's search box,
`UPPER(title) LIKE UPPER('%…%')`) uses an index instead of reading a million rows. SQLite: nothing."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS activity_title_trgm_idx ON campaigns_activity USING gin (UPPER(title) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS activity_title_trgm_idx"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_roles")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
