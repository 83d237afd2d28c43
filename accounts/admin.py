from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.spreadsheet_admin import SpreadsheetImport, SpreadsheetImportMixin

from . import spreadsheets
from .access import can_change_account, editable_accounts, fixed_fields, visible_accounts
from .emails import welcome_emails_send, welcome_failures_message
from .forms import StaffChangeForm, StaffCreationForm, StaffManageForm, StaffPasswordChangeForm
from .models import User
from .roles import ROLES
from .two_factor import StaffLoginForm

admin.site.login_form = StaffLoginForm  # password, then the code for accounts with two-step login on

PERMISSION_ACTIONS = {"add": _("Thêm"), "change": _("Sửa"), "delete": _("Xóa"), "view": _("Xem")}


def permission_label(permission):
    """"Thông tin, tuyên truyền CCHC | Sửa kết quả thực hiện" rather than Django's stored English name
    ("… | kết quả thực hiện | Can change kết quả thực hiện"): the name is written in the database in
    English when the permission is created, so no catalog reaches it."""
    content_type = permission.content_type
    model = content_type.model_class()
    app = model._meta.app_config.verbose_name if model else content_type.app_label
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        recorded = getattr(model, "instance_type", None)  # django-simple-history's "historical …" models
        name = _("lịch sử %s") % recorded._meta.verbose_name if recorded else model._meta.verbose_name
        return f"{app} | {PERMISSION_ACTIONS[action]} {name}"
    return f"{app} | {gettext(permission.name)}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SignInFilter(admin.SimpleListFilter):
    """"Theo tình trạng đăng nhập: Được đăng nhập / Đã khóa" rather than "Bởi được đăng nhập: Có / Không"."""

    title = _("tình trạng đăng nhập")
    parameter_name = "dang-nhap"

    def lookups(self, request, model_admin):
        return [("duoc", _("Được đăng nhập")), ("khoa", _("Đã khóa"))]

    def queryset(self, request, queryset):
        if self.value() in ("duoc", "khoa"):
            return queryset.filter(is_active=self.value() == "duoc")
        return queryset


STAFF_IMPORT = SpreadsheetImport(
    title="Nhập tài khoản cán bộ từ Excel", file_stem="tai-khoan-can-bo", columns=spreadsheets.COLUMNS,
    steps=["Mỗi cán bộ một dòng: họ và tên, email công vụ, cơ quan, đơn vị (tên hoặc mã; bắt buộc với cán bộ nhập "
           "liệu, chỉ đơn vị đang hoạt động), vai trò (chỉ vai trò bạn được cấp). Tên đăng nhập để trống thì dùng "
           "email.",
           "Mỗi email chỉ dùng cho một tài khoản (không phân biệt chữ hoa, chữ thường), kể cả các tài khoản đã có.",
           "Sau khi lưu, mỗi tài khoản mới nhận email có đường liên kết để tự đặt mật khẩu; không ai khác biết "
           "mật khẩu đó."],
    may_import=spreadsheets.may_import, template=spreadsheets.template_workbook, read=spreadsheets.read_staff,
    save=spreadsheets.staff_import, problems=spreadsheets.problems_workbook, describe=spreadsheets.describe,
    done=lambda accounts: (
        _("Đã tạo %(count)d tài khoản cán bộ từ Excel và gửi email đặt mật khẩu tới từng người.")
        if all(getattr(account, "welcome_email_sent", False) for account in accounts)
        else _("Đã tạo %(count)d tài khoản cán bộ từ Excel.")) % {"count": len(accounts)},
    warning=welcome_failures_message,
)


