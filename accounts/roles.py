"""The two staff roles. Kept in code so a migration (and `manage.py setup_roles`) can (re)create them."""

from django.utils.translation import gettext_lazy as _

DATA_ENTRY = "Cán bộ nhập liệu"
COORDINATOR = "Điều phối cấp tỉnh"

ROLE_PERMISSIONS = {
    DATA_ENTRY: [
        "campaigns.view_agency", "campaigns.view_channel",
        "campaigns.view_plan", "campaigns.add_plan", "campaigns.change_plan",
        "campaigns.view_task", "campaigns.add_task", "campaigns.change_task", "campaigns.delete_task",
        "campaigns.view_activity", "campaigns.add_activity", "campaigns.change_activity",
        "campaigns.delete_activity",
        "campaigns.view_activityphoto", "campaigns.add_activityphoto", "campaigns.change_activityphoto",
        "campaigns.delete_activityphoto",
        "campaigns.view_activityevidence", "campaigns.add_activityevidence", "campaigns.change_activityevidence",
        "campaigns.delete_activityevidence",
        "campaigns.view_reportingperiod", "campaigns.view_submission", "campaigns.change_submission",
        # Citizens' approved questions on the agency's own pages, to answer (campaigns.scoping); moderating
        # (approve, reject: discussion.can_moderate) stays the coordinators'.
        "discussion.view_citizencomment", "discussion.change_citizencomment",
    ],
    COORDINATOR: [
        "campaigns.manage_all_agencies", "campaigns.publish_plan",
        "campaigns.view_agency", "campaigns.add_agency", "campaigns.change_agency",
        "campaigns.view_channel", "campaigns.add_channel", "campaigns.change_channel",
        "campaigns.view_plan", "campaigns.add_plan", "campaigns.change_plan", "campaigns.delete_plan",
        "campaigns.view_task", "campaigns.add_task", "campaigns.change_task", "campaigns.delete_task",
        "campaigns.view_activity", "campaigns.add_activity", "campaigns.change_activity",
        "campaigns.delete_activity",
        "campaigns.view_activityphoto", "campaigns.add_activityphoto", "campaigns.change_activityphoto",
        "campaigns.delete_activityphoto",
        "campaigns.view_activityevidence", "campaigns.add_activityevidence", "campaigns.change_activityevidence",
        "campaigns.delete_activityevidence",
        "campaigns.view_reportingperiod", "campaigns.add_reportingperiod", "campaigns.change_reportingperiod",
        "campaigns.delete_reportingperiod",
        "campaigns.view_submission", "campaigns.add_submission", "campaigns.change_submission",
        "campaigns.delete_submission", "campaigns.review_submission",
        "reports.view_report", "reports.add_report", "reports.change_report", "reports.delete_report",
        "reports.publish_report",
        "discussion.view_citizencomment", "discussion.change_citizencomment", "discussion.can_moderate",
    ],
}
ROLE_DESCRIPTIONS = {
    DATA_ENTRY: _("Xem, thêm, sửa kết quả thực hiện của cơ quan mình; gửi báo cáo kỳ của cơ quan; trả lời "
                  "góp ý của người dân về các trang cơ quan ban hành."),
    COORDINATOR: _("Xem, sửa dữ liệu của mọi cơ quan; quản lý kỳ báo cáo, duyệt hoặc trả lại báo cáo; "
                   "công khai kế hoạch và báo cáo."),
}


def sync_roles(group_model, permission_model):
    """Create or update the groups so they hold exactly the permissions listed above."""
    for name, perms in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                permission_model.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def sync_roles_in_migration(apps, schema_editor):
    """For data migrations: make sure every permission exists, then sync the groups."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
