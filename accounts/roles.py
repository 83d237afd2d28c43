"""The staff roles (groups). Each app says in its AppConfig which of its permissions each role holds
(`role_permissions`, keyed "data_entry" / "agency_head" / "coordinator"), so this module names no higher app; every
`migrate` brings the groups in line (`sync_roles_after_migrate`, a post_migrate receiver wired in
accounts.apps), as does `manage.py setup_roles`."""

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

DATA_ENTRY = "Cán bộ nhập liệu"
COORDINATOR = "Điều phối cấp tỉnh"
# The head of a reporting agency: confirms its report before the coordinator reviews it, where the province
# turned that step on (REPORTING_AGENCY_CONFIRMATION, campaigns.cycle.submission_confirm).
AGENCY_HEAD = "Lãnh đạo cơ quan"
ROLES = {"data_entry": DATA_ENTRY, "agency_head": AGENCY_HEAD, "coordinator": COORDINATOR}

ROLE_DESCRIPTIONS = {
    DATA_ENTRY: _("Xem, thêm, sửa kết quả thực hiện của cơ quan mình; gửi báo cáo kỳ của cơ quan; trả lời "
                  "góp ý của người dân về các trang cơ quan ban hành."),
    AGENCY_HEAD: _("Xem kết quả thực hiện và báo cáo kỳ của cơ quan mình; xác nhận báo cáo cán bộ đã gửi, "
                   "hoặc trả lại cho cán bộ kèm lý do, trước khi điều phối viên duyệt (khi tỉnh bật bước "
                   "xác nhận của lãnh đạo cơ quan)."),
    COORDINATOR: _("Xem, sửa dữ liệu của mọi cơ quan; quản lý kỳ báo cáo, duyệt hoặc trả lại báo cáo; "
                   "công khai kế hoạch và báo cáo; quản lý tài khoản cán bộ của tỉnh."),
}


def role_permissions(app_registry=global_apps) -> dict[str, list[str]]:
    """{group name: ["app_label.codename", …]} gathered from every app's `role_permissions`."""
    wanted = {name: [] for name in ROLES.values()}
    for config in app_registry.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            wanted[ROLES[role]].extend(f"{config.label}.{codename}" for codename in codenames)
    return wanted


def sync_roles(group_model, permission_model, *, using="default") -> None:
    """Create or update the groups so they hold exactly the permissions the apps list (one query for the
    permissions, whatever their number)."""
    wanted = role_permissions()
    by_name = {f"{app_label}.{codename}": pk for pk, app_label, codename in permission_model.objects.using(using)
               .values_list("pk", "content_type__app_label", "codename")}
    for name, perms in wanted.items():
        group, _created = group_model.objects.using(using).get_or_create(name=name)
        group.permissions.set([by_name[perm] for perm in perms if perm in by_name])


def sync_roles_after_migrate(sender, *, using="default", **_kwargs):
    """post_migrate: once every app's permissions exist (Django creates them app by app, in the same
    signal), after the last app with models."""
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from django.contrib.auth.models import Group, Permission

    sync_roles(Group, Permission, using=using)
