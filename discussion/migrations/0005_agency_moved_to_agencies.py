
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('discussion', '0004_reply_notified'),
    ]

    operations = [
        # The agency model moved to the agencies app (its table already renamed by campaigns 0014): state only.
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='citizencomment',
            name='answer_agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agencies.agency', verbose_name='cơ quan trả lời'),
        ),
        migrations.AlterField(
            model_name='citizencomment',
            name='responsible_agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='agencies.agency', verbose_name='cơ quan phải trả lời'),
        ),
            ]),
    ]
