# Agency names sorted the Vietnamese way: on PostgreSQL a collation from ICU's "vi" (as its built-in
# "vi-x-icu"); on SQLite core.apps registers one by the same name on every connection
# (core.text.register_collation), so the migration does nothing there but set the column's collation.

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations, models


class CreateVietnameseCollation(CreateCollation):
    """Django's CreateCollation skips SQLite going forwards but not backwards (DROP COLLATION there fails)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_legal_basis_example'),
    ]

    operations = [
        CreateVietnameseCollation("vietnamese", provider="icu", locale="vi"),
        migrations.AlterField(
            model_name='agency',
            name='name',
            field=models.CharField(db_collation='vietnamese', max_length=255, unique=True, verbose_name='tên cơ quan, đơn vị'),
        ),
    ]
