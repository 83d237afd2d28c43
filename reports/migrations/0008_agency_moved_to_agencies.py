
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('reports', '0007_search_fold_splits_paths'),
    ]

    operations = [
        # The agency model moved to the agencies app (its table already renamed by campaigns 0014): state only.
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='historicalreport',
            name='issuing_agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan ban hành'),
        ),
        migrations.AlterField(
            model_name='report',
            name='issuing_agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='agencies.agency', verbose_name='cơ quan ban hành'),
        ),
            ]),
    ]