@admin.register(User)
class UserAdmin(SpreadsheetImportMixin, PermissionLabelsMixin, DjangoUserAdmin):
    """Cán bộ. A superuser has Django's whole form. A provincial coordinator manages the province's staff
    through accounts.access (which accounts, which roles) and StaffManageForm (which fields): every page,
    the list's actions included, asks the same rules, so a forged POST changes nothing it may not.
    Accounts have no django-simple-history table: each change made here is in the admin's log (LogEntry,
    the "Lịch sử" button of an account), the actions' too."""

    form = StaffChangeForm
    add_form = StaffCreationForm
    change_password_form = StaffPasswordChangeForm
    list_display = ("username", "full_name_display", "agency", "role_display", "is_staff", "is_active",
                    "last_login_display")
    list_filter = ("is_staff", "is_superuser", SignInFilter, "groups", "agency")
    list_select_related = ("agency",)
    search_fields = ("username", "full_name", "first_name", "last_name", "email", "agency__name")
    ordering = ("username",)
    autocomplete_fields = ("agency",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "agency")}),
        (_("Vai trò và quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "role", "agency")}),
    )
    # What a coordinator changes (StaffManageForm).
    managed_fieldsets = (
        (None, {"fields": ("username", "full_name", "email")}),
        (_("Cơ quan và vai trò"), {"fields": ("agency", "role", "is_active")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    actions = ["resend_welcome_email", "deactivate_accounts"]
    spreadsheet_import = STAFF_IMPORT

    def get_queryset(self, request):
        return visible_accounts(super().get_queryset(request), request.user).prefetch_related("groups")

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or visible_accounts(User.objects.filter(pk=obj.pk), request.user).exists())

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_change_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or can_change_account(request.user, obj))

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if request.user.is_superuser else tuple(name for name in shown if name != "is_staff")

    def get_list_filter(self, request):
        shown = super().get_list_filter(request)
        return shown if request.user.is_superuser else tuple(f for f in shown if f not in ("is_staff", "is_superuser"))

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.managed_fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None or request.user.is_superuser:
            return fields
        return (*fields, *fixed_fields(request.user, obj), "last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = StaffManageForm
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})  # the roles it may give are theirs

    def user_change_password(self, request, id, form_url=""):
        """Only a superuser types someone else's password; a coordinator resends the set-password link,
        so that nobody but the officer ever knows it."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.display(description=_("vai trò"))
    def role_display(self, obj):
        names = [group.name for group in obj.groups.all() if group.name in ROLES.values()]
        return ", ".join(names) or ("Quản trị hệ thống" if obj.is_superuser else "—")

    @admin.display(description=_("đăng nhập lần cuối"), ordering="last_login")
    def last_login_display(self, obj):
        """The day only, and "chưa đăng nhập" for an officer who has not yet used their link."""
        return date_format(timezone.localtime(obj.last_login), "d/m/Y") if obj.last_login else _("chưa đăng nhập")

    @admin.display(description=_("họ và tên"), ordering="full_name")
    def full_name_display(self, obj):
        return obj.get_full_name() or "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # After the transaction commits (still inside the request, before the messages are stored):
            # no email for an account that is then rolled back.
            transaction.on_commit(lambda: self._welcome(request, obj))

    def _welcome(self, request, obj):
        welcome_emails_send([obj])
        if failed := welcome_failures_message([obj]):
            self.message_user(request, failed, messages.WARNING)
        else:
            self.message_user(request, _("Đã gửi email tới %(email)s: %(name)s bấm đường liên kết trong đó để tự "
                                         "đặt mật khẩu rồi đăng nhập.") % {"email": obj.email,
                                                                            "name": obj.get_full_name()},
                              messages.INFO)

    @admin.action(description=_("Gửi lại email đặt mật khẩu"), permissions=["change"])
    def resend_welcome_email(self, request, queryset):
        users = [user for user in editable_accounts(queryset, request.user) if user.email and user.is_active]
        failed = welcome_emails_send(users)
        sent = [user for user in users if user.welcome_email_sent]
        for user in sent:
            self.log_change(request, user, gettext("Đã gửi lại email đặt mật khẩu tới %(email)s.")
                            % {"email": user.email})
        self.message_user(request, _("Đã gửi email đặt mật khẩu tới %(count)d tài khoản.") % {"count": len(sent)})
        if failed:
            self.message_user(request, welcome_failures_message(users), messages.WARNING)

    @admin.action(description=_("Khóa tài khoản (không cho đăng nhập nữa)"), permissions=["change"])
    def deactivate_accounts(self, request, queryset):
        """The account stays, with everything its owner entered; it only stops signing in."""
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, _("Không thể tự khóa tài khoản của mình."), messages.ERROR)
        with transaction.atomic():
            users = list(editable_accounts(queryset, request.user).exclude(pk=request.user.pk)
                         .filter(is_active=True).select_for_update(of=("self",)))  # the list joins agencies
            User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
            for user in users:
                self.log_change(request, user, gettext("Đã khóa tài khoản (không cho đăng nhập nữa)."))
        self.message_user(request, _("Đã khóa %(count)d tài khoản.") % {"count": len(users)})


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, DjangoGroupAdmin):
    pass


def _when(value):
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else "—"


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """An officer turns two-step login on and off on their own page (Xác thực hai bước). Here a superuser
    only sees whose phones are enrolled and deletes the device of a lost phone, so that its owner can
    sign in with the password and enrol the new phone. The secret key is never shown."""

    list_display = ("user_display", "device_name", "confirmed_display", "created_display", "last_used_display")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    search_fields = ("user__username", "user__full_name", "user__email")
    search_help_text = _("Tìm theo tên đăng nhập, họ và tên hoặc email")
    fields = ("user_display", "device_name", "confirmed_display", "created_display", "last_used_display")
    readonly_fields = fields

    @admin.display(description=_("cán bộ"), ordering="user__username")
    def user_display(self, obj):
        return obj.user

    @admin.display(description=_("tên thiết bị"))
    def device_name(self, obj):
        return obj.name

    @admin.display(description=_("đã bật"), boolean=True)
    def confirmed_display(self, obj):
        return obj.confirmed

    @admin.display(description=_("bật lúc"), ordering="created_at")
    def created_display(self, obj):
        return _when(obj.created_at)

    @admin.display(description=_("dùng lần cuối"), ordering="last_used_at")
    def last_used_display(self, obj):
        return _when(obj.last_used_at)

    def get_fields(self, request, obj=None):
        return self.fields if obj else ("user", "name")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Adding by hand makes an unconfirmed device: its owner still confirms it with a code on the
        # two-step page, which then uses this device. Labels of django-otp's fields are English only.
        kwargs["labels"] = {"user": _("cán bộ"), "name": _("tên thiết bị")}
        kwargs["help_texts"] = {"user": "", "name": ""}
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False
