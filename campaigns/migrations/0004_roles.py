from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_activity_task_in_plan_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    # Roles are synced after every migrate (accounts.roles, a post_migrate receiver): this step stands still.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
