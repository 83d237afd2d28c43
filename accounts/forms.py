"""Staff account forms: creating an account for an officer (always a staff account, in a role, with a
welcome email instead of a password typed by someone else), changing one (the superuser's full form, the
coordinator's narrower one), and resetting a password."""

import logging

from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, PasswordResetForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .access import fixed_fields, grantable_roles
from .emails import send_account_email
from .models import User
from .roles import AGENCY_HEAD, COORDINATOR, DATA_ENTRY, ROLES

logger = logging.getLogger(__name__)

ROLE_CHOICES = [
    (DATA_ENTRY, _("Cán bộ nhập liệu của một cơ quan, đơn vị")),
    (AGENCY_HEAD, _("Lãnh đạo cơ quan, đơn vị (xác nhận báo cáo của cơ quan trước khi gửi duyệt, khi tỉnh bật "
                    "bước này)")),
    (COORDINATOR, _("Điều phối cấp tỉnh (xem, sửa dữ liệu mọi cơ quan; duyệt báo cáo)")),
]


class RoleFormMixin:
    """The role of an account, as a choice among the roles the person filling the form may give
    (accounts.access.grantable_roles): a forged value is "not one of the available choices". The admin
    sets `editor` on the form class. Shared by the form that creates an account and the coordinator's
    form that changes one, with the rules both need."""

    editor = None

    def _limit_roles(self):
        allowed = grantable_roles(self.editor) if self.editor is not None else [name for name, _l in ROLE_CHOICES]
        self.fields["role"].choices = [(name, label) for name, label in ROLE_CHOICES if name in allowed]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Email này đã dùng cho một tài khoản khác."), code="email_taken")
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == DATA_ENTRY and not cleaned.get("agency"):
            self.add_error("agency", forms.ValidationError(
                _("Cán bộ nhập liệu cần thuộc một cơ quan, đơn vị: họ chỉ xem và sửa dữ liệu của cơ quan đó."),
                code="agency_required"))
        if cleaned.get("role") == AGENCY_HEAD and not cleaned.get("agency"):
            self.add_error("agency", forms.ValidationError(
                _("Lãnh đạo cơ quan cần thuộc một cơ quan, đơn vị: họ chỉ xác nhận báo cáo của cơ quan đó."),
                code="agency_required"))
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        # The role replaces the other role; any other group (given by a superuser) stays as it was.
        self.instance.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
        self.instance.groups.add(Group.objects.get(name=self.cleaned_data["role"]))


class StaffCreationForm(RoleFormMixin, forms.ModelForm):
    """A new officer's account. It is a staff account (it opens the admin: without that the right
    password is refused like a wrong one), gets the role's group, and has no password yet: the officer
    chooses one through the link in the welcome email, so nobody else ever knows it."""

    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES, initial=DATA_ENTRY,
                             widget=forms.RadioSelect)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "role", "agency")
        help_texts = {"username": _("Dùng để đăng nhập, ví dụ nguyenvanan. Chỉ gồm chữ, số và @ . + - _.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_roles()
        self.fields["full_name"].required = True
        self.fields["full_name"].help_text = _("Theo thứ tự họ, tên đệm, tên, ví dụ Nguyễn Văn An.")
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Email công vụ: tài khoản nhận tại đây đường liên kết để tự đặt mật "
                                           "khẩu, và sau này để lấy lại mật khẩu khi quên.")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = True
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class StaffManageForm(RoleFormMixin, forms.ModelForm):
    """A coordinator's change form: name, email, agency, role, "Được đăng nhập". No superuser box, no
    groups or permissions, no password (the officer sets it from a link; "Gửi lại email đặt mật khẩu"
    sends a new one). The account stays a staff account. Their own account they may correct but not
    lock or move to another role; the user name and email of a coordinator's account are fixed
    (accounts.access.fixed_fields)."""

    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "agency", "role", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_roles()
        held = [name for name in self.instance.groups.values_list("name", flat=True) if name in ROLES.values()]
        self.initial.setdefault("role", COORDINATOR if COORDINATOR in held else (held[0] if held else None))
        if not self.instance.full_name:  # an account made before the one-field name (given + family name)
            self.initial["full_name"] = self.instance.get_full_name()
        self.fields["full_name"].required = True
        if "email" in self.fields:
            self.fields["email"].help_text = _("Email công vụ: đường liên kết đặt mật khẩu được gửi tới đây.")
        for name in fixed_fields(self.editor, self.instance) if self.editor is not None else ():
            if name in self.fields:  # a posted value is ignored (the admin leaves them out: read-only)
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        own = self.editor is not None and self.instance.pk == self.editor.pk
        if own and (not cleaned.get("is_active") or cleaned.get("role", self.initial["role"]) != self.initial["role"]):
            raise forms.ValidationError(
                _("Không thể tự khóa tài khoản hay tự đổi vai trò của mình: việc đó do một cán bộ điều phối "
                  "khác hoặc quản trị hệ thống làm."), code="own_account")
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = True
        if commit:
            user.save()
            self.save_m2m()
        return user


class StaffChangeForm(UserChangeForm):
    """Says why instead of leaving an account that cannot sign in: an officer with an agency or a role
    must be a staff account; to stop someone signing in, untick "Được đăng nhập" (is_active)."""

    def clean(self):
        cleaned = super().clean()
        in_role = cleaned.get("agency") or (cleaned.get("groups") and cleaned["groups"].exists())
        if "is_staff" in self.fields and cleaned.get("is_active") and in_role and not cleaned.get("is_staff"):
            self.add_error("is_staff", forms.ValidationError(
                _("Tài khoản có cơ quan hoặc vai trò phải có “Quyền vào trang quản trị” thì mới đăng nhập "
                  "được (không có dấu này, mật khẩu đúng cũng bị báo là sai). Muốn khóa tài khoản, hãy bỏ dấu "
                  "“Được đăng nhập”."), code="staff_required"))
        return cleaned


class StaffPasswordChangeForm(AdminPasswordChangeForm):
    """Django appends an untranslatable English warning to this help text; ours says it in Vietnamese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = _(
                "Tắt: tài khoản không đăng nhập được bằng mật khẩu nữa và mật khẩu hiện tại bị xóa.")


class StaffPasswordResetForm(PasswordResetForm):
    """"Quên mật khẩu?": also for an account that has not yet used its welcome link (no password yet;
    Django's form skips those), and the link is built from SITE_URL. The page says the same whether or
    not the email belongs to an account."""

    def get_users(self, email):
        return (user for user in User._default_manager.filter(email__iexact=email, is_active=True, is_staff=True)
                if user.email.casefold() == email.casefold())

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        try:
            send_account_email(context["user"], "password_reset_email")
        except Exception:  # as Django's form does: the page must not tell whether an account exists
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class NotificationSettingsForm(forms.ModelForm):
    """The user's own choice of emails (accounts.views.notification_settings): nothing else of the account."""

    class Meta:
        model = User
        fields = ["cycle_emails"]
