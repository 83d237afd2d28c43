"""Agencies get their own app (they were campaigns.Agency): see campaigns 0014. The content types and the
coordinators' permission follow them, so admin log entries, history and granted permissions keep pointing at
the same rows."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _move(apps, schema_editor, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label=source, model__in=["agency", "historicalagency"]).update(
        app_label=target)
    # The coordinators' permission belonged to campaigns' activity model; it is the agency model's now.
    owner = (content_type.objects.using(db).filter(app_label=target, model="agency").first() if target == "agencies"
             else content_type.objects.using(db).filter(app_label="campaigns", model="activity").first())
    if owner is not None:
        permission.objects.using(db).filter(codename="manage_all_agencies").update(content_type=owner)


def content_types_follow(apps, schema_editor):
    _move(apps, schema_editor, "campaigns", "agencies")


def content_types_go_back(apps, schema_editor):
    _move(apps, schema_editor, "agencies", "campaigns")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("campaigns", "0014_agency_tables_renamed"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(content_types_follow, content_types_go_back),
        # Takes over the tables campaigns 0014 renamed (the rows stay): state only.
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='Agency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                ('name', models.CharField(max_length=255, unique=True, verbose_name='tên cơ quan, đơn vị')),
                ('short_name', models.CharField(blank=True, max_length=80, verbose_name='tên viết tắt')),
                ('kind', models.CharField(choices=[('ubnd_tinh', 'UBND tỉnh'), ('so_nganh', 'Sở, ban, ngành'), ('bao_chi', 'Cơ quan báo chí, đài'), ('cap_huyen', 'Cấp huyện (đến 30/6/2025)'), ('cap_xa', 'Cấp xã'), ('khac', 'Tổ chức khác')], default='so_nganh', max_length=20, verbose_name='loại')),
                ('is_active', models.BooleanField(default=True, help_text='Bỏ chọn khi cơ quan giải thể hoặc sáp nhập; dữ liệu cũ vẫn được giữ.', verbose_name='đang hoạt động')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='agencies.agency', verbose_name='cơ quan cấp trên')),
            ],
            options={
                'verbose_name': 'cơ quan, đơn vị',
                'verbose_name_plural': 'cơ quan, đơn vị',
                'ordering': ['kind', 'name'],
                'permissions': [('manage_all_agencies', 'Xem và sửa dữ liệu của mọi cơ quan (điều phối cấp tỉnh)')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAgency',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='cập nhật lúc')),
                ('name', models.CharField(db_index=True, max_length=255, verbose_name='tên cơ quan, đơn vị')),
                ('short_name', models.CharField(blank=True, max_length=80, verbose_name='tên viết tắt')),
                ('kind', models.CharField(choices=[('ubnd_tinh', 'UBND tỉnh'), ('so_nganh', 'Sở, ban, ngành'), ('bao_chi', 'Cơ quan báo chí, đài'), ('cap_huyen', 'Cấp huyện (đến 30/6/2025)'), ('cap_xa', 'Cấp xã'), ('khac', 'Tổ chức khác')], default='so_nganh', max_length=20, verbose_name='loại')),
                ('is_active', models.BooleanField(default=True, help_text='Bỏ chọn khi cơ quan giải thể hoặc sáp nhập; dữ liệu cũ vẫn được giữ.', verbose_name='đang hoạt động')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan cấp trên')),
            ],
            options={
                'verbose_name': 'historical cơ quan, đơn vị',
                'verbose_name_plural': 'historical cơ quan, đơn vị',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
            ]),
    ]
