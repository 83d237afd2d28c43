from django.db import migrations

from accounts.roles import sync_roles_in_migration


class Migration(migrations.Migration):
    """Coordinators also write, publish and moderate: give their group the report and comment permissions."""

    dependencies = [
        ("reports", "0001_initial"),
        ("discussion", "0001_initial"),
        ("campaigns", "0004_roles"),
    ]
    operations = [migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)]
