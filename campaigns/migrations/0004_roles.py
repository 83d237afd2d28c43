from django.db import migrations

from accounts.roles import sync_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_activity_task_in_plan_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)]
