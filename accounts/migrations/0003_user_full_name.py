from django.db import migrations, models


def fill_full_name(apps, schema_editor):
    """Accounts made before keep the name they showed: first_name and last_name as they read."""
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(full_name="").exclude(first_name="", last_name=""):
        user.full_name = f"{user.first_name} {user.last_name}".strip()
        user.save(update_fields=["full_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='full_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='họ và tên'),
        ),
        migrations.RunPython(fill_full_name, migrations.RunPython.noop),
    ]
