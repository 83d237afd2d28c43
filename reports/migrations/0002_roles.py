from django.db import migrations


class Migration(migrations.Migration):
    """Coordinators also write, publish and moderate: give their group the report and comment permissions."""

    dependencies = [
        ("reports", "0001_initial"),
        ("discussion", "0001_initial"),
        ("campaigns", "0004_roles"),
    ]
    # Roles are synced after every migrate (accounts.roles, a post_migrate receiver): this step stands still.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
