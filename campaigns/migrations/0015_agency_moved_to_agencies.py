
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_agency_moved_to_agencies'),
        ('agencies', '0001_initial'),
        ('campaigns', '0014_agency_tables_renamed'),
        ('discussion', '0005_agency_moved_to_agencies'),
        ('reports', '0008_agency_moved_to_agencies'),
    ]

    operations = [
        # The agency model moved to the agencies app (its table already renamed by campaigns 0014): state only.
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='reminderlog',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.agency'),
        ),
        migrations.AlterField(
            model_name='historicalsubmission',
            name='agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='import_batches', to='agencies.agency', verbose_name='cơ quan của người nhập'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='agencies.agency', verbose_name='cơ quan, đơn vị thực hiện'),
        ),
        migrations.RemoveField(
            model_name='historicalagency',
            name='parent',
        ),
        migrations.AlterField(
            model_name='historicaltask',
            name='lead_agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan chủ trì'),
        ),
        migrations.AlterField(
            model_name='task',
            name='lead_agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='led_tasks', to='agencies.agency', verbose_name='cơ quan chủ trì'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='agencies.agency', verbose_name='cơ quan'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='issuing_agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='agencies.agency', verbose_name='cơ quan ban hành'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan, đơn vị thực hiện'),
        ),
        migrations.AlterField(
            model_name='historicalplan',
            name='issuing_agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan ban hành'),
        ),
        migrations.RemoveField(
            model_name='historicalagency',
            name='history_user',
        ),
        migrations.AlterModelOptions(
            name='activity',
            options={'ordering': ['-date', '-id'], 'verbose_name': 'kết quả thực hiện', 'verbose_name_plural': 'kết quả thực hiện'},
        ),
        migrations.AlterField(
            model_name='reportingperiod',
            name='expected_agencies',
            field=models.ManyToManyField(related_name='reporting_periods', through='campaigns.Submission', to='agencies.agency', verbose_name='cơ quan phải báo cáo'),
        ),
        migrations.AlterField(
            model_name='task',
            name='coordinating_agencies',
            field=models.ManyToManyField(blank=True, related_name='coordinated_tasks', to='agencies.agency', verbose_name='cơ quan phối hợp'),
        ),
        migrations.DeleteModel(
            name='Agency',
        ),
        migrations.DeleteModel(
            name='HistoricalAgency',
        ),
            ]),
    ]
