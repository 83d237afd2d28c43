from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from core.dates import vn_datetime

# Apps that name themselves in English only (no verbose_name, or a plain string no catalog reaches):
# the admin's index, breadcrumbs and permission lists show these Vietnamese names instead. The login
# apps are this app's business (django-axes records sign-ins, django-otp the two-step devices).
APP_NAMES = {
    "axes": _("Nhật ký đăng nhập"),
    "otp_totp": _("Xác thực hai bước"),
    "django_otp": _("Xác thực hai bước"),
    "django_comments": _("Bình luận (dữ liệu gốc)"),
}


def _name_login_records():
    """django-axes' records describe themselves in English ("Access Log for admin @ 2026-…"), shown as
    the title of their pages: say it in Vietnamese."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def when(value):
        return vn_datetime(value, "—", seconds=True)

    AccessAttempt.__str__ = lambda self: f"{self.username or '—'}, {when(self.attempt_time)}"
    AccessLog.__str__ = lambda self: f"{self.username or '—'}, {when(self.attempt_time)}"
    AccessFailureLog.__str__ = lambda self: f"{self.username or '—'}, {when(self.attempt_time)}"
    # The rows of "which groups a user is in" and "which permissions a group has", listed when a group
    # or user is deleted ("User_groups object (2)").
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    User.groups.through.__str__ = lambda self: f"{self.user} – {self.group}"
    User.user_permissions.through.__str__ = lambda self: f"{self.user} – {self.permission.name}"
    Group.permissions.through.__str__ = lambda self: f"{self.group} – {self.permission.codename}"
    TOTPDevice._meta.verbose_name = _("thiết bị xác thực hai bước")
    TOTPDevice._meta.verbose_name_plural = _("thiết bị xác thực hai bước")


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản cán bộ")
    # Coordinators manage the province's staff accounts (accounts.access says which); nobody deletes one:
    # an account is locked ("Được đăng nhập" unticked) and keeps the history of what its owner entered.
    role_permissions = {"coordinator": ["view_user", "add_user", "change_user"]}

    def ready(self):
        from django.db.models.signals import post_migrate

        from .access import register_rules
        from .roles import sync_roles_after_migrate

        register_rules()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        for label, name in APP_NAMES.items():
            if label in apps.app_configs:
                apps.app_configs[label].verbose_name = name
        _name_login_records()
