
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_user_is_active_label'),
        ('agencies', '0001_initial'),
    ]

    operations = [
        # The agency model moved to the agencies app (its table already renamed by campaigns 0014): state only.
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='user',
            name='agency',
            field=models.ForeignKey(blank=True, help_text='Cán bộ nhập liệu chỉ xem và sửa được dữ liệu của cơ quan, đơn vị này.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='agencies.agency', verbose_name='cơ quan, đơn vị'),
        ),
            ]),
    ]
